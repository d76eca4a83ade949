import { createHash } from 'node:crypto';
import { PERIOD_SECONDS, PERIODS, type CallLimitStore, type Period } from '../auth/call-limits';
import { usernameKey } from '../auth/users';
import { ObpError } from '../errors';
import { rateLimitRefusals } from '../observability/metrics';
import type { Count, Counters } from './counters';

export interface RateLimitSettings {
  enabled: boolean;
  anonymousPerHour: number;
  loginPerIpPerMinute: number;
  loginPerUsernamePerMinute: number;
  userCreationPerIpPerHour: number;
  userCreationPerUsernamePerHour: number;
}

/** Response headers of a limited call, as OBP sends them. */
export type RateLimitHeaders = Record<'X-Rate-Limit-Limit' | 'X-Rate-Limit-Remaining' | 'X-Rate-Limit-Reset', string>;

type Limiter = 'consumer' | 'anonymous' | 'login' | 'user_creation';

const HUMAN: Record<Period, string> = {
  second: 'per second',
  minute: 'per minute',
  hour: 'per hour',
  day: 'per day',
  week: 'per week',
  month: 'per month',
};

const seconds = (ms: number) => String(Math.max(0, Math.ceil(ms / 1000)));

function headers(limit: number, count: Count, remaining = Math.max(0, limit - count.consumed)): RateLimitHeaders {
  return {
    'X-Rate-Limit-Limit': String(limit),
    'X-Rate-Limit-Remaining': String(remaining),
    'X-Rate-Limit-Reset': seconds(count.msBeforeReset),
  };
}

function tooManyRequests(limiter: Limiter, detail: string, limit: number, count: Count): ObpError {
  rateLimitRefusals.inc({ limiter });
  return new ObpError('TooManyRequests', ` ${detail}`, {
    headers: { ...headers(limit, count, 0), 'Retry-After': seconds(count.msBeforeReset) },
  });
}

/** Usernames are personal data: the shared store sees only a digest of the case-folded name. */
const usernameBucket = (username: string) => createHash('sha256').update(usernameKey(username)).digest('hex').slice(0, 32);

/**
 * OBP's rate limiting: per-consumer call limits per second … month, anonymous callers per IP per hour, and (our
 * addition) logins and sign-ups per IP and per username. Counts are fixed windows; refused calls count too.
 */
export class RateLimits {
  constructor(
    readonly settings: RateLimitSettings,
    private readonly counters: Counters,
    private readonly callLimits: CallLimitStore,
  ) {}

  /** GET /rate-limiting */
  info() {
    const available = this.counters.available;
    return {
      enabled: this.settings.enabled,
      technology: this.counters.technology,
      service_available: available,
      is_active: this.settings.enabled && available,
    };
  }

  /**
   * Admits a resource request: by its consumer's call limits, or per IP when no consumer identifies the caller.
   * Returns the headers to send (none when no limit applies); throws 429 OBP-10018 when a limit is exceeded.
   */
  async admitRequest(consumerId: string | undefined, ip: string): Promise<RateLimitHeaders | undefined> {
    if (!this.settings.enabled) return undefined;
    if (consumerId === undefined) {
      const limit = this.settings.anonymousPerHour;
      if (limit <= 0) return undefined;
      const count = await this.counters.hit('anonymous', PERIOD_SECONDS.hour, ip);
      if (count.consumed > limit) {
        throw tooManyRequests('anonymous', `We only allow ${limit} requests ${HUMAN.hour} for anonymous access.`, limit, count);
      }
      return headers(limit, count);
    }
    const limits = await this.callLimits.inForce(consumerId);
    if (!limits) return undefined;
    const limited = PERIODS.filter((p) => limits[p] > 0);
    if (limited.length === 0) return undefined;
    // Issued together, so that with Redis they travel in one round trip.
    const counts = await Promise.all(limited.map((p) => this.counters.hit('consumer', PERIOD_SECONDS[p], consumerId)));
    // The shortest exceeded period names the refusal; the shortest limited one fills the headers (as OBP).
    const exceeded = limited.findIndex((p, i) => counts[i]!.consumed > limits[p]);
    if (exceeded >= 0) {
      const p = limited[exceeded]!;
      throw tooManyRequests('consumer', `We only allow ${limits[p]} requests ${HUMAN[p]} for this Consumer.`, limits[p], counts[exceeded]!);
    }
    return headers(limits[limited[0]!], counts[0]!);
  }

  /** The current window counts of a consumer (GET …/call-limits `current_state`). */
  async consumerState(consumerId: string): Promise<Partial<Record<Period, Count>>> {
    const counts = await Promise.all(PERIODS.map((p) => this.counters.peek('consumer', PERIOD_SECONDS[p], consumerId)));
    return Object.fromEntries(PERIODS.flatMap((p, i) => (counts[i] ? [[p, counts[i]]] : [])));
  }

  /** DirectLogin attempts, per client address and per username (in any letter case). */
  admitLogin(ip: string, username: string): Promise<void> {
    return this.admitPair('login', 'login attempts', PERIOD_SECONDS.minute, 'minute', ip, username, {
      ip: this.settings.loginPerIpPerMinute,
      username: this.settings.loginPerUsernamePerMinute,
    });
  }

  /** POST /users, per client address and per requested username. */
  admitUserCreation(ip: string, username: string): Promise<void> {
    return this.admitPair('user_creation', 'new users', PERIOD_SECONDS.hour, 'hour', ip, username, {
      ip: this.settings.userCreationPerIpPerHour,
      username: this.settings.userCreationPerUsernamePerHour,
    });
  }

  private async admitPair(
    limiter: Limiter,
    what: string,
    window: number,
    period: Period,
    ip: string,
    username: string,
    limits: { ip: number; username: number },
  ): Promise<void> {
    if (!this.settings.enabled) return;
    const [byIp, byName] = await Promise.all([
      limits.ip > 0 ? this.counters.hit(`${limiter}-ip`, window, ip) : undefined,
      limits.username > 0 ? this.counters.hit(`${limiter}-username`, window, usernameBucket(username)) : undefined,
    ]);
    if (byIp && byIp.consumed > limits.ip) {
      throw tooManyRequests(limiter, `We only allow ${limits.ip} ${what} ${HUMAN[period]} from one address.`, limits.ip, byIp);
    }
    if (byName && byName.consumed > limits.username) {
      throw tooManyRequests(limiter, `We only allow ${limits.username} ${what} ${HUMAN[period]} for one username.`, limits.username, byName);
    }
  }
}
