/** GrpcConnectorOptions from environment variables, validated (a bad value names the variable). */
import { z } from 'zod';
import { envInteger, parseEnv } from '../../env-schema';
import type { GrpcConnectorOptions } from './grpc-connector';

const int = envInteger;

const hostPort = z
  .string()
  .default('127.0.0.1:50051')
  .refine((v) => /^(\[[0-9a-fA-F:]+\]|[^\s:/]+):\d{1,5}$/.test(v), { message: 'must be host:port' });

/** Read when CONNECTOR is `grpc` or `star`; each `.describe()` is the variable's documentation (src/env-docs.ts). */
export const grpcEnvSchema = z.object({
  GRPC_ADAPTER_URL: hostPort.describe('`host:port` of the core banking adapter.'),
  CONNECTOR_TIMEOUT_MS: int(5_000, 1, 600_000).describe('Deadline of one connector call in ms, retries included.'),
  GRPC_TLS_CA_FILE: z.string().optional().describe('PEM CA to verify the adapter; TLS when set.'),
  GRPC_TLS_CERT_FILE: z.string().optional().describe('Client certificate (PEM) for mutual TLS, with GRPC_TLS_KEY_FILE.'),
  GRPC_TLS_KEY_FILE: z.string().optional().describe('Client private key (PEM) for mutual TLS, with GRPC_TLS_CERT_FILE.'),
  GRPC_RETRY_MAX_ATTEMPTS: int(3, 1, 10).describe('Attempts for reads that fail UNAVAILABLE (writes are never retried).'),
  GRPC_BREAKER_FAILURE_THRESHOLD: int(5, 1, 1_000).describe(
    'Consecutive UNAVAILABLE/DEADLINE failures that open the circuit breaker.',
  ),
  GRPC_BREAKER_COOLDOWN_MS: int(10_000, 1, 3_600_000).describe(
    'How long (ms) an open breaker fails fast before probing the adapter again.',
  ),
  GRPC_KEEPALIVE_TIME_MS: int(30_000, 1_000, 3_600_000).describe('HTTP/2 keepalive ping interval (ms) on the adapter channel.'),
});

export class GrpcConfigError extends Error {}

export function grpcConnectorOptionsFromEnv(env: Record<string, string | undefined> = process.env): GrpcConnectorOptions {
  const c = parseEnv(grpcEnvSchema, env, (message) => new GrpcConfigError(`Invalid gRPC connector configuration:\n  ${message}`));
  if (Boolean(c.GRPC_TLS_CERT_FILE) !== Boolean(c.GRPC_TLS_KEY_FILE)) {
    throw new GrpcConfigError('Invalid gRPC connector configuration:\n  GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE go together');
  }
  return {
    url: c.GRPC_ADAPTER_URL,
    timeoutMs: c.CONNECTOR_TIMEOUT_MS,
    caFile: c.GRPC_TLS_CA_FILE,
    certFile: c.GRPC_TLS_CERT_FILE,
    keyFile: c.GRPC_TLS_KEY_FILE,
    retry: { maxAttempts: c.GRPC_RETRY_MAX_ATTEMPTS },
    circuitBreaker: { failureThreshold: c.GRPC_BREAKER_FAILURE_THRESHOLD, cooldownMs: c.GRPC_BREAKER_COOLDOWN_MS },
    keepalive: { timeMs: c.GRPC_KEEPALIVE_TIME_MS },
  };
}
