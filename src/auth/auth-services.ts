import type { Knex } from 'knex';
import type { Config } from '../config';
import { log } from '../observability/log';
import { Counters } from '../ratelimit/counters';
import { RateLimits } from '../ratelimit/rate-limits';
import { connectRedis } from '../ratelimit/redis';
import { CacheGenerations, GenerationCache } from '../db/cache-generations';
import { Authenticator } from './authenticate';
import { CallLimitStore } from './call-limits';
import { ConsumerStore } from './consumers';
import { DirectLogin } from './direct-login';
import { EntitlementStore } from './entitlements';
import { LoginAttempts } from './login-attempts';
import { AccessTokenVerifier } from './oidc/access-tokens';
import { BearerLogin } from './oidc/bearer-login';
import { OidcClientStore } from './oidc/clients';
import { OidcIssuers } from './oidc/issuers';
import { PasswordHasher } from './passwords';
import type { TokenSession } from './session';
import { TokenStore } from './token-store';
import { UserStore } from './users';

/** The API's own identity store and its guards, built once per process from the configuration. */
export interface AuthServices {
  users: UserStore;
  consumers: ConsumerStore;
  entitlements: EntitlementStore;
  tokens: TokenStore;
  callLimits: CallLimitStore;
  attempts: LoginAttempts;
  hasher: PasswordHasher;
  rateLimits: RateLimits;
  directLogin: DirectLogin;
  oidcClients: OidcClientStore;
  /** Resolves the caller of a resource request with the enabled login schemes. */
  authenticator: Authenticator;
}

export function tokenLifetimeMs(config: Config): number {
  return config.TOKEN_EXPIRATION_MINUTES !== undefined
    ? config.TOKEN_EXPIRATION_MINUTES * 60_000
    : config.TOKEN_EXPIRATION_WEEKS * 7 * 24 * 3600_000;
}

export function createAuthServices(config: Config, db: Knex): AuthServices & { close(): Promise<void> } {
  const hasher = new PasswordHasher({ concurrency: config.PASSWORD_HASH_CONCURRENCY, maxQueued: config.PASSWORD_HASH_QUEUE_MAX });
  const users = new UserStore(db, hasher);
  const consumers = new ConsumerStore(db);
  const tokens = new TokenStore(db);
  const callLimits = new CallLimitStore(db);
  const attempts = new LoginAttempts(db, {
    maxBadLoginAttempts: config.MAX_BAD_LOGIN_ATTEMPTS,
    lockoutMs: config.BAD_LOGIN_LOCKOUT_SECONDS * 1000,
  });
  const redis = config.RATE_LIMITING_ENABLED && config.REDIS_URL ? connectRedis(config.REDIS_URL) : undefined;
  const rateLimits = new RateLimits(
    {
      enabled: config.RATE_LIMITING_ENABLED,
      anonymousPerHour: config.ANONYMOUS_CALL_LIMIT_PER_HOUR,
      loginPerIpPerMinute: config.LOGIN_LIMIT_PER_IP_PER_MINUTE,
      loginPerUsernamePerMinute: config.LOGIN_LIMIT_PER_USERNAME_PER_MINUTE,
      userCreationPerIpPerHour: config.USER_CREATION_LIMIT_PER_IP_PER_HOUR,
      userCreationPerUsernamePerHour: config.USER_CREATION_LIMIT_PER_USERNAME_PER_HOUR,
    },
    new Counters(`${config.REDIS_KEY_PREFIX}:rl`, redis),
    callLimits,
  );
  const generations = new CacheGenerations(db).start();
  const sessions = new GenerationCache<TokenSession | undefined>(generations, 'auth', config.SESSION_CACHE_MAX_ENTRIES);
  const directLogin = new DirectLogin(
    { db, users, consumers, tokens, attempts, hasher, limits: rateLimits, sessions },
    { consumerKeyMandatory: config.DIRECT_LOGIN_CONSUMER_KEY_MANDATORY, tokenLifetimeMs: tokenLifetimeMs(config) },
  );

  const bearer =
    config.OIDC_ISSUERS.length > 0
      ? new BearerLogin({
          db,
          users,
          attempts,
          usernameClaim: config.OIDC_USERNAME_CLAIM,
          verifier: new AccessTokenVerifier(
            new OidcIssuers({
              issuers: config.OIDC_ISSUERS,
              timeoutMs: config.OIDC_HTTP_TIMEOUT_MS,
              cooldownMs: config.OIDC_JWKS_COOLDOWN_SECONDS * 1000,
              maxAgeMs: config.OIDC_JWKS_MAX_AGE_SECONDS * 1000,
            }),
            { audiences: config.OIDC_AUDIENCES, algorithms: config.OIDC_ALGORITHMS, clockSkewSeconds: config.OIDC_CLOCK_SKEW_SECONDS },
          ),
        })
      : undefined;
  const authenticator = new Authenticator(config.DIRECT_LOGIN_ENABLED ? directLogin : undefined, bearer);

  // Expired tokens are refused anyway; purging keeps the table (and its index) the size of the live sessions.
  let purge: NodeJS.Timeout | undefined;
  if (config.TOKEN_PURGE_INTERVAL_SECONDS > 0) {
    purge = setInterval(() => {
      tokens.purgeExpired().catch((e: { code?: string }) => log().warn({ code: e?.code }, 'purging expired tokens failed'));
    }, config.TOKEN_PURGE_INTERVAL_SECONDS * 1000);
    purge.unref();
  }

  return {
    users,
    consumers,
    entitlements: new EntitlementStore(db),
    tokens,
    callLimits,
    attempts,
    hasher,
    rateLimits,
    directLogin,
    oidcClients: new OidcClientStore(db),
    authenticator,
    async close() {
      clearInterval(purge);
      generations.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
