/** The terms GET /api/glossary explains: this service's own words for what its endpoints work with. */
export const GLOSSARY: { title: string; markdown: string }[] = [
  {
    title: 'Bank',
    markdown:
      'A bank this API serves, named by its BANK_ID. Every customer belongs to one bank and is reachable only under ' +
      "that bank's BANK_ID.",
  },
  {
    title: 'Customer',
    markdown:
      'A person or company a bank knows, with its customer number (unique at the bank), contact details, credit ' +
      'data, addresses, tax residences, social media handles and attributes. A customer is not a user: a user is ' +
      'linked to the customers they are (`POST /banks/BANK_ID/user_customer_links`).',
  },
  {
    title: 'User',
    markdown:
      'Someone who calls the API: a local user with a password (`POST /users`, `admin create-user`), or a user of an ' +
      'OpenID Connect provider, created on first use and named by the provider (`provider`) and its subject ' +
      '(`provider_id`).',
  },
  {
    title: 'Consumer',
    markdown:
      'An application registered to call the API (`admin create-consumer`). Its consumer key identifies it at ' +
      "DirectLogin; an OpenID Connect client id linked to it identifies it in bearer tokens. Call limits are the consumer's.",
  },
  {
    title: 'Entitlement',
    markdown:
      'A role granted to a user: at one bank (a bank-level role, such as `CanCreateCustomer`) or at all banks (a ' +
      'system-level role, such as `CanCreateBank`). Endpoints list the roles any one of which lets a user call them.',
  },
  {
    title: 'Direct Login',
    markdown:
      'Log in with a username, password and consumer key (`POST /my/logins/direct`) and send the token it returns ' +
      'with every call: `DirectLogin: token=TOKEN`.',
  },
  {
    title: 'OAuth 2.0 bearer token',
    markdown:
      'An access token (a signed JWT) issued by an OpenID Connect provider this instance trusts, sent as ' +
      '`Authorization: Bearer TOKEN`. Its issuer, audience, lifetime and signature are checked; its `sub` names the user ' +
      'and its `azp` or `client_id` the consumer.',
  },
  {
    title: 'API version',
    markdown:
      'Endpoints are served under the OBP version prefixes (`/obp/v2.0.0` … `/obp/v5.1.0`) at which OBP serves the same ' +
      'implementation, so a client written for any of them works unchanged. `GET /obp/v4.0.0/api/versions` lists them.',
  },
];
