/**
 * The OpenAPI 3.1 document, generated from the endpoint table like the resource docs. Login requirements come from
 * each endpoint's checks and are met by any of the `loginSchemes` (DirectLogin today; a bearer scheme can join it).
 */
import type { LoginScheme } from '../auth/authenticate';
import { ObpErrors } from '../errors';
import { documentedErrors, errorMessage, jsonSchema, requestSchema, responseSchema } from './docs';
import { operationId, type Endpoint, type QueryParameter } from './endpoint';
import { acceptsIdempotencyKey } from './idempotency';
import { HOME_VERSION, pathUnder, type ObpVersion } from './versions';

export type SecurityScheme = Record<string, unknown>;

export const directLoginScheme: SecurityScheme = {
  type: 'apiKey',
  in: 'header',
  name: 'DirectLogin',
  description: 'A token from `POST /my/logins/direct`, sent as `DirectLogin: token=TOKEN`.',
};

export const bearerScheme: SecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'An access token of an OpenID Connect provider this instance trusts (OIDC_ISSUERS), sent as `Authorization: Bearer TOKEN`.',
};

/** The security schemes of the login schemes an instance enables. */
export function loginSchemes(schemes: readonly LoginScheme[]): Record<string, SecurityScheme> {
  return Object.fromEntries(schemes.map((s) => [s, s === 'Bearer' ? bearerScheme : directLoginScheme]));
}

export interface OpenApiOptions {
  serverUrl: string;
  /** The schemes any of which logs a caller in, by name. */
  loginSchemes?: Record<string, SecurityScheme>;
  /** The version whose prefix the paths use (endpoints marked `root` are served at their own path). */
  version?: ObpVersion;
}

const TAG_DESCRIPTIONS: Record<string, string> = {
  API: 'About this API instance.',
  Bank: 'Banks.',
  CRM: 'Customer relationship events.',
  Consumer: 'Applications (consumers) calling the API, and their switches.',
  Customer: "Customers of a bank and the records kept about them (addresses, tax residences, …).",
  Documentation: 'Resource docs and this document.',
  Entitlement: "Users' roles, at one bank or at all banks.",
  Firehose: 'Bulk reading of all records, for back-office systems.',
  Person: 'Personal data.',
  'Rate-Limits': 'Call limits per consumer and how they are enforced.',
  Role: 'Roles and entitlements.',
  User: 'Users and logging in.',
};

/** Path parameters in OBP notation (upper case) become OpenAPI's `{NAME}`. */
const PATH_PARAM = /^[A-Z][A-Z0-9_]*$/;

function queryParameter(q: QueryParameter) {
  const schema = jsonSchema(q.schema, 'input');
  // OpenAPI's way to say "any parameter names": an object exploded into the query string.
  return q.freeForm
    ? { name: q.name, in: 'query', description: q.description, required: false, style: 'form', explode: true, schema }
    : { name: q.name, in: 'query', description: q.description, required: false, schema };
}

function responses(e: Endpoint<any>) {
  const out: Record<string, unknown> = {
    [String(e.successStatus)]: {
      description: 'Success',
      ...(e.successStatus === 204
        ? {}
        : { content: { 'application/json': { schema: responseSchema(e) ?? {}, example: e.exampleResponse } } }),
    },
  };
  const byStatus = new Map<number, string[]>();
  for (const name of documentedErrors(e)) {
    const status = ObpErrors[name].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), errorMessage(name)]);
  }
  // Every body is read with a size limit (MAX_BODY_BYTES).
  if (e.method === 'POST' || e.method === 'PUT') {
    byStatus.set(413, [`${errorMessage('InvalidJsonFormat')} The request body is larger than the limit of MAX_BODY_BYTES bytes.`]);
  }
  for (const [status, messages] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: messages.join(' | '),
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: { code: status, message: messages[0] } },
      },
    };
  }
  return out;
}

/** Who may call: anyone (`[]`), a logged-in caller, or anyone but with a valid token if one is sent. */
function security(e: Endpoint<any>, schemeNames: string[]) {
  const loggedIn = schemeNames.map((name) => ({ [name]: [] as string[] }));
  // An endpoint with an anonymous answer (OBP's example data) takes a token but does not need one.
  if (e.checks.includes('auth')) return e.anonymousResponse === undefined ? loggedIn : [{}, ...loggedIn];
  if (e.checks.includes('session')) return [{}, ...loggedIn];
  return [];
}

function operation(e: Endpoint<any>, schemeNames: string[]) {
  const pathParams = e.path.split('/').filter((s) => PATH_PARAM.test(s));
  const parameters = [
    ...pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...(e.query ?? []).map(queryParameter),
    // The login endpoint takes credentials, not a token, in the DirectLogin header.
    ...(e.readsSession === false
      ? [
          {
            name: 'DirectLogin',
            in: 'header',
            required: true,
            description: 'Credentials: `username=U, password=P, consumer_key=K`.',
            schema: { type: 'string' },
            example: 'username=felix.smith, password=Str0ng-Passw0rd!, consumer_key=CONSUMER_KEY',
          },
        ]
      : []),
    ...(acceptsIdempotencyKey(e)
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'Makes a retry safe: the same key and request within 24 h is answered the first response (README "Data governance").',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ]
      : []),
    ...(e.errors.includes('CustomerChangedSince')
      ? [
          {
            name: 'If-Match',
            in: 'header',
            required: false,
            description: "The customer's ETag from GET customer: the write is refused (412) if the customer changed since.",
            schema: { type: 'string' },
          },
        ]
      : []),
  ];
  const body = e.body && {
    requestBody: { required: true, content: { 'application/json': { schema: requestSchema(e), example: e.body.example } } },
  };
  return {
    operationId: operationId(e),
    summary: e.summary,
    description: e.description,
    tags: e.tags,
    parameters,
    ...body,
    responses: responses(e),
    security: security(e, schemeNames),
    ...(e.roles?.length ? { 'x-obp-roles': e.roles } : {}),
  };
}

export function openApiDocument(endpoints: Endpoint<any>[], options: OpenApiOptions) {
  const schemes = options.loginSchemes ?? { DirectLogin: directLoginScheme };
  const version = options.version ?? HOME_VERSION;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const path = pathUnder(e, version)
      .split('/')
      .map((s) => (PATH_PARAM.test(s) ? `{${s}}` : s))
      .join('/');
    paths[path] ??= {};
    paths[path][e.method.toLowerCase()] = operation(e, Object.keys(schemes));
  }
  const tags = [...new Set(endpoints.flatMap((e) => e.tags))].sort();
  return {
    openapi: '3.1.0',
    info: {
      title: 'OBP-compatible Customer API',
      version,
      description:
        `The Open Bank Project API endpoints this service serves under ${version}. Errors are \`{"code","message"}\` ` +
        'with an OBP error code at the start of the message.',
      license: { name: 'Apache 2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: options.serverUrl }],
    // A tag without a description fails the lint (test/openapi-lint.test.ts): add it to TAG_DESCRIPTIONS.
    tags: tags.map((name) => ({ name, description: TAG_DESCRIPTIONS[name] })),
    paths,
    components: {
      securitySchemes: schemes,
      schemas: {
        Error: {
          type: 'object',
          properties: {
            code: { type: 'integer', description: 'The HTTP status.' },
            message: { type: 'string', description: 'OBP-NNNNN: the error text.' },
          },
          required: ['code', 'message'],
        },
      },
    },
  };
}
