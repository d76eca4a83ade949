import type { Knex } from 'knex';
import { readYourWrites } from '../db/causal-reads';
import { ObpError, ObpErrors, type ErrorEntry } from '../errors';
import { directLogins } from '../observability/metrics';
import type { RateLimits } from '../ratelimit/rate-limits';
import type { ConsumerStore, Consumer } from './consumers';
import type { LoginAttempts } from './login-attempts';
import { isBasicPassword, type PasswordHasher } from './passwords';
import type { TokenStore } from './token-store';
import { digest } from './tokens';
import type { GenerationCache } from '../db/cache-generations';
import { readTokenSession, sessionConsumer, sessionUser, type Session, type TokenSession } from './session';
import type { UserStore } from './users';

export type { Session } from './session';

type Headers = Record<string, string | string[] | undefined>;

const PARAM_NAMES = ['username', 'password', 'consumer_key', 'token'] as const;
type ParamName = (typeof PARAM_NAMES)[number];
type Params = Partial<Record<ParamName, string>>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Reads DirectLogin parameters from `DirectLogin: k=v, …` (preferred) or `Authorization: DirectLogin k="v", …`.
 * Returns undefined when neither header is a DirectLogin header.
 */
export function directLoginParams(headers: Headers): Params | undefined {
  const direct = header(headers, 'directlogin');
  const authorization = header(headers, 'authorization');
  let raw: string;
  if (direct !== undefined) raw = direct;
  else if (authorization !== undefined && /directlogin/i.test(authorization)) raw = authorization;
  else return undefined;
  const params: Params = {};
  for (const part of raw.replace(/^\s*DirectLogin\s*/i, '').split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part
      .slice(eq + 1)
      .trim()
      .replace(/^"/, '')
      .replace(/"$/, '');
    if ((PARAM_NAMES as readonly string[]).includes(key) && value !== '') params[key as ParamName] = value;
  }
  return params;
}

const TOKEN_CHARS = /^[A-Za-z0-9\-._@]+$/;
const MAX_TOKEN_ECHO = 20;

/**
 * What OBP-20003 quotes of the token sent: OBP quotes it whole, which reflects up to a whole header back to the
 * caller (and into anything that records responses). Only a short prefix of a well-formed token is quoted.
 */
export function echoToken(token: string | undefined): string {
  if (token === undefined || !TOKEN_CHARS.test(token)) return '';
  return token.length <= MAX_TOKEN_ECHO ? token : `${token.slice(0, MAX_TOKEN_ECHO)}...`;
}

/** OBP validates each value and reports every failure, messages concatenated with no separator. */
function validationError(params: Params): ObpError | undefined {
  const failures: ErrorEntry[] = [];
  const check = (value: string | undefined, ok: (v: string) => boolean, invalid: ErrorEntry, tooLong: ErrorEntry) => {
    if (value === undefined) return;
    if (value.length > 512) failures.push(tooLong);
    else if (!ok(value)) failures.push(invalid);
  };
  const { InvalidValueCharacters: chars, InvalidValueLength: long } = ObpErrors;
  check(params.username, (v) => /^[A-Za-z0-9\-._@ ]+$/.test(v), chars, long);
  check(params.password, isBasicPassword, chars, long);
  check(params.consumer_key, (v) => /^[A-Za-z0-9-]+$/.test(v), ObpErrors.ConsumerKeyIsInvalid, ObpErrors.ConsumerKeyIsTooLong);
  if (failures.length === 0) return undefined;
  const [first, ...rest] = failures;
  return new ObpError(first!, rest.map((f) => `${f.code}: ${f.text}`).join(''));
}

export interface DirectLoginSettings {
  consumerKeyMandatory: boolean;
  tokenLifetimeMs: number;
}

/** What DirectLogin works with; built once at start-up. */
export interface DirectLoginParts {
  db: Knex;
  users: UserStore;
  consumers: ConsumerStore;
  tokens: TokenStore;
  attempts: LoginAttempts;
  hasher: PasswordHasher;
  limits: RateLimits;
  /** Token sessions by token digest, invalidated by every change to tokens, users, consumers and entitlements. */
  sessions: GenerationCache<TokenSession | undefined>;
}

/** DirectLogin: issues tokens for username/password and turns a token back into a session. */
export class DirectLogin {
  constructor(
    private readonly parts: DirectLoginParts,
    private readonly settings: DirectLoginSettings,
  ) {}

  /** POST /my/logins/direct: checks in OBP's order and returns a new token. */
  async login(headers: Headers, ip: string): Promise<string> {
    try {
      const token = await this.checkCredentials(headers, ip);
      directLogins.inc({ outcome: 'success' });
      return token;
    } catch (e) {
      directLogins.inc({ outcome: loginOutcome(e) });
      throw e;
    }
  }

  private async checkCredentials(headers: Headers, ip: string): Promise<string> {
    const { users, consumers, tokens, attempts, hasher, limits } = this.parts;
    const params = directLoginParams(headers);
    if (params === undefined) {
      if (header(headers, 'directlogin') === undefined && header(headers, 'authorization') === undefined) {
        throw new ObpError('MissingDirectLoginHeader');
      }
      throw new ObpError('InvalidDirectLoginHeader');
    }
    const required: ParamName[] = this.settings.consumerKeyMandatory
      ? ['username', 'password', 'consumer_key']
      : ['username', 'password'];
    const missing = required.filter((k) => params[k] === undefined);
    if (missing.length > 0) throw new ObpError('DirectLoginMissingParameters', missing.join(', '));
    const invalid = validationError(params);
    if (invalid) throw invalid;
    const username = params.username!;
    const password = params.password!;
    await limits.admitLogin(ip, username);

    let consumer: Consumer | undefined;
    if (params.consumer_key !== undefined) consumer = await consumers.byKey(params.consumer_key);
    if (this.settings.consumerKeyMandatory && (!consumer || !consumer.isActive)) throw new ObpError('InvalidConsumerKey');
    if (consumer && !consumer.isActive) consumer = undefined;

    const found = await users.byUsernameWithHash(username);
    // A user of an OpenID Connect provider has no password here: refused like an unknown one, and never locked out.
    if (!found || found.user.isDeleted || found.external) {
      // The same work as for a real user, so that timing does not tell which usernames exist.
      await hasher.verifyDummy(password);
      throw new ObpError('InvalidLoginCredentials');
    }
    const { user } = found;
    if (found.disabled) throw new ObpError('UsernameHasBeenLocked');
    // The attempt is counted before the password is checked: parallel guesses cannot outrun the lock.
    const ticket = await attempts.takeTicket(user.userId);
    if (!attempts.admits(ticket)) throw new ObpError('UsernameHasBeenLocked');
    const passwordOk = await hasher.verify(password, found.passwordHash);
    if (!passwordOk || !user.validated) throw new ObpError('InvalidLoginCredentials');
    if (!(await attempts.succeeded(user.userId))) throw new ObpError('UsernameHasBeenLocked');
    return tokens.issue(user.userId, consumer?.consumerId ?? null, this.settings.tokenLifetimeMs);
  }

  /**
   * DELETE /my/logins/direct: revokes the DirectLogin token the request was made with (already authenticated).
   * False when the request carried none (it logged in another way).
   */
  async logout(headers: Headers): Promise<boolean> {
    const token = directLoginParams(headers)?.token;
    if (token === undefined) return false;
    await this.parts.tokens.revoke(token);
    return true;
  }

  /**
   * Resolves the caller of a resource request: undefined when anonymous; throws for a bad or expired token,
   * a locked, disabled or deleted user, a disabled consumer, or an Authorization header of an unsupported scheme.
   */
  async authenticate(headers: Headers): Promise<Session | undefined> {
    const params = directLoginParams(headers);
    if (params === undefined) {
      if (header(headers, 'authorization') !== undefined) throw new ObpError('AuthorizationHeaderFormatNotSupported');
      return undefined;
    }
    const token = params.token;
    if (token === undefined || token.length > 512 || !TOKEN_CHARS.test(token)) {
      throw new ObpError('DirectLoginInvalidToken', echoToken(token));
    }
    const hash = digest(token);
    // A token issued a moment ago through another instance may not have reached this one's database node yet:
    // a miss is read again causally (Galera), and misses are never cached.
    const found = await this.parts.sessions.get(hash, () => readYourWrites(this.parts.db, (q) => readTokenSession(q, hash)));
    // Expiry and lockout depend on the clock: checked on every request, cached or not.
    if (!found || found.expiresAt <= Date.now()) throw new ObpError('DirectLoginInvalidToken', echoToken(token));
    const user = sessionUser(found.row, this.parts.attempts);
    return { user, consumer: sessionConsumer(found.row), grants: found.grants };
  }
}

function loginOutcome(e: unknown): 'failure' | 'locked' | 'throttled' {
  if (!(e instanceof ObpError)) return 'failure';
  if (e.entry === ObpErrors.UsernameHasBeenLocked) return 'locked';
  if (e.entry === ObpErrors.TooManyRequests || e.entry === ObpErrors.ServiceIsTooBusy) return 'throttled';
  return 'failure';
}
