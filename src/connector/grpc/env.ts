/** GrpcConnectorOptions from environment variables, validated (a bad value names the variable). */
import { z } from 'zod';
import { envInteger } from '../../env-schema';
import type { GrpcConnectorOptions } from './grpc-connector';

const int = envInteger;

const hostPort = z
  .string()
  .default('127.0.0.1:50051')
  .refine((v) => /^(\[[0-9a-fA-F:]+\]|[^\s:/]+):\d{1,5}$/.test(v), { message: 'must be host:port' });

const schema = z.object({
  GRPC_ADAPTER_URL: hostPort,
  CONNECTOR_TIMEOUT_MS: int(5_000, 1, 600_000),
  GRPC_TLS_CA_FILE: z.string().optional(),
  GRPC_TLS_CERT_FILE: z.string().optional(),
  GRPC_TLS_KEY_FILE: z.string().optional(),
  GRPC_RETRY_MAX_ATTEMPTS: int(3, 1, 10),
  GRPC_BREAKER_FAILURE_THRESHOLD: int(5, 1, 1_000),
  GRPC_BREAKER_COOLDOWN_MS: int(10_000, 1, 3_600_000),
  GRPC_KEEPALIVE_TIME_MS: int(30_000, 1_000, 3_600_000),
});

export class GrpcConfigError extends Error {}

export function grpcConnectorOptionsFromEnv(env: Record<string, string | undefined> = process.env): GrpcConnectorOptions {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new GrpcConfigError(`Invalid gRPC connector configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = parsed.data;
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
