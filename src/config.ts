import { z } from 'zod';
import { envBoolean, envDatabaseUrl, envInteger, parseEnv } from './env-schema';

const bool = envBoolean;
const int = envInteger;

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
  DIRECT_LOGIN_CONSUMER_KEY_MANDATORY: bool(true).describe('Whether DirectLogin requires a valid consumer key.'),
  TOKEN_EXPIRATION_WEEKS: int(4, 1, 520).describe('DirectLogin token lifetime in weeks.'),
  MAX_BAD_LOGIN_ATTEMPTS: int(5, 1, 1000).describe(
    'The account locks after more consecutive failed logins than this (unlock: `admin unlock-user`).',
  ),
  SUPER_ADMIN_USER_IDS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .describe('Comma-separated user ids allowed to grant any entitlement.'),
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
  LOG_LEVEL: z.enum(['silent', 'error', 'info']).default('info').describe('Log verbosity.'),
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
  const c = parseEnv(serviceEnvSchema, env, (message) => new ConfigError(`Invalid configuration:\n  ${message}`));
  return { ...c, HOSTNAME_URL: c.HOSTNAME_URL ?? localUrl(c.PORT) };
}
