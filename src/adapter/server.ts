/**
 * The reference adapter: serves any Connector over obp.connector.v1 (plus grpc.health.v1). With the mapped
 * connector behind it, it is a complete stand-in core banking system; a bank's own adapter implements the same
 * contract in front of its CBS.
 */
import * as grpc from '@grpc/grpc-js';
import type { CallContext, Connector, ConnectorMethodName } from '../connector/connector';
import { ConnectorError } from '../connector/errors';
import { decodeCallContext, msg, type Wire } from '../connector/grpc/codec';
import { connectorMethodNames, methodCodecs } from '../connector/grpc/methods';
import { loadProtos } from '../connector/grpc/proto';
import { CORRELATION_ID_KEY, statusFromError } from '../connector/grpc/status';
import { HealthService } from './health';
import { adapterInfo, resolveIdentity, type AdapterIdentity } from './info';

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
  const server = new grpc.Server();

  server.addService(loadProtos().connector.service, connectorHandlers(options.connector, identity));
  health.addTo(server);

  const port = await new Promise<number>((resolve, reject) => {
    const address = host.includes(':') ? `[${host}]:${options.port ?? 0}` : `${host}:${options.port ?? 0}`;
    server.bindAsync(address, options.credentials ?? grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    );
  });
  health.set('SERVING');

  const graceMs = options.shutdownGraceMs ?? 5_000;
  return {
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
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
      health.endWatches();
      server.forceShutdown();
    },
  };
}

type UnaryHandler = (call: grpc.ServerUnaryCall<Wire, Wire>, callback: grpc.sendUnaryData<Wire>) => void;

function connectorHandlers(connector: Connector, identity: AdapterIdentity): grpc.UntypedServiceImplementation {
  const handlers: Record<string, UnaryHandler> = {};
  for (const method of connectorMethodNames) {
    handlers[method] = (call, callback) => {
      const cc = callContextOf(call);
      serve(connector, method, call.request, cc, identity).then(
        (response) => callback(null, response),
        (e: unknown) => callback(statusFromError(e)),
      );
    };
  }
  return handlers;
}

function callContextOf(call: grpc.ServerUnaryCall<Wire, Wire>): CallContext {
  const cc = decodeCallContext(msg(call.request, 'call_context'));
  if (!cc.correlationId) {
    const fromMetadata = call.metadata.get(CORRELATION_ID_KEY)[0];
    if (typeof fromMetadata === 'string') cc.correlationId = fromMetadata;
  }
  return cc;
}

async function serve(
  connector: Connector,
  method: ConnectorMethodName,
  request: Wire,
  cc: CallContext,
  identity: AdapterIdentity,
): Promise<Wire> {
  const codec = methodCodecs[method];
  if (method === 'getAdapterInfo') return methodCodecs.getAdapterInfo.encodeResponse(adapterInfo(identity));
  const args = codec.decodeRequest(request) as unknown[];
  const impl = connector[method] as (...a: unknown[]) => Promise<unknown>;
  const result = await impl.apply(connector, [...args, cc]);
  if (result === undefined) throw new ConnectorError('NOT_FOUND', `${method}: not found`);
  return (codec.encodeResponse as (r: unknown) => Wire)(result);
}
