import { z } from 'zod';
import { envBoolean, envDatabaseUrl, envInteger, envList, envOptionalInteger, parseEnv } from './env-schema';
import { eventsEnvShape } from './events/config';
import { LOG_LEVELS } from './observability/log';

const bool = envBoolean;
const int = envInteger;

/** Signature algorithms an access token may use: asymmetric ones only, so that a public key never verifies an HMAC. */
export const OIDC_ALLOWED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;
const OIDC_DEFAULT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/** An issuer is an https URL (http only on this machine, for development), without query or fragment (OIDC Discovery). */
function isIssuerUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  return (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) && url.search === '' && url.hash === '' && !value.includes('#');
}

/** HOSTNAME_URL when it is not set: the service on this machine, at the port it listens on. */
export const localUrl = (port: number) => `http://localhost:${port}`;

/**
 * The service's settings, read from environment variables. Each `.describe()` is the variable's documentation:
 * `.env.example` and the README's configuration table are generated from it (`npm run config:docs`).
 */
export const serviceEnvSchema = z.object({
  PORT: int(8080, 0, 65535).describe('HTTP port (0: any free port).'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Listen address.'),
  DATABASE_URL: envDatabaseUrl('sqlite:./data/obp.sqlite').describe(
    'The store of users, consumers, tokens and entitlements, and of the mapped connector: `sqlite:PATH`, `sqlite::memory:` or `mysql://user:pass@host:port/db`.',
  ),
  DATABASE_POOL_MAX: int(10, 1, 1000).describe('MySQL connection pool size.'),
  CONNECTOR: z
    .enum(['mapped', 'grpc', 'star'])
    .default('mapped')
    .describe('Where customer data lives: `mapped` (DATABASE_URL), `grpc` (a core banking adapter) or `star` (routing).'),
  CONNECTOR_ROUTING_FILE: z
    .string()
    .optional()
    .describe('JSON routing table for `CONNECTOR=star`, required then (see "Routing between connectors").'),
  AUTO_MIGRATE: bool(true).describe('Apply pending database migrations on start.'),
  USER_ACCOUNT_VALIDATED: bool(false).describe(
    "Whether users created by `POST /users` may log in right away (OBP's `user_account_validated`).",
  ),
  ALLOW_CUSTOMER_FIREHOSE: bool(false).describe('Enables the customer firehose endpoint.'),
  DIRECT_LOGIN_ENABLED: bool(true).describe(
    'DirectLogin (`POST /my/logins/direct` and `DirectLogin: token=…`); false: only OIDC bearer tokens log callers in',
  ),
  DIRECT_LOGIN_CONSUMER_KEY_MANDATORY: bool(true).describe('Whether DirectLogin requires a valid consumer key.'),
  TOKEN_EXPIRATION_WEEKS: int(4, 1, 12).describe(
    'DirectLogin token lifetime in weeks (OBP token_expiration_weeks); at most 12, under the 90 days after which PSD2 asks for new authentication',
  ),
  TOKEN_EXPIRATION_MINUTES: z
    .string()
    .optional()
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 12 * 7 * 24 * 60), {
      message: 'must be a whole number from 1 to 120960 (12 weeks)',
    })
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .describe('DirectLogin token lifetime in minutes; when set, it replaces TOKEN_EXPIRATION_WEEKS'),
  TOKEN_PURGE_INTERVAL_SECONDS: int(3600, 0, 7 * 24 * 3600).describe(
    'How often each instance deletes expired DirectLogin tokens (0: never; `admin purge-tokens` does it on demand)',
  ),
  SESSION_CACHE_MAX_ENTRIES: int(10_000, 0, 1_000_000).describe(
    'DirectLogin sessions (token, user, consumer, entitlements) each instance keeps in memory between requests; every change to them is seen on the next request here and within a second on other instances (0: read every request from the database)',
  ),
  MAX_BAD_LOGIN_ATTEMPTS: int(5, 1, 1000).describe('The account locks after more consecutive failed logins than this'),
  BAD_LOGIN_LOCKOUT_SECONDS: int(900, 0, 365 * 24 * 3600).describe(
    'How long a lock after failed logins lasts (0: until an administrator unlocks it with `admin unlock-user`)',
  ),
  PASSWORD_HASH_CONCURRENCY: int(2, 1, 64).describe('Password hashes (scrypt, 32 MiB each) computed at the same time'),
  PASSWORD_HASH_QUEUE_MAX: int(32, 0, 10_000).describe(
    'Logins and sign-ups allowed to wait for a password hash; more are refused at once with 503 OBP-10040',
  ),
  RATE_LIMITING_ENABLED: bool(true).describe('Rate limits: consumer call limits, anonymous calls, logins and sign-ups'),
  REDIS_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || /^rediss?:\/\/[^\s]+$/.test(v), { message: 'must be redis://host:port or rediss://…' })
    .describe('Redis for rate-limit counters shared by all instances; unset: counters in each instance\'s memory'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:._-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 : . _ -')
    .default('obp')
    .describe('Prefix of every Redis key this service writes'),
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine((v) => /^(true|false|\d{1,2})$/.test(v), { message: 'must be false, true (one proxy) or the number of proxies in front' })
    .transform((v) => (v === 'false' ? 0 : v === 'true' ? 1 : Number(v)))
    .describe(
      'How many reverse proxies in front append to X-Forwarded-For; the client address is taken that many entries from the right (false: the socket address, X-Forwarded-For ignored)',
    ),
  ANONYMOUS_CALL_LIMIT_PER_HOUR: int(1000, 0, 1_000_000_000).describe(
    'Calls per hour per client address without a consumer (OBP user_consumer_limit_anonymous_access; 0: no limit)',
  ),
  LOGIN_LIMIT_PER_IP_PER_MINUTE: int(60, 0, 1_000_000).describe('DirectLogin attempts per minute per client address (0: no limit)'),
  LOGIN_LIMIT_PER_USERNAME_PER_MINUTE: int(10, 0, 1_000_000).describe('DirectLogin attempts per minute per username (0: no limit)'),
  USER_CREATION_LIMIT_PER_IP_PER_HOUR: int(20, 0, 1_000_000).describe('POST /users per hour per client address (0: no limit)'),
  USER_CREATION_LIMIT_PER_USERNAME_PER_HOUR: int(5, 0, 1_000_000).describe('POST /users per hour per requested username (0: no limit)'),
  SUPER_ADMIN_USER_IDS: envList()
    .describe('Comma-separated user ids allowed to grant any entitlement.'),

  // OAuth2 / OpenID Connect bearer tokens (README "OpenID Connect")
  OIDC_ISSUERS: envList()
    .refine((list) => list.every(isIssuerUrl), {
      message: 'each issuer must be an https:// URL (http:// only on localhost or 127.0.0.1), without a query or fragment',
    })
    .describe(
      'Comma-separated issuer URLs of the OpenID Connect providers whose access tokens are accepted as `Authorization: Bearer` (their `iss`; the discovery document is read from ISSUER/.well-known/openid-configuration); unset: bearer tokens are refused',
    ),
  OIDC_AUDIENCES: envList().describe(
    "Comma-separated audiences an access token's `aud` must include one of (the identifier the providers give this API); required with OIDC_ISSUERS",
  ),
  OIDC_USERNAME_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be a claim name')
    .default('preferred_username')
    .describe("The claim a user's username is taken from when the user is created on first use (then `sub`, if the claim is missing or unusable)"),
  OIDC_ALGORITHMS: envList(OIDC_DEFAULT_ALGORITHMS.join(','))
    .refine((list) => list.length > 0 && list.every((a) => (OIDC_ALLOWED_ALGORITHMS as readonly string[]).includes(a)), {
      message: `must be a comma-separated list of ${OIDC_ALLOWED_ALGORITHMS.join(', ')} (never none or HS*)`,
    })
    .describe('Signature algorithms accepted on access tokens (asymmetric only)'),
  OIDC_CLOCK_SKEW_SECONDS: int(30, 0, 300).describe('Tolerance when checking `exp` and `nbf` of access tokens'),
  OIDC_JWKS_COOLDOWN_SECONDS: int(30, 1, 3600).describe(
    "Least time between two fetches of a provider's signing keys: a token signed with an unknown key makes a fetch only this long after the last one",
  ),
  OIDC_JWKS_MAX_AGE_SECONDS: int(600, 10, 86_400).describe("How long a provider's signing keys are used before they are fetched again"),
  OIDC_HTTP_TIMEOUT_MS: int(3000, 100, 30_000).describe(
    "How long fetching a provider's discovery document or signing keys may take (a token waiting for them is answered 503 OBP-20207 after it)",
  ),
  HOSTNAME_URL: z
    .string()
    .refine((v) => URL.canParse(v), { message: 'must be an absolute URL such as https://api.example.com' })
    .optional()
    .describe(
      "Public base URL: users' `provider`, the `WWW-Authenticate` realm, the OpenAPI server. Default: `http://localhost:` + the port the service listens on.",
    ),
  MAX_BODY_BYTES: int(1024 * 1024, 1024, 100 * 1024 * 1024).describe('Larger request bodies are refused with 413.'),
  HOSTED_BY_ORGANISATION: z.string().default('TESOBE').describe('`hosted_by.organisation` in `/root`.'),
  HOSTED_BY_EMAIL: z.string().default('contact@tesobe.com').describe('`hosted_by.email` in `/root`.'),
  HOSTED_BY_PHONE: z.string().default('+49 (0)30 8145 3994').describe('`hosted_by.phone` in `/root`.'),
  HOSTED_BY_ORGANISATION_WEBSITE: z
    .string()
    .default('https://www.tesobe.com')
    .describe('`hosted_by.organisation_website` in `/root`.'),
  GIT_COMMIT: z.string().default('').describe('`git_commit` in `/root` (default: the checked-out commit, if any).'),
  LOG_LEVEL: z
    .enum(LOG_LEVELS)
    .default('info')
    .describe('Lowest level written as JSON lines on stdout: fatal, error, warn, info (one access line per request), debug, trace or silent'),

  // Operating it: metrics, probes, timeouts, shutdown (README "Operating it")
  METRICS_PORT: envOptionalInteger(0, 65535).describe(
    'Serve GET /metrics (and the health probes) on this port only; unset: /metrics is on the main port',
  ),
  READINESS_TIMEOUT_MS: int(2000, 100, 60_000).describe(
    'How long GET /health/ready waits for the database and the connector before calling them not ready',
  ),
  REQUEST_TIMEOUT_MS: int(10_000, 100, 300_000).describe(
    'Budget of one request; past it the answer is 504 OBP-01000 (the work still running is abandoned)',
  ),
  DATABASE_CONNECT_TIMEOUT_MS: int(3000, 100, 120_000).describe('MySQL: how long opening a connection may take'),
  DATABASE_ACQUIRE_TIMEOUT_MS: int(5000, 100, 120_000).describe(
    'How long a request waits for a free database connection before 503 OBP-50019',
  ),
  DATABASE_QUERY_TIMEOUT_MS: int(5000, 100, 600_000).describe(
    'MySQL: a statement without an answer after this long fails with 503 OBP-50019 and its connection is dropped',
  ),
  DATABASE_SSL_CA: z.string().optional().describe('MySQL TLS: PEM file of the CA that signed the server certificate'),
  DATABASE_SSL_CERT: z.string().optional().describe('MySQL TLS: PEM client certificate file (with DATABASE_SSL_KEY)'),
  DATABASE_SSL_KEY: z.string().optional().describe('MySQL TLS: PEM client private key file (with DATABASE_SSL_CERT)'),
  DATABASE_SSL_REJECT_UNAUTHORIZED: bool(true).describe(
    'MySQL TLS: refuse a server certificate that does not verify (false only for testing)',
  ),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(65_000, 1000, 600_000).describe(
    'How long an idle keep-alive connection stays open (above the idle timeout of a load balancer in front)',
  ),
  HTTP_HEADERS_TIMEOUT_MS: int(20_000, 100, 300_000).describe(
    "How long a client may take to send a request's headers; slower is refused with 408 OBP-10062",
  ),
  HTTP_MAX_HEADER_BYTES: int(16_384, 1024, 1_048_576).describe(
    'Largest request line plus headers; more is refused with 431 OBP-10060',
  ),
  SHUTDOWN_DELAY_MS: int(0, 0, 600_000).describe(
    'After SIGTERM, keep serving (readiness 503) this long so load balancers stop sending, then stop accepting',
  ),
  SHUTDOWN_GRACE_MS: int(10_000, 100, 600_000).describe(
    'After SIGTERM the process exits within this time, whatever clients do (includes SHUTDOWN_DELAY_MS)',
  ),
  ...eventsEnvShape,
});

type ServiceEnv = z.infer<typeof serviceEnvSchema>;

/** The validated settings; HOSTNAME_URL is always resolved. */
export type Config = Omit<ServiceEnv, 'HOSTNAME_URL'> & { HOSTNAME_URL: string };

export class ConfigError extends Error {}

/**
 * Validates the environment; a bad value throws a ConfigError naming the variable. An unset HOSTNAME_URL becomes
 * `localUrl(PORT)`; with PORT=0 the service replaces it once it knows its port.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const fail = (message: string) => new ConfigError(`Invalid configuration:\n  ${message}`);
  const c = parseEnv(serviceEnvSchema, env, fail);
  // An issuer without an audience would accept any token of that provider, whoever it was issued for.
  if (c.OIDC_ISSUERS.length > 0 && c.OIDC_AUDIENCES.length === 0) throw fail('OIDC_AUDIENCES: required when OIDC_ISSUERS is set');
  if (!c.DIRECT_LOGIN_ENABLED && c.OIDC_ISSUERS.length === 0) {
    throw fail('DIRECT_LOGIN_ENABLED: false needs OIDC_ISSUERS, or no one could log in');
  }
  return { ...c, HOSTNAME_URL: c.HOSTNAME_URL ?? localUrl(c.PORT) };
}
