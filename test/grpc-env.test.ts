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
      authSecret: undefined,
      passThroughHeaders: [],
      maxMessageBytes: 4 * 1024 * 1024,
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

  it('reads the link security settings and refuses weak ones', () => {
    const secret = 'x'.repeat(32);
    expect(
      grpcConnectorOptionsFromEnv({
        GRPC_AUTH_SECRET: secret,
        GRPC_PASS_THROUGH_HEADERS: 'Pass-Through-Tenant, pass-through-branch',
        GRPC_MAX_MESSAGE_BYTES: '65536',
      }),
    ).toMatchObject({ authSecret: secret, passThroughHeaders: ['Pass-Through-Tenant', 'pass-through-branch'], maxMessageBytes: 65_536 });
    expect(() => grpcConnectorOptionsFromEnv({ GRPC_AUTH_SECRET: 'short' })).toThrow(/GRPC_AUTH_SECRET: must be at least 32 characters/);
    expect(() => grpcConnectorOptionsFromEnv({ GRPC_PASS_THROUGH_HEADERS: 'Pass-Through-Tenant,Authorization' })).toThrow(
      /GRPC_PASS_THROUGH_HEADERS: must be a comma-separated list of Pass-Through-/,
    );
    expect(() => grpcConnectorOptionsFromEnv({ GRPC_MAX_MESSAGE_BYTES: '10' })).toThrow(/GRPC_MAX_MESSAGE_BYTES: must be a whole number/);
  });
});

describe('adapter environment', () => {
  it('has defaults and names a bad variable', () => {
    expect(loadAdapterEnv({})).toEqual({
      ADAPTER_HOST: '127.0.0.1',
      ADAPTER_PORT: 50051,
      DATABASE_URL: 'sqlite:./data/adapter.sqlite',
      ADAPTER_AUTH_MAX_SKEW_MS: 10_000,
      ADAPTER_ALLOW_PLAINTEXT: false,
      ADAPTER_ALLOW_UNAUTHENTICATED: false,
      ADAPTER_MAX_MESSAGE_BYTES: 4 * 1024 * 1024,
      ADAPTER_MAX_LIST_ITEMS: 1_000,
      ADAPTER_HEALTH_INTERVAL_MS: 5_000,
      ADAPTER_REFLECTION: true,
      LOG_LEVEL: 'info',
      EVENTS_EXCHANGE: 'obp.customer.events',
      EVENTS_POLL_INTERVAL_MS: 500,
    });
    expect(() => loadAdapterEnv({ EVENTS_AMQP_URL: 'http://broker' })).toThrow(/EVENTS_AMQP_URL: must be amqp:/);
    expect(loadAdapterEnv({ ADAPTER_PORT: '0', DATABASE_URL: 'mysql://u:p@db:3306/cbs' })).toMatchObject({ ADAPTER_PORT: 0 });
    expect(() => loadAdapterEnv({ ADAPTER_PORT: '70000' })).toThrow(/ADAPTER_PORT: must be a whole number/);
    expect(() => loadAdapterEnv({ DATABASE_URL: 'postgres://x' })).toThrow(/DATABASE_URL: must be/);
    expect(() => loadAdapterEnv({ ADAPTER_TLS_CERT_FILE: '/c' })).toThrow(/ADAPTER_TLS_CERT_FILE and ADAPTER_TLS_KEY_FILE/);
    expect(() => loadAdapterEnv({ ADAPTER_TLS_CLIENT_CA_FILE: '/ca' })).toThrow(/ADAPTER_TLS_CLIENT_CA_FILE needs/);
  });
});

describe('adapter link policy', () => {
  const secret = 's'.repeat(32);

  it('serves plaintext and unauthenticated calls on loopback addresses only', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) expect(loadAdapterEnv({ ADAPTER_HOST: host }).ADAPTER_HOST).toBe(host);
    expect(() => loadAdapterEnv({ ADAPTER_HOST: '0.0.0.0' })).toThrow(/ADAPTER_HOST 0\.0\.0\.0 is not a loopback address: serve TLS .* or set ADAPTER_ALLOW_PLAINTEXT=true/);
    expect(() => loadAdapterEnv({ ADAPTER_HOST: '10.1.2.3', ADAPTER_ALLOW_PLAINTEXT: 'true' })).toThrow(
      /authenticate the API \(ADAPTER_TLS_CLIENT_CA_FILE or ADAPTER_AUTH_SECRET\) or set ADAPTER_ALLOW_UNAUTHENTICATED=true/,
    );
  });

  it('accepts a non-loopback address with TLS and client authentication, or when explicitly allowed', () => {
    const tls = { ADAPTER_TLS_CERT_FILE: '/c.pem', ADAPTER_TLS_KEY_FILE: '/k.pem' };
    expect(loadAdapterEnv({ ADAPTER_HOST: '0.0.0.0', ...tls, ADAPTER_TLS_CLIENT_CA_FILE: '/ca.pem' }).ADAPTER_HOST).toBe('0.0.0.0');
    expect(loadAdapterEnv({ ADAPTER_HOST: '0.0.0.0', ...tls, ADAPTER_AUTH_SECRET: secret }).ADAPTER_AUTH_SECRET).toBe(secret);
    expect(() => loadAdapterEnv({ ADAPTER_HOST: '0.0.0.0', ...tls })).toThrow(/ADAPTER_ALLOW_UNAUTHENTICATED/);
    expect(
      loadAdapterEnv({ ADAPTER_HOST: 'adapter', ADAPTER_ALLOW_PLAINTEXT: 'true', ADAPTER_AUTH_SECRET: secret }).ADAPTER_ALLOW_PLAINTEXT,
    ).toBe(true);
    expect(
      loadAdapterEnv({ ADAPTER_HOST: 'adapter', ADAPTER_ALLOW_PLAINTEXT: 'true', ADAPTER_ALLOW_UNAUTHENTICATED: 'true' }).ADAPTER_HOST,
    ).toBe('adapter');
  });

  it('names bad security and limit settings', () => {
    expect(() => loadAdapterEnv({ ADAPTER_AUTH_SECRET: 'short' })).toThrow(/ADAPTER_AUTH_SECRET: must be at least 32 characters/);
    expect(() => loadAdapterEnv({ ADAPTER_AUTH_PREVIOUS_SECRET: secret })).toThrow(/ADAPTER_AUTH_PREVIOUS_SECRET needs ADAPTER_AUTH_SECRET/);
    expect(() => loadAdapterEnv({ ADAPTER_MAX_LIST_ITEMS: '0' })).toThrow(/ADAPTER_MAX_LIST_ITEMS: must be a whole number/);
    expect(() => loadAdapterEnv({ ADAPTER_METRICS_PORT: 'x' })).toThrow(/ADAPTER_METRICS_PORT: must be a whole number/);
    expect(() => loadAdapterEnv({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(loadAdapterEnv({ ADAPTER_METRICS_PORT: '9464', LOG_LEVEL: 'warn' })).toMatchObject({ ADAPTER_METRICS_PORT: 9464, LOG_LEVEL: 'warn' });
  });
});
