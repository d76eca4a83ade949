import { z } from 'zod';
import { LOG_LEVELS } from './observability/log';
import { envBoolean, envDatabaseUrl, envInteger, envOptionalInteger } from './env-schema';

const bool = envBoolean;
const int = envInteger;

/** Every setting, read from environment variables (names as in the README's table). */
const schema = z.object({
  PORT: int(8080, 0, 65535),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: envDatabaseUrl('sqlite:./data/obp.sqlite'),
  DATABASE_POOL_MAX: int(10, 1, 1000),
  CONNECTOR: z.enum(['mapped', 'grpc', 'star']).default('mapped'),
  AUTO_MIGRATE: bool(true),
  USER_ACCOUNT_VALIDATED: bool(false),
  ALLOW_CUSTOMER_FIREHOSE: bool(false),
  DIRECT_LOGIN_CONSUMER_KEY_MANDATORY: bool(true),
  TOKEN_EXPIRATION_WEEKS: int(4, 1, 520),
  MAX_BAD_LOGIN_ATTEMPTS: int(5, 1, 1000),
  SUPER_ADMIN_USER_IDS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  HOSTNAME_URL: z
    .string()
    .default('http://localhost:8080')
    .refine((v) => URL.canParse(v), { message: 'must be an absolute URL such as https://api.example.com' }),
  MAX_BODY_BYTES: int(1024 * 1024, 1024, 100 * 1024 * 1024),
  HOSTED_BY_ORGANISATION: z.string().default('TESOBE'),
  HOSTED_BY_EMAIL: z.string().default('contact@tesobe.com'),
  HOSTED_BY_PHONE: z.string().default('+49 (0)30 8145 3994'),
  HOSTED_BY_ORGANISATION_WEBSITE: z.string().default('https://www.tesobe.com'),
  GIT_COMMIT: z.string().default(''),
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
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Validates the environment; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
