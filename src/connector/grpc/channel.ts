/** The one gRPC channel a connector uses for the whole process, and a unary call of encoded bytes on it. */
import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { HealthCheckResponse_ServingStatus, HealthClient } from '../../generated/grpc/health/v1/health';

export const CONNECTOR_SERVICE = 'obp.connector.v1.Connector';

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

export interface ChannelOptions {
  keepalive: KeepaliveOptions;
  reconnect: ReconnectBackoff;
  /** Largest message sent or accepted, in bytes. */
  maxMessageBytes: number;
}

export const defaultKeepalive: KeepaliveOptions = { timeMs: 30_000, timeoutMs: 10_000, permitWithoutCalls: false };
// grpc-js defaults to 1 s growing to 120 s, which would keep the API failing for minutes after an adapter restart.
export const defaultReconnectBackoff: ReconnectBackoff = { initialMs: 500, maxMs: 5_000 };
export const defaultMaxMessageBytes = 4 * 1024 * 1024;

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
  /** One unary call; the request is already encoded (and signed), the response is decoded by the caller. */
  unary(path: string, request: Buffer, metadata: grpc.Metadata, deadline: number): Promise<Buffer>;
  /** grpc.health.v1 Check of the connector service on the same connection: SERVING, NOT_SERVING, … */
  healthStatus(deadline: number): Promise<string>;
  /** Whether the connection to the adapter is up now: tells a slow adapter from an unreachable one. */
  connected(): boolean;
  close(): void;
}

const asIs = (b: Buffer) => b;

export function openChannel(url: string, credentials: grpc.ChannelCredentials, options: ChannelOptions): ConnectorChannel {
  const client = new grpc.Client(url, credentials, {
    'grpc.keepalive_time_ms': options.keepalive.timeMs,
    'grpc.keepalive_timeout_ms': options.keepalive.timeoutMs,
    'grpc.keepalive_permit_without_calls': options.keepalive.permitWithoutCalls ? 1 : 0,
    'grpc.initial_reconnect_backoff_ms': options.reconnect.initialMs,
    'grpc.max_reconnect_backoff_ms': options.reconnect.maxMs,
    'grpc.max_send_message_length': options.maxMessageBytes,
    'grpc.max_receive_message_length': options.maxMessageBytes,
  });
  const health = new HealthClient(url, credentials, { channelOverride: client.getChannel() });

  return {
    healthStatus(deadline) {
      return new Promise<string>((resolve, reject) => {
        health.check({ service: CONNECTOR_SERVICE }, new grpc.Metadata(), { deadline }, (err, res) =>
          err ? reject(err) : resolve(HealthCheckResponse_ServingStatus[res.status] ?? 'UNKNOWN'),
        );
      });
    },
    unary(path, request, metadata, deadline) {
      return new Promise<Buffer>((resolve, reject) => {
        // grpc-js captures a stack trace (`new Error()`) on every call, only to decorate errors we never show:
        // about a tenth of the hop's CPU in the profile. Nothing else runs during this synchronous call.
        const stackTraceLimit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
          client.makeUnaryRequest(path, asIs, asIs, request, metadata, { deadline }, (err, res) =>
            err ? reject(err) : resolve(res ?? Buffer.alloc(0)),
          );
        } finally {
          Error.stackTraceLimit = stackTraceLimit;
        }
      });
    },
    connected: () => client.getChannel().getConnectivityState(false) === grpc.connectivityState.READY,
    close() {
      client.close();
    },
  };
}
