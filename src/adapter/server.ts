/**
 * The reference adapter: serves any Connector over obp.connector.v1 (plus grpc.health.v1 and server reflection).
 * With the mapped connector behind it, it is a complete stand-in core banking system; a bank's own adapter
 * implements the same contract in front of its CBS.
 */
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { Connector } from '../connector/connector';
import { SignatureVerifier } from '../connector/grpc/call-signature';
import { defaultMaxMessageBytes } from '../connector/grpc/channel';
import { log } from '../observability/log';
import { connectorDefinition, connectorHandlers, type WriteScope } from './handlers';
import { HealthService, monitorStore } from './health';
import { adapterInfo, resolveIdentity, type AdapterIdentity } from './info';
import type { AdapterMetrics } from './metrics';
import { addReflection } from './reflection';

export type { WriteScope } from './handlers';

export interface AdapterOptions {
  connector: Connector;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: an ephemeral port, reported by `port`. */
  port?: number;
  /** Overrides what getAdapterInfo reports (default: reference adapter name, package version, git commit). */
  info?: Partial<AdapterIdentity>;
  /** Default plaintext. */
  credentials?: grpc.ServerCredentials;
  /** How long close() lets in-flight calls finish before cancelling them. Default 5000. */
  shutdownGraceMs?: number;
  /**
   * The store's unit of work: writes run in it and commit only if their caller still waits (deadline not passed,
   * not cancelled). Without it a write is checked before it starts only.
   */
  writeScope?: WriteScope;
  /** Require calls signed with one of these shared secrets, within a timestamp window (ms either way). */
  auth?: { secrets: string[]; maxSkewMs: number };
  /** Largest message accepted or sent. Default 4 MiB. */
  maxMessageBytes?: number;
  /** Largest list in a request, and page size asked for. Default 1000. */
  maxListItems?: number;
  /** How often the store's readiness is checked for grpc.health.v1. Default 5000 ms. */
  healthIntervalMs?: number;
  /** Records call durations when given. */
  metrics?: AdapterMetrics;
  /** Serve gRPC server reflection. Default true. */
  reflection?: boolean;
  /** Default: the process's root logger. */
  logger?: Logger;
}

export interface RunningAdapter {
  readonly host: string;
  readonly port: number;
  /** Stops accepting calls, lets in-flight calls finish (up to the grace period), then stops. */
  close(): Promise<void>;
  /** Stops at once, cancelling in-flight calls, as a crash would. */
  kill(): void;
}

export async function startAdapter(options: AdapterOptions): Promise<RunningAdapter> {
  const host = options.host ?? '127.0.0.1';
  const identity = resolveIdentity(options.info);
  const health = new HealthService();
  const maxMessageBytes = options.maxMessageBytes ?? defaultMaxMessageBytes;
  const server = new grpc.Server({
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': maxMessageBytes,
  });

  server.addService(
    connectorDefinition,
    connectorHandlers({
      connector: options.connector,
      writeScope: options.writeScope,
      verifier: options.auth && new SignatureVerifier(options.auth),
      maxListItems: options.maxListItems ?? 1_000,
      logger: options.logger ?? log(),
      metrics: options.metrics,
      adapterInfo: () => adapterInfo(identity),
    }),
  );
  health.addTo(server);
  if (options.reflection !== false) addReflection(server);

  const port = await new Promise<number>((resolve, reject) => {
    const address = host.includes(':') ? `[${host}]:${options.port ?? 0}` : `${host}:${options.port ?? 0}`;
    server.bindAsync(address, options.credentials ?? grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    );
  });
  const stopMonitor = await monitorStore(options.connector, health, options.healthIntervalMs ?? 5_000);

  const graceMs = options.shutdownGraceMs ?? 5_000;
  return {
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        stopMonitor();
        health.set('NOT_SERVING');
        health.endWatches();
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
    kill() {
      stopMonitor();
      health.endWatches();
      server.forceShutdown();
    },
  };
}
