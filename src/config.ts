import { z } from 'zod';
import { envBoolean, envDatabaseUrl, envInteger } from './env-schema';

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
  LOG_LEVEL: z.enum(['silent', 'error', 'info']).default('info'),
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
