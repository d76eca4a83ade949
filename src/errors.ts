/**
 * The catalogue of OBP error codes this service produces: code, OBP's exact text and the HTTP status.
 * Handlers and lower layers throw `ObpError`; one middleware renders it as `{"code","message"}`.
 */
export const ObpErrors = {
  // Generic request errors (OBP-10xxx)
  InvalidJsonFormat: { code: 'OBP-10001', text: 'Incorrect json format.', status: 400 },
  IncorrectRoleName: { code: 'OBP-10007', text: 'Incorrect Role name:', status: 400 },
  NotImplemented: { code: 'OBP-10010', text: 'Not Implemented ', status: 501 },
  // OBP's text names its own maximum ("… is 10000."); each use appends the maximum that applies.
  MaximumNumberExceeded: { code: 'OBP-10012', text: 'Invalid value. Maximum number is', status: 400 },
  FilterParametersIncorrect: { code: 'OBP-10016', text: 'Incorrect filter Parameters in URL. ', status: 400 },
  TooManyRequests: { code: 'OBP-10018', text: 'Too Many Requests.', status: 429 },
  InvalidJsonValue: { code: 'OBP-10020', text: 'Incorrect json.', status: 400 },
  IncorrectJsonValue: { code: 'OBP-10035', text: 'Incorrect json value.', status: 400 },
  InvalidSortDirection: {
    code: 'OBP-10023',
    text: 'obp_sort_direction parameter can only take two values: DESC or ASC!',
    status: 400,
  },
  InvalidOffset: {
    code: 'OBP-10024',
    text: 'wrong value for obp_offset parameter. Please send a positive integer (=>0)!',
    status: 400,
  },
  InvalidLimit: {
    code: 'OBP-10025',
    text: 'wrong value for obp_limit parameter. Please send a positive integer (=>1)!',
    status: 400,
  },
  InvalidDateFormat: {
    code: 'OBP-10026',
    text: "Failed to parse date string. Please use this format yyyy-MM-dd'T'HH:mm:ss.SSS'Z'!",
    status: 400,
  },
  InvalidUri: {
    code: 'OBP-10404',
    text:
      '404 Not Found. The server could not find the requested URI. Please double check your URL, headers and body. ' +
      'Note: When you are making a POST or PUT request, the Content-Type header MUST be `application/json`. ' +
      'Note: OBP only supports JSON formatted bodies.',
    status: 404,
  },
  InvalidUrl: { code: 'OBP-10017', text: 'Incorrect URL Format. ', status: 400 },
  // Not OBP codes (OBP leaves these to its web server, which answers without a body); 10060-10062 are unused by OBP.
  RequestHeadersTooLarge: { code: 'OBP-10060', text: 'Request headers too large.', status: 431 },
  MalformedHttpRequest: {
    code: 'OBP-10061',
    text: 'Malformed HTTP request. The request line or headers could not be parsed.',
    status: 400,
  },
  RequestNotReceivedInTime: { code: 'OBP-10062', text: 'The request was not received in time.', status: 408 },
  // Idempotency-Key (IETF httpapi draft): not OBP codes, OBP has no idempotent requests; 10063-10065 are unused by OBP.
  IdempotencyKeyReused: {
    code: 'OBP-10063',
    text: 'This Idempotency-Key was already used for another request (method, path or body differ). Use a new key for a new request.',
    status: 422,
  },
  IdempotencyKeyInFlight: {
    code: 'OBP-10064',
    text: 'A request with this Idempotency-Key is still being processed. Retry it later.',
    status: 409,
  },
  InvalidIdempotencyKey: {
    code: 'OBP-10065',
    text: 'Invalid Idempotency-Key: it must be 1 to 255 printable ASCII characters, sent by a logged-in caller.',
    status: 400,
  },
  // OBP answers its request timeout with 408; here it is 504: the server, not the client, ran out of time.
  RequestTimeout: {
    code: 'OBP-01000',
    text: 'Request Timeout. The OBP API decided to return a timeout. This is probably because a backend service did not respond in time. ',
    status: 504,
  },
  ServiceIsTooBusy: { code: 'OBP-10040', text: 'The Service is too busy, please try it later.', status: 503 },
  InvalidApiVersionString: {
    code: 'OBP-00027',
    text: 'Invalid API Version string. We could not find the version specified.',
    status: 400,
  },
  AccountFirehoseNotAllowedOnThisInstance: {
    code: 'OBP-00009',
    text: 'Account firehose is not allowed on this instance. Please set allow_account_firehose = true in props files. ',
    status: 400,
  },

  // Authentication and authorisation (OBP-20xxx)
  UserNotLoggedIn: { code: 'OBP-20001', text: 'User not logged in. Authentication is required!', status: 401 },
  DirectLoginMissingParameters: { code: 'OBP-20002', text: 'These DirectLogin parameters are missing:', status: 400 },
  DirectLoginInvalidToken: { code: 'OBP-20003', text: 'This DirectLogin token is invalid or expired:', status: 401 },
  InvalidLoginCredentials: {
    code: 'OBP-20004',
    text: 'Invalid login credentials. Check username/password.',
    status: 401,
  },
  UserNotFoundById: { code: 'OBP-20005', text: 'User not found. Please specify a valid value for USER_ID.', status: 404 },
  UserHasMissingRoles: { code: 'OBP-20006', text: 'User is missing one or more roles:', status: 403 },
  InvalidConsumerKey: { code: 'OBP-20008', text: 'Invalid Consumer Key.', status: 401 },
  InvalidConsumerCredentials: { code: 'OBP-20009', text: 'Invalid consumer credentials', status: 400 },
  InvalidValueLength: { code: 'OBP-20010', text: 'Value too long', status: 400 },
  InvalidValueCharacters: { code: 'OBP-20011', text: 'Value contains invalid characters', status: 400 },
  UsernameHasBeenLocked: {
    code: 'OBP-20013',
    text: 'The account has been locked, please contact an administrator!',
    status: 401,
  },
  UserNotFoundByProviderAndUsername: { code: 'OBP-20027', text: 'User not found by provider and username.', status: 404 },
  UserNotSuperAdmin: { code: 'OBP-20050', text: 'Current User is not a Super Admin!', status: 403 },
  UserNotFoundByUserId: { code: 'OBP-20057', text: 'User not found by userId.', status: 404 },
  ConsumerIsDisabled: { code: 'OBP-20058', text: 'Consumer is disabled.', status: 401 },
  UserDeleted: { code: 'OBP-20064', text: 'The user is deleted!', status: 401 },
  AuthorizationHeaderFormatNotSupported: {
    code: 'OBP-20080',
    text: 'Authorization Header format is not supported at this instance.',
    status: 401,
  },
  // OAuth2 / OpenID Connect bearer tokens (OBP's texts; status 401 as OBP answers them, behind OBP-20001)
  ApplicationNotIdentified: { code: 'OBP-20200', text: 'The application cannot be identified. ', status: 401 },
  Oauth2IsNotAllowed: { code: 'OBP-20201', text: 'OAuth2 is not allowed at this instance.', status: 401 },
  // OBP uses this code for a failing JOSE library; here: the provider's keys cannot be fetched, a back-end fault.
  Oauth2ProviderUnavailable: {
    code: 'OBP-20207',
    text: 'Bad JSON Object Signing and Encryption (JOSE) exception. An internal JOSE exception was encountered. ',
    status: 503,
  },
  Oauth2TokenHaveNoConsumer: { code: 'OBP-20209', text: 'The token have no linked consumer. ', status: 401 },
  Oauth2IsNotRecognized: { code: 'OBP-20214', text: 'OAuth2 Access Token is not recognised at this instance.', status: 401 },
  Oauth2ValidateAccessTokenError: {
    code: 'OBP-20215',
    text: 'There was a problem validating the OAuth2 access token. ',
    status: 401,
  },
  Oauth2TokenAudienceNotAllowed: {
    code: 'OBP-20217',
    text: 'The Bearer token was not issued for this API instance. Audience (aud) claim is not allowed.',
    status: 401,
  },
  Oauth2ProviderNotEnabled: {
    code: 'OBP-20218',
    text: 'The token issuer is not an enabled OAuth2 provider at this API instance. The provider is not listed in the oauth2.oidc_provider props.',
    status: 401,
  },
  MissingDirectLoginHeader: { code: 'OBP-20082', text: 'Missing DirectLogin or Authorization header.', status: 400 },
  InvalidDirectLoginHeader: {
    code: 'OBP-20083',
    text: 'Missing DirectLogin word at the value of Authorization header.',
    status: 400,
  },

  // Banks, customers, users, entitlements (OBP-30xxx)
  BankNotFound: { code: 'OBP-30001', text: 'Bank not found. Please specify a valid value for BANK_ID.', status: 404 },
  CustomerNotFound: {
    code: 'OBP-30002',
    text: 'Customer not found. Please specify a valid value for CUSTOMER_NUMBER.',
    status: 404,
  },
  CustomerNumberAlreadyExists: {
    code: 'OBP-30006',
    text: 'Customer Number already exists. Please specify a different value for BANK_ID or CUSTOMER_NUMBER.',
    status: 400,
  },
  CustomerAlreadyExistsForUser: {
    code: 'OBP-30007',
    text: 'The User is already linked to a Customer at the bank specified by BANK_ID',
    status: 400,
  },
  ConsumerNotFoundByConsumerId: {
    code: 'OBP-30019',
    text: 'Consumer not found. Please specify a valid value for CONSUMER_ID.',
    status: 404,
  },
  UpdateConsumerError: { code: 'OBP-30023', text: 'Cannot update Consumer ', status: 400 },
  CreateUserCustomerLinksError: { code: 'OBP-30025', text: 'Could not create user_customer_links ', status: 400 },
  CustomerNotFoundByCustomerId: {
    code: 'OBP-30046',
    text: 'Customer not found. Please specify a valid value for CUSTOMER_ID.',
    status: 404,
  },
  CreateCustomerError: { code: 'OBP-30051', text: 'Cannot create Customer', status: 400 },
  // OBP answers it with 400; here every not-found is a 404 (policy P2).
  CustomerAttributeNotFound: {
    code: 'OBP-30069',
    text: 'Customer Attribute not found. Please specify a valid value for CUSTOMER_ATTRIBUTE_ID.',
    status: 404,
  },
  UpdateCustomerError: { code: 'OBP-30058', text: 'Cannot update the Customer', status: 400 },
  InvalidBankIdFormat: {
    code: 'OBP-30111',
    text: "Invalid Bank Id. The BANK_ID should only contain 0-9/a-z/A-Z/'-'/'.'/'_', the length should be smaller than 255.",
    status: 400,
  },
  EntitlementIsBankRole: {
    code: 'OBP-30205',
    text: 'This entitlement is a Bank Role. Please set bank_id to a valid bank id.',
    status: 400,
  },
  EntitlementIsSystemRole: {
    code: 'OBP-30206',
    text: 'This entitlement is a System Role. Please set bank_id to empty string.',
    status: 400,
  },
  InvalidStrongPasswordFormat: {
    code: 'OBP-30207',
    text:
      'Invalid Password Format. Your password should EITHER be at least 10 characters long and contain mixed numbers ' +
      'and both upper and lower case letters and at least one special character, OR the length should be > 16 and <= 512.',
    status: 400,
  },
  InvalidConnector: {
    code: 'OBP-30211',
    text: 'Invalid Connector. Please specify a valid value for CONNECTOR.',
    status: 400,
  },
  EntitlementNotFound: { code: 'OBP-30212', text: 'EntitlementId not found', status: 404 },
  UserDoesNotHaveEntitlement: { code: 'OBP-30213', text: 'USER_ID does not have the ENTITLEMENT_ID.', status: 404 },
  EntitlementAlreadyExists: { code: 'OBP-30216', text: 'Entitlement already exists for the user.', status: 400 },
  TaxResidenceNotFound: { code: 'OBP-30300', text: 'Tax Residence not found by TAX_RESIDENCE_ID. ', status: 404 },
  CustomerAddressNotFound: {
    code: 'OBP-30310',
    text: "Customer's Address not found by CUSTOMER_ADDRESS_ID. ",
    status: 404,
  },
  // Not an OBP code: OBP only ever served example data here (policy P6). 30350 is unused by OBP.
  CreditLimitRequestNotFound: {
    code: 'OBP-30350',
    text: 'Credit Limit Order Request not found. Please specify a valid value for REQUEST_ID.',
    status: 404,
  },
  // Not an OBP code (OBP stores a second attribute of the same name); 30351 is unused by OBP.
  CustomerAttributeAlreadyExists: {
    code: 'OBP-30351',
    text: 'Customer Attribute already exists for this customer. Please specify a different value for name, or update that attribute.',
    status: 400,
  },
  // Not an OBP code (OBP has no optimistic concurrency); 30360 is unused by OBP.
  CustomerChangedSince: {
    code: 'OBP-30360',
    text: 'The customer has changed since the version in If-Match. Get the customer again (its ETag) and retry.',
    status: 412,
  },
  ConsumerKeyIsInvalid: { code: 'OBP-35030', text: 'The Consumer Key must be alphanumeric. (A-Z, a-z, 0-9)', status: 400 },
  ConsumerKeyIsTooLong: { code: 'OBP-35031', text: 'The Consumer Key max length <= 512', status: 400 },

  // Server and back-end faults (OBP-50xxx, OBP-60xxx)
  UnknownError: { code: 'OBP-50000', text: 'Unknown Error.', status: 500 },
  UnspecifiedError: { code: 'OBP-50005', text: 'An unspecified or internal error occurred.', status: 400 },
  InternalServerError: {
    code: 'OBP-50015',
    text: 'The server encountered an unexpected condition which prevented it from fulfilling the request.',
    status: 500,
  },
  // OBP's default status for it is 400; a database that cannot be reached is a 503.
  DatabaseUnavailable: { code: 'OBP-50019', text: 'Cannot connect to the OBP database.', status: 503 },
  ConnectorEmptyResponse: { code: 'OBP-50200', text: 'Connector cannot return the data we requested.', status: 400 },
  AdapterUnavailable: {
    code: 'OBP-50003',
    text:
      'Adapter Or Core Banking System Exception. Failed to get a valid response from the south side Adapter or Core Banking System.',
    status: 503,
  },
  AdapterUnknownError: { code: 'OBP-60013', text: 'Adapter Unknown Error. ', status: 502 },
  AdapterTimeout: { code: 'OBP-60014', text: 'Adapter Timeout Error. ', status: 504 },
  AdapterFunctionNotImplemented: { code: 'OBP-60015', text: 'Adapter Function Not Implemented.', status: 501 },
} as const satisfies Record<string, ErrorEntry>;

