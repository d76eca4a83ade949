/**
 * Puts any Connector behind the reference adapter and returns a gRPC connector talking to it, so the same
 * conformance suite runs over the wire: `grpcLoopback(inner)` is the "grpc→X" subject.
 */
import type { Connector } from '../../src/connector/connector';
import { createGrpcConnector, type GrpcConnectorOptions } from '../../src/connector/grpc';
import { startAdapter, type RunningAdapter } from '../../src/adapter/server';

export interface GrpcLoopback {
  connector: Connector;
  adapter: RunningAdapter;
  close(): Promise<void>;
}

export async function grpcLoopback(inner: Connector, options: Partial<GrpcConnectorOptions> = {}): Promise<GrpcLoopback> {
  const adapter = await startAdapter({ connector: inner, host: '127.0.0.1', port: 0 });
  const connector = createGrpcConnector({ url: `127.0.0.1:${adapter.port}`, timeoutMs: 5_000, ...options });
  return {
    connector,
    adapter,
    async close() {
      await connector.close();
      await adapter.close();
      await inner.close();
    },
  };
}
