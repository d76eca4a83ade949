import { Redis } from 'ioredis';
import { log } from '../observability/log';

/**
 * The Redis connection for shared rate-limit counters. Commands never queue while disconnected and time out
 * quickly, so a Redis outage costs a request at most `commandTimeoutMs` before the in-memory fallback counts it.
 */
export function connectRedis(url: string, commandTimeoutMs = 250): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let reported = false;
  // The URL may hold a password: only the error code is logged, once per outage.
  redis.on('error', (e: NodeJS.ErrnoException) => {
    if (reported) return;
    reported = true;
    log().warn({ code: e.code ?? e.name }, 'rate-limit store (Redis) unreachable: counting in this instance only');
  });
  redis.on('ready', () => {
    if (reported) log().info('rate-limit store (Redis) reachable again');
    reported = false;
  });
  return redis;
}
