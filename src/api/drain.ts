/**
 * Graceful stop of an HTTP server: readiness turns 503 and idle keep-alive connections close at once; after
 * `delayMs` (time for load balancers to notice) it stops accepting; requests in flight are answered with
 * `Connection: close`; connections still open when `graceMs` runs out are cut.
 */
import type http from 'node:http';
import { rootLogger } from '../observability/log';
import type { Lifecycle } from './lifecycle';

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, Math.max(0, ms)).unref();
  });

/** Resolves when every connection of `servers` is closed; true if none had to be cut. */
export async function drain(
  servers: http.Server[],
  lifecycle: Lifecycle,
  options: { delayMs: number; graceMs: number },
): Promise<boolean> {
  const deadline = Date.now() + options.graceMs;
  lifecycle.draining = true;
  // Idle keep-alive connections go at once (their clients reconnect, through the load balancer, elsewhere);
  // busy ones close after their response, which now says `Connection: close`.
  for (const server of servers) server.closeIdleConnections();
  if (options.delayMs > 0) await sleep(Math.min(options.delayMs, options.graceMs));
  const closed = Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        }),
    ),
  );
  const clean = await Promise.race([closed.then(() => true), sleep(deadline - Date.now()).then(() => false)]);
  if (!clean) {
    rootLogger().warn({ grace_ms: options.graceMs }, 'shutdown grace period over: cutting the connections still open');
    for (const server of servers) server.closeAllConnections();
    await closed;
  }
  return clean;
}
