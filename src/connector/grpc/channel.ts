/** The one gRPC channel a connector uses for the whole process, and a promise-returning unary call on it. */
import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { ConnectorMethodName } from '../connector';
import type { Wire } from './codec';
import { CONNECTOR_SERVICE, loadProtos } from './proto';

export interface TlsFiles {
  /** PEM CA bundle to verify the adapter's certificate; with none of the three files the channel is plaintext. */
  caFile?: string;
  /** PEM client certificate and key, for mutual TLS (both or neither). */
  certFile?: string;
  keyFile?: string;
}

export interface KeepaliveOptions {
  /** Ping the adapter after this long without activity, to notice dead connections (grpc.keepalive_time_ms). */
  timeMs: number;
  /** Close the connection when a ping is not answered within this (grpc.keepalive_timeout_ms). */
  timeoutMs: number;
  /** Also ping while no call is active. Adapters must then allow it (grpc.keepalive_permit_without_calls). */
  permitWithoutCalls: boolean;
}

export interface ReconnectBackoff {
  initialMs: number;
  maxMs: number;
}

export const defaultKeepalive: KeepaliveOptions = { timeMs: 30_000, timeoutMs: 10_000, permitWithoutCalls: false };
// grpc-js defaults to 1 s growing to 120 s, which would keep the API failing for minutes after an adapter restart.
export const defaultReconnectBackoff: ReconnectBackoff = { initialMs: 500, maxMs: 5_000 };

export function channelCredentials(tls: TlsFiles): grpc.ChannelCredentials {
  const { caFile, certFile, keyFile } = tls;
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new Error('gRPC connector: mutual TLS needs both a client certificate file and a key file');
  }
  if (!caFile && !certFile) return grpc.credentials.createInsecure();
  const read = (file: string | undefined) => (file ? fs.readFileSync(file) : null);
  return grpc.credentials.createSsl(read(caFile), read(keyFile), read(certFile));
}

export interface ConnectorChannel {
  unary(method: ConnectorMethodName, request: Wire, metadata: grpc.Metadata, deadline: number): Promise<Wire>;
  /** grpc.health.v1 Check of the connector service on the same connection: SERVING, NOT_SERVING, … */
  healthStatus(deadline: number): Promise<string>;
  close(): void;
}

export function openChannel(
  url: string,
  credentials: grpc.ChannelCredentials,
  keepalive: KeepaliveOptions,
  reconnect: ReconnectBackoff,
): ConnectorChannel {
  const { connector: Client, health: HealthClient } = loadProtos();
  const client = new Client(url, credentials, {
    'grpc.keepalive_time_ms': keepalive.timeMs,
    'grpc.keepalive_timeout_ms': keepalive.timeoutMs,
    'grpc.keepalive_permit_without_calls': keepalive.permitWithoutCalls ? 1 : 0,
    'grpc.initial_reconnect_backoff_ms': reconnect.initialMs,
    'grpc.max_reconnect_backoff_ms': reconnect.maxMs,
  });
  const health = new HealthClient(url, credentials, { channelOverride: client.getChannel() });

  return {
    healthStatus(deadline) {
      return new Promise<string>((resolve, reject) => {
        health.Check({ service: CONNECTOR_SERVICE }, { deadline }, (err: grpc.ServiceError | null, res?: { status: string }) =>
          err ? reject(err) : resolve(res?.status ?? 'UNKNOWN'),
        );
      });
    },
    unary(method, request, metadata, deadline) {
      const def = Client.service[method];
      if (!def) return Promise.reject(new Error(`obp.connector.v1.Connector has no RPC ${method}`));
      return new Promise<Wire>((resolve, reject) => {
        client.makeUnaryRequest<Wire, Wire>(
          def.path,
          def.requestSerialize,
          def.responseDeserialize,
          request,
          metadata,
          { deadline },
          (err, res) => (err ? reject(err) : resolve(res ?? {})),
        );
      });
    },
    close() {
      client.close();
    },
  };
}
