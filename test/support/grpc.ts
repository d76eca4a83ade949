/** Helpers for tests of the gRPC link: expected failures, a misbehaving connector, a bare server, polling. */
import * as grpc from '@grpc/grpc-js';
import { afterEach, expect } from 'vitest';
import { startAdapter, type AdapterOptions, type RunningAdapter } from '../../src/adapter/server';
import type { Connector } from '../../src/connector/connector';
import { ConnectorError } from '../../src/connector/errors';
import { createGrpcConnector, type GrpcConnectorOptions } from '../../src/connector/grpc';
import { ConnectorService } from '../../src/generated/obp/connector/v1/connector';

/**
 * Adapters and clients for one test file, stopped after each test: `adapter()` on an ephemeral loopback port,
 * `client(port)` with a 3 s deadline unless told otherwise. `cleanups` takes anything else to stop.
 */
export function grpcLink(clientDefaults: Partial<GrpcConnectorOptions> = {}) {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    cleanups,
    async adapter(options: AdapterOptions): Promise<RunningAdapter> {
      const running = await startAdapter({ port: 0, shutdownGraceMs: 100, ...options });
      cleanups.push(() => running.kill());
      return running;
    },
    client(port: number, options: Partial<GrpcConnectorOptions> = {}): Connector {
      const connector = createGrpcConnector({ url: `127.0.0.1:${port}`, timeoutMs: 3_000, ...clientDefaults, ...options });
      cleanups.push(() => connector.close());
      return connector;
    },
  };
}

/** The ConnectorError a call must fail with. */
export async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

/**
 * Wraps a connector so that every call first waits, or fails UNAVAILABLE, as configured; counts calls. With
 * `slowMethod` set only that method waits. The readiness check is left alone (the adapter's health monitor).
 */
export function instrumented(inner: Connector) {
  const calls: Record<string, number> = {};
  const behaviour: { delayMs: number; failuresLeft: number; slowMethod?: string } = { delayMs: 0, failuresLeft: 0 };
  const connector = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'close' || prop === 'checkReadiness') return value;
      return async (...args: unknown[]) => {
        calls[String(prop)] = (calls[String(prop)] ?? 0) + 1;
        if (behaviour.delayMs > 0 && (behaviour.slowMethod ?? prop) === prop) await new Promise((r) => setTimeout(r, behaviour.delayMs));
        if (behaviour.failuresLeft > 0) {
          behaviour.failuresLeft -= 1;
          throw new ConnectorError('UNAVAILABLE', 'core banking system unreachable', { obpCode: 'OBP-50003' });
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as Connector;
  return { connector, calls, behaviour };
}

export async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * A bare server implementing only the given RPCs of obp.connector.v1 (the others answer UNIMPLEMENTED), as
 * another team's adapter might. `cleanups` receives its shutdown.
 */
export async function rawServer(handlers: grpc.UntypedServiceImplementation, cleanups: (() => unknown)[]): Promise<number> {
  const server = new grpc.Server();
  server.addService(ConnectorService, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  cleanups.push(() => server.forceShutdown());
  return port;
}
