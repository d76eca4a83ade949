/**
 * The requests four independent OBP clients make, reproduced exactly (header forms, paths under the versions they
 * use, bodies), for every customer, user and entitlement call they make that OBP itself answers:
 * - OBP's python quickstart (OpenBankProject/obp-python-quickstart, obp_python/*.py: VERSION v4.0.0 for users, v3.1.0 elsewhere);
 * - OBP-CLI (OpenBankProject/OBP-CLI, obp_python/*.py);
 * - Hello-OBP-DirectLogin-Python (lib/obp.py with props/default.py: API_VERSION v2.0.0);
 * - a generated SDK (simonredfern/OBP-SDKs, OpenAPI Generator over OBP's OpenAPI document: each call under the version
 *   that implements it, `Authorization: DirectLogin token=…`, `Accept: application/json`).
 * The clients' code is not here; what they send is.
 */
import { beforeAll, expect, it } from 'vitest';
import { uniqueId } from './support/client';
import { postCustomerBody } from './support/customers';
import { createBank, createConsumer, createUserDirect, STRONG_PASSWORD } from './support/fixtures';
import { send, type RawResponse } from './support/fuzz';
import { describeEachBackend, type TestService } from './support/service';

const json = (r: RawResponse) => JSON.parse(r.text);

describeEachBackend(
  'real OBP clients',
  (get) => {
    let s: TestService;
    let bankId: string;
    let consumerKey: string;
    /** A user the operator created with the roles the clients' READMEs ask for. */
    let username: string;
    let userId: string;

    const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
      send(s.url, method, path, headers, body === undefined ? undefined : JSON.stringify(body));

    beforeAll(async () => {
      s = get();
      bankId = await createBank(s);
      consumerKey = (await createConsumer(s)).key;
      const user = await createUserDirect(s, uniqueId('client.'));
      username = user.username;
      userId = user.userId;
      for (const [role, bank] of [
        ['CanCreateEntitlementAtAnyBank', ''],
        ['CanCreateCustomerAtAnyBank', ''],
        ['CanCreateUserCustomerLinkAtAnyBank', ''],
        ['CanUseCustomerFirehoseAtAnyBank', ''],
        ['CanGetEntitlementsForAnyUserAtAnyBank', ''],
        ['CanDeleteEntitlementAtAnyBank', ''],
        ['CanCreateCustomer', bankId],
        ['CanGetCustomer', bankId],
        ['CanUpdateCustomerNumber', bankId],
        ['CanAddSocialMediaHandle', bankId],
        ['CanGetSocialMediaHandles', bankId],
        ['CanGetCrmEvents', bankId],
      ] as const) {
        await s.services.entitlements.grant(userId, role, bank);
      }
    });

    it("OBP's python quickstart: login, create a user (v4.0.0), grant a role, create a customer and link them", async () => {
      // createDirectLoginToken.py: no spaces, no quotes, a JSON content type and no body.
      const login = await call('POST', '/my/logins/direct', {
        'Content-Type': 'application/json',
        Authorization: `DirectLogin username=${username},password=${STRONG_PASSWORD},consumer_key=${consumerKey}`,
      });
      expect(login.status, login.text).toBe(201);
      // makeRequests.py
      const headers = { 'Content-Type': 'application/json', Authorization: `DirectLogin token="${json(login).token}"` };

      const newUser = uniqueId('some_user_name');
      const created = await call('POST', '/obp/v4.0.0/users', headers, {
        username: newUser,
        email: `${newUser}@testuser.com`,
        password: 'thisislongerthansixteen',
        first_name: 'hans',
        last_name: newUser,
      });
      expect(created.status, created.text).toBe(201);
      const newUserId = json(created).user_id;

      const role = await call('POST', `/obp/v3.1.0/users/${newUserId}/entitlements`, headers, { bank_id: bankId, role_name: 'CanGetCustomer' });
      expect(role.status, role.text).toBe(201);

      // full_flow_up_to_create_account.py's customer, with its number for credit_limit.amount and "None" branch.
      const customer = await call('POST', `/obp/v3.1.0/banks/${bankId}/customers`, headers, {
        legal_name: `hans ${newUser}`,
        mobile_phone_number: '421432143214132',
        email: 'user_one@testuser.com',
        face_image: { url: 'none', date: '2017-09-19T00:00:00Z' },
        date_of_birth: '2000-09-19T00:00:00Z',
        relationship_status: 'single',
        dependants: 1,
        dob_of_dependants: ['2017-09-19T00:00:00Z'],
        credit_rating: { rating: 'AAA', source: 'obp' },
        credit_limit: { currency: 'EUR', amount: 10000 },
        highest_education_attained: 'b.sc.',
        employment_status: 'employed',
        kyc_status: true,
        last_ok_date: '2020-09-19T00:00:00Z',
        title: 'Mr.',
        branch_id: 'None',
        name_suffix: '',
      });
      expect(customer.status, customer.text).toBe(201);
      expect(json(customer).credit_limit).toEqual({ currency: 'EUR', amount: '10000' });

      const link = await call('POST', `/obp/v3.1.0/banks/${bankId}/user_customer_links`, headers, {
        user_id: newUserId,
        customer_id: json(customer).customer_id,
      });
      expect(link.status, link.text).toBe(201);
    });

    it('OBP-CLI: init, roles, users, customers, numbers, links, social media handles, the firehose', async () => {
      // auth_direct_login.py: quoted values, spaces after commas, Accept only.
      const login = await call('POST', '/my/logins/direct', {
        Accept: 'application/json',
        Authorization: `DirectLogin username="${username}", password="${STRONG_PASSWORD}", consumer_key="${consumerKey}"`,
      });
      expect(login.status, login.text).toBe(201);
      const headers = { 'Content-Type': 'application/json', Authorization: `DirectLogin token="${json(login).token}"` };

      // init: getUserId.py, then hasEntitlements.py before most commands.
      const me = await call('GET', '/obp/v3.1.0/users/current', headers);
      expect(json(me).user_id).toBe(userId);
      const mine = await call('GET', '/obp/v3.1.0/my/entitlements', headers);
      expect(json(mine).list.map((e: { role_name: string }) => e.role_name)).toContain('CanCreateCustomerAtAnyBank');

      // addrole (addRole.py) for the current user, a system role.
      const grant = await call('POST', `/obp/v3.1.0/users/${userId}/entitlements`, headers, { bank_id: '', role_name: 'CanGetAnyUser' });
      expect(grant.status, grant.text).toBe(201);

      // adduser (addUser.py) and createUser.py: the same request.
      const name = uniqueId('cliuser.');
      const added = await call('POST', '/obp/v3.1.0/users', headers, {
        email: `${name}@example.com`,
        username: name,
        password: STRONG_PASSWORD,
        first_name: 'Uli',
        last_name: `Name-${name}`,
      });
      expect(added.status, added.text).toBe(201);

      // addcustomer (createCustomer.py) sends branchId and nameSuffix: OBP refuses the body, and so does this service.
      const camel = await call('POST', `/obp/v3.1.0/banks/${bankId}/customers`, headers, {
        ...postCustomerBody(),
        branch_id: undefined,
        name_suffix: undefined,
        branchId: 'DERBY6',
        nameSuffix: '',
      });
      expect(camel.status).toBe(400);
      expect(json(camel).message).toMatch(/^OBP-10001: /);
      const customer = json(await call('POST', `/obp/v3.1.0/banks/${bankId}/customers`, headers, postCustomerBody()));

      // importcustomers: updateCustomerNumber.py, then linkUserToCustomer.py.
      const number = String(Date.now() % 1_000_000_000);
      const renumbered = await call('PUT', `/obp/v3.1.0/banks/${bankId}/customers/${customer.customer_id}/number`, headers, { customer_number: number });
      expect(renumbered.status, renumbered.text).toBe(200);
      const link = await call('POST', `/obp/v3.1.0/banks/${bankId}/user_customer_links`, headers, {
        user_id: userId,
        customer_id: customer.customer_id,
      });
      expect(link.status, link.text).toBe(201);

      // getCustomerIdByCustomerNumber.py
      const byNumber = await call('POST', `/obp/v3.1.0/banks/${bankId}/customers/customer-number`, headers, { customer_number: number });
      expect(json(byNumber).customer_id).toBe(customer.customer_id);
      // getcustomerforcurrentuser (getCustomerForCurrentUser.py) under v4.0.0
      const own = await call('GET', '/obp/v4.0.0/users/current/customers', headers);
      expect(own.status, own.text).toBe(200);
      expect(json(own).customers.map((c: { customer_id: string }) => c.customer_id)).toContain(customer.customer_id);

      // addsocialmedia (v4.0.0) and getsocialmedia (v3.1.0)
      const handle = await call('POST', `/obp/v4.0.0/banks/${bankId}/customers/${customer.customer_id}/social_media_handles`, headers, {
        customer_number: number,
        type: 'twitter',
        handle: '@cli',
        date_added: '2017-09-19T00:00:00Z',
        date_activated: '2017-09-19T00:00:00Z',
      });
      expect(handle.status, handle.text).toBe(201);
      const handles = await call('GET', `/obp/v3.1.0/banks/${bankId}/customers/${customer.customer_id}/social_media_handles`, headers);
      expect(json(handles).checks.map((h: { handle: string }) => h.handle)).toEqual(['@cli']);

      // getcustomers (getCustomers.py): the firehose.
      const firehose = await call('GET', `/obp/v3.1.0/banks/${bankId}/firehose/customers`, headers);
      expect(firehose.status, firehose.text).toBe(200);
    });

    it('Hello-OBP-DirectLogin-Python: login and the user and entitlement calls under v2.0.0', async () => {
      // lib/obp.py login(): quoted values, no spaces, no content type.
      const login = await call('POST', '/my/logins/direct', {
        Authorization: `DirectLogin username="${username}",password="${STRONG_PASSWORD}",consumer_key="${consumerKey}"`,
      });
      expect(login.status, login.text).toBe(201);
      const headers = { Authorization: `DirectLogin token=${json(login).token}`, 'content-type': 'application/json' };

      // getCurrentUser(): OBP v2.0.0's own implementation (UserJsonV200, no views).
      const me = await call('GET', '/obp/v2.0.0/users/current', headers);
      expect(me.status, me.text).toBe(200);
      expect(Object.keys(json(me))).toEqual(['user_id', 'email', 'provider_id', 'provider', 'username', 'entitlements']);
      expect(json(me).user_id).toBe(userId);

      // addEntitlement() and addRole()
      const entitlement = await call('POST', `/obp/v2.0.0/users/${userId}/entitlements`, headers, { bank_id: bankId, role_name: 'CanGetTaxResidence' });
      expect(entitlement.status, entitlement.text).toBe(201);
      const role = await call('POST', `/obp/v2.0.0/users/${userId}/entitlements`, headers, { bank_id: '', role_name: 'CanReadMetrics' });
      expect(role.status, role.text).toBe(201);

      // createUser()
      const name = uniqueId('hello.user.');
      const created = await call('POST', '/obp/v2.0.0/users', headers, {
        last_name: 'Lname',
        first_name: 'Fname',
        email: `${name}@example.com`,
        username: name,
        password: STRONG_PASSWORD,
      });
      expect(created.status, created.text).toBe(201);

      // getEntitlements(user, bank): OBP serves it from v2.1.0 on, so under v2.0.0 both answer OBP-10404.
      const atBank = await call('GET', `/obp/v2.0.0/banks/${bankId}/users/${userId}/entitlements`, headers);
      expect(atBank.status).toBe(404);
      expect(json(atBank).message).toMatch(/^OBP-10404: /);
      // The library's own default version, v1.4.0, has no user endpoints in OBP either.
      expect((await call('GET', '/obp/v1.4.0/users/current', headers)).status).toBe(404);
    });

    it('a generated SDK: each call under the version that implements it', async () => {
      const login = await call('POST', '/my/logins/direct', {
        Authorization: `DirectLogin username="${username}", password="${STRONG_PASSWORD}", consumer_key="${consumerKey}"`,
      });
      // configuration.api_key['DirectLogin'] = 'token=…' with the prefix 'DirectLogin'.
      const headers = { Accept: 'application/json', Authorization: `DirectLogin token=${json(login).token}` };
      const withBody = { ...headers, 'Content-Type': 'application/json' };
      const customer = json(await call('POST', `/obp/v3.1.0/banks/${bankId}/customers`, withBody, postCustomerBody()));
      const other = await createUserDirect(s, uniqueId('sdk.'));

      expect((await call('GET', '/obp/v3.0.0/my/entitlements', headers)).status).toBe(200);
      const granted = await call('POST', `/obp/v2.0.0/users/${other.userId}/entitlements`, withBody, { bank_id: bankId, role_name: 'CanGetCustomer' });
      expect(granted.status, granted.text).toBe(201);
      const atBank = await call('GET', `/obp/v2.1.0/banks/${bankId}/users/${other.userId}/entitlements`, headers);
      expect(json(atBank).list.map((e: { role_name: string }) => e.role_name)).toEqual(['CanGetCustomer']);
      const all = await call('GET', `/obp/v4.0.0/users/${other.userId}/entitlements`, headers);
      expect(json(all)).toEqual(json(atBank));
      const removed = await call('DELETE', `/obp/v2.0.0/users/${other.userId}/entitlement/${json(granted).entitlement_id}`, headers);
      expect(removed.status, removed.text).toBe(204);

      const link = await call('POST', `/obp/v4.0.0/banks/${bankId}/user_customer_links`, withBody, {
        user_id: other.userId,
        customer_id: customer.customer_id,
      });
      expect(link.status, link.text).toBe(201);
      const handle = await call('POST', `/obp/v2.0.0/banks/${bankId}/customers/${customer.customer_id}/social_media_handles`, withBody, {
        customer_number: customer.customer_number,
        type: 'x',
        handle: '@sdk',
        date_added: '2017-09-19T00:00:00Z',
        date_activated: '2017-09-19T00:00:00Z',
      });
      expect(handle.status, handle.text).toBe(201);
      const handles = await call('GET', `/obp/v2.0.0/banks/${bankId}/customers/${customer.customer_id}/social_media_handles`, headers);
      expect(json(handles).checks).toHaveLength(1);
      const events = await call('GET', `/obp/v1.4.0/banks/${bankId}/crm-events`, headers);
      expect(events.status, events.text).toBe(200);

      await s.services.connector.createUserCustomerLink(userId, customer.customer_id, { correlationId: 'sdk' });
      const own = await call('GET', '/obp/v3.0.0/users/current/customers', headers);
      expect(json(own).customers.map((c: { customer_id: string }) => c.customer_id)).toContain(customer.customer_id);
    });
  },
  { ALLOW_CUSTOMER_FIREHOSE: 'true' },
);
