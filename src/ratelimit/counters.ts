import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** A fixed-window count: calls so far in the current window, and the time until it resets. */
export interface Count {
  consumed: number;
  msBeforeReset: number;
}

// Counters never refuse by themselves: limits differ per consumer and are compared by the caller.
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/**
 * Fixed-window counters (rate-limiter-flexible), in this process's memory or in Redis. With Redis, every instance
 * shares the counts; a counter increment is one atomic Redis command, and increments issued together go out in one
 * round trip (auto-pipelining). When Redis is not reachable, counting falls back to this instance's memory at once
 * (the insurance limiter) rather than refusing everyone or waiting.
 */
export class Counters {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(
    private readonly keyPrefix: string,
    private readonly redis?: Redis,
  ) {}

  get technology(): 'REDIS' | 'MEMORY' {
    return this.redis ? 'REDIS' : 'MEMORY';
  }

  /** Whether the shared store answers (always true in memory). */
  get available(): boolean {
    return this.redis ? this.redis.status === 'ready' : true;
  }

  /** Counts one call for `key` in the named window. */
  async hit(name: string, seconds: number, key: string): Promise<Count> {
    const res = await this.limiter(name, seconds).consume(key, 1);
    return { consumed: res.consumedPoints, msBeforeReset: res.msBeforeNext };
  }

  /** Reads a window's count without counting; undefined when no call was counted in the current window. */
  async peek(name: string, seconds: number, key: string): Promise<Count | undefined> {
    const res = await this.limiter(name, seconds).get(key);
    return res ? { consumed: res.consumedPoints, msBeforeReset: res.msBeforeNext } : undefined;
  }

  private limiter(name: string, seconds: number): RateLimiterAbstract {
    const id = `${name}:${seconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const options = { keyPrefix: `${this.keyPrefix}:${id}`, points: UNBOUNDED, duration: seconds };
      limiter = this.redis
        ? new RateLimiterRedis({
            ...options,
            storeClient: this.redis,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory(options),
          })
        : new RateLimiterMemory(options);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
