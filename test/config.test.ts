import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

describe('configuration', () => {
  it('has working defaults: embedded SQLite, mapped connector, OBP defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 8080,
      DATABASE_URL: 'sqlite:./data/obp.sqlite',
      CONNECTOR: 'mapped',
      AUTO_MIGRATE: true,
      USER_ACCOUNT_VALIDATED: false,
      ALLOW_CUSTOMER_FIREHOSE: false,
      DIRECT_LOGIN_CONSUMER_KEY_MANDATORY: true,
      TOKEN_EXPIRATION_WEEKS: 4,
      MAX_BAD_LOGIN_ATTEMPTS: 5,
      SUPER_ADMIN_USER_IDS: [],
    });
  });

  it('reads TRUST_PROXY as the number of trusted proxies, and secure authentication defaults', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(0);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({})).toMatchObject({
      RATE_LIMITING_ENABLED: true,
      ANONYMOUS_CALL_LIMIT_PER_HOUR: 1000,
      BAD_LOGIN_LOCKOUT_SECONDS: 900,
    });
    expect(loadConfig({}).TOKEN_EXPIRATION_MINUTES).toBeUndefined();
    expect(loadConfig({}).REDIS_URL).toBeUndefined();
  });

  it('defaults HOSTNAME_URL to the port the service listens on', () => {
    expect(loadConfig({}).HOSTNAME_URL).toBe('http://localhost:8080');
    expect(loadConfig({ PORT: '9090' }).HOSTNAME_URL).toBe('http://localhost:9090');
    expect(loadConfig({ PORT: '9090', HOSTNAME_URL: 'https://api.bank.test' }).HOSTNAME_URL).toBe('https://api.bank.test');
  });

  it('parses lists and booleans', () => {
    const c = loadConfig({ SUPER_ADMIN_USER_IDS: ' a, b ,,c', ALLOW_CUSTOMER_FIREHOSE: 'true', AUTO_MIGRATE: '0' });
    expect(c.SUPER_ADMIN_USER_IDS).toEqual(['a', 'b', 'c']);
    expect(c.ALLOW_CUSTOMER_FIREHOSE).toBe(true);
    expect(c.AUTO_MIGRATE).toBe(false);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'postgres://x/y'],
    ['CONNECTOR', 'kafka'],
    ['ALLOW_CUSTOMER_FIREHOSE', 'maybe'],
    ['TOKEN_EXPIRATION_WEEKS', '0'],
    ['TOKEN_EXPIRATION_WEEKS', '13'],
    ['TOKEN_EXPIRATION_MINUTES', '120961'],
    ['TRUST_PROXY', 'yes'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['REDIS_KEY_PREFIX', 'has space'],
    ['PASSWORD_HASH_CONCURRENCY', '0'],
    ['HOSTNAME_URL', 'not a url'],
    ['OIDC_ISSUERS', 'http://idp.bank.test/realms/obp'],
    ['OIDC_ISSUERS', 'https://idp.bank.test/realms/obp?x=1'],
    ['OIDC_ISSUERS', 'idp.bank.test'],
    ['OIDC_ALGORITHMS', 'RS256,HS256'],
    ['OIDC_ALGORITHMS', 'none'],
    ['OIDC_ALGORITHMS', ','],
    ['OIDC_CLOCK_SKEW_SECONDS', '301'],
    ['OIDC_JWKS_COOLDOWN_SECONDS', '0'],
    ['OIDC_USERNAME_CLAIM', 'two words'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    const env = { OIDC_AUDIENCES: 'https://api.bank.test', [name]: value };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}: `));
  });

  it('accepts OpenID Connect issuers over https (http on this machine only), each with an audience', () => {
    const c = loadConfig({ OIDC_ISSUERS: 'https://idp.bank.test/realms/obp, http://127.0.0.1:8081', OIDC_AUDIENCES: 'obp-api' });
    expect(c).toMatchObject({
      OIDC_ISSUERS: ['https://idp.bank.test/realms/obp', 'http://127.0.0.1:8081'],
      OIDC_AUDIENCES: ['obp-api'],
      OIDC_ALGORITHMS: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      OIDC_USERNAME_CLAIM: 'preferred_username',
      OIDC_CLOCK_SKEW_SECONDS: 30,
      DIRECT_LOGIN_ENABLED: true,
    });
    expect(loadConfig({}).OIDC_ISSUERS).toEqual([]);
    // Without an audience any token of the provider would do, whoever it was issued for.
    expect(() => loadConfig({ OIDC_ISSUERS: 'https://idp.bank.test' })).toThrow(/OIDC_AUDIENCES: required/);
    // Switching DirectLogin off leaves bearer tokens as the only way in: they must be configured.
    expect(() => loadConfig({ DIRECT_LOGIN_ENABLED: 'false' })).toThrow(/DIRECT_LOGIN_ENABLED: /);
    expect(loadConfig({ DIRECT_LOGIN_ENABLED: 'false', OIDC_ISSUERS: 'https://idp.bank.test', OIDC_AUDIENCES: 'a' }).DIRECT_LOGIN_ENABLED).toBe(false);
  });
});