export interface ErrorEntry {
  readonly code: string;
  readonly text: string;
  readonly status: number;
}

export type ErrorName = keyof typeof ObpErrors;

/** An error the API answers with `{"code": status, "message": "<OBP-code>: <text><detail>"}`. */
export class ObpError extends Error {
  readonly entry: ErrorEntry;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(entry: ErrorEntry | ErrorName, detail = '', options: { status?: number; headers?: Record<string, string> } = {}) {
    const resolved = typeof entry === 'string' ? ObpErrors[entry] : entry;
    super(`${resolved.code}: ${resolved.text}${detail}`);
    this.name = 'ObpError';
    this.entry = resolved;
    this.status = options.status ?? resolved.status;
    this.headers = options.headers ?? {};
  }

  /** OBP chains a failing check with its cause as `<check message> <- <cause message>`. */
  static chained(outer: ErrorName, inner: ErrorName, innerDetail = '', status?: number): ObpError {
    const cause = ObpErrors[inner];
    const entry = ObpErrors[outer];
    return new ObpError(entry, ` <- ${cause.code}: ${cause.text}${innerDetail}`, { status: status ?? cause.status });
  }
}

export function isObpError(e: unknown): e is ObpError {
  return e instanceof ObpError;
}

/** The JSON body every error is answered with, wherever it is rendered. */
export function obpErrorBody(error: ObpError): string {
  return JSON.stringify({ code: error.status, message: error.message });
}
