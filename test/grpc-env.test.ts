import { describe, expect, it } from 'vitest';
import { grpcConnectorOptionsFromEnv } from '../src/connector/grpc';
import { loadAdapterEnv } from '../src/adapter/env';

describe('gRPC connector environment', () => {
  it('has defaults for everything', () => {
    expect(grpcConnectorOptionsFromEnv({})).toEqual({
      url: '127.0.0.1:50051',
      timeoutMs: 5_000,
      caFile: undefined,
      certFile: undefined,
      keyFile: undefined,
      retry: { maxAttempts: 3 },
      circuitBreaker: { failureThreshold: 5, cooldownMs: 10_000 },
      keepalive: { timeMs: 30_000 },
    });
  });

  it('reads the variables and names a bad one', () => {
    const options = grpcConnectorOptionsFromEnv({
      GRPC_ADAPTER_URL: 'cbs-adapter.internal:7443',
      CONNECTOR_TIMEOUT_MS: '1500',
      GRPC_TLS_CA_FILE: '/etc/ca.pem',
      GRPC_TLS_CERT_FILE: '/etc/client.pem',
      GRPC_TLS_KEY_FILE: '/etc/client.key',
    });
    expect(options).toMatchObject({ url: 'cbs-adapter.internal:7443', timeoutMs: 1_500, certFile: '/etc/client.pem' });
    expect(() => grpcConnectorOptionsFromEnv({ CONNECTOR_TIMEOUT_MS: 'soon' })).toThrow(/CONNECTOR_TIMEOUT_MS: must be a whole number/);
    expect(() => grpcConnectorOptionsFromEnv({ GRPC_ADAPTER_URL: 'http://x' })).toThrow(/GRPC_ADAPTER_URL: must be host:port/);
    expect(() => grpcConnectorOptionsFromEnv({ GRPC_TLS_KEY_FILE: '/k' })).toThrow(/GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE/);
  });
});

describe('adapter environment', () => {
  it('has defaults and names a bad variable', () => {
    expect(loadAdapterEnv({})).toEqual({ ADAPTER_HOST: '127.0.0.1', ADAPTER_PORT: 50051, DATABASE_URL: 'sqlite:./data/adapter.sqlite' });
    expect(loadAdapterEnv({ ADAPTER_PORT: '0', DATABASE_URL: 'mysql://u:p@db:3306/cbs' })).toMatchObject({ ADAPTER_PORT: 0 });
    expect(() => loadAdapterEnv({ ADAPTER_PORT: '70000' })).toThrow(/ADAPTER_PORT: must be a whole number/);
    expect(() => loadAdapterEnv({ DATABASE_URL: 'postgres://x' })).toThrow(/DATABASE_URL: must be/);
    expect(() => loadAdapterEnv({ ADAPTER_TLS_CERT_FILE: '/c' })).toThrow(/ADAPTER_TLS_CERT_FILE and ADAPTER_TLS_KEY_FILE/);
    expect(() => loadAdapterEnv({ ADAPTER_TLS_CLIENT_CA_FILE: '/ca' })).toThrow(/ADAPTER_TLS_CLIENT_CA_FILE needs/);
  });
});
