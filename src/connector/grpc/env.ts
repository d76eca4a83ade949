/** GrpcConnectorOptions from environment variables, validated (a bad value names the variable). */
import { z } from 'zod';
import { envInteger, envList, parseEnv } from '../../env-schema';
import { MIN_SECRET_LENGTH } from './call-signature';
import type { GrpcConnectorOptions } from './grpc-connector';

const int = envInteger;

const hostPort = z
  .string()
  .default('127.0.0.1:50051')
  .refine((v) => /^(\[[0-9a-fA-F:]+\]|[^\s:/]+):\d{1,5}$/.test(v), { message: 'must be host:port' });

const headerList = envList().refine((names) => names.every((n) => /^pass-through-[a-z0-9-]+$/i.test(n)), {
    message: 'must be a comma-separated list of Pass-Through-… header names',
  });

/** Read when CONNECTOR is `grpc` or `star`; each `.describe()` is the variable's documentation (src/env-docs.ts). */
export const grpcEnvSchema = z.object({
  GRPC_ADAPTER_URL: hostPort.describe('host:port of the core banking adapter (CONNECTOR=grpc or star)'),
  CONNECTOR_TIMEOUT_MS: int(5_000, 1, 600_000).describe('Deadline of one connector call, retries included'),
  GRPC_TLS_CA_FILE: z.string().optional().describe('PEM CA to verify the adapter (TLS when set)'),
  GRPC_TLS_CERT_FILE: z.string().optional().describe('Client certificate for mutual TLS (with GRPC_TLS_KEY_FILE)'),
  GRPC_TLS_KEY_FILE: z.string().optional().describe('Client key for mutual TLS (with GRPC_TLS_CERT_FILE)'),
  GRPC_AUTH_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, { message: `must be at least ${MIN_SECRET_LENGTH} characters` })
    .optional()
    .describe("Shared secret signing every adapter call (the adapter's ADAPTER_AUTH_SECRET), for links without mutual TLS"),
  GRPC_PASS_THROUGH_HEADERS: headerList.describe(
    'Comma-separated Pass-Through-* request headers forwarded to the adapter in the call context (default none)',
  ),
  GRPC_MAX_MESSAGE_BYTES: int(4 * 1024 * 1024, 1024, 256 * 1024 * 1024).describe(
    'Largest gRPC message sent to or accepted from the adapter, in bytes',
  ),
  GRPC_RETRY_MAX_ATTEMPTS: int(3, 1, 10).describe('Attempts for reads that fail UNAVAILABLE (writes are never retried)'),
  GRPC_BREAKER_FAILURE_THRESHOLD: int(5, 1, 1_000).describe(
    'Consecutive failures that open a circuit breaker (the adapter\'s: unreachable; a method\'s: timed out)',
  ),
  GRPC_BREAKER_COOLDOWN_MS: int(10_000, 1, 3_600_000).describe('How long an open breaker fails fast before probing again'),
  GRPC_KEEPALIVE_TIME_MS: int(30_000, 1_000, 3_600_000).describe('HTTP/2 keepalive ping interval on the adapter channel'),
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
    authSecret: c.GRPC_AUTH_SECRET,
    passThroughHeaders: c.GRPC_PASS_THROUGH_HEADERS,
    maxMessageBytes: c.GRPC_MAX_MESSAGE_BYTES,
    retry: { maxAttempts: c.GRPC_RETRY_MAX_ATTEMPTS },
    circuitBreaker: { failureThreshold: c.GRPC_BREAKER_FAILURE_THRESHOLD, cooldownMs: c.GRPC_BREAKER_COOLDOWN_MS },
    keepalive: { timeMs: c.GRPC_KEEPALIVE_TIME_MS },
  };
}
