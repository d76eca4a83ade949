/** The reference adapter's settings, from environment variables (a bad value names the variable). */
import fs from 'node:fs';
import net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { z } from 'zod';
import { MIN_SECRET_LENGTH } from '../connector/grpc/call-signature';
import { envBoolean, envDatabaseUrl, envInteger, envOptionalInteger, parseEnv } from '../env-schema';
import { eventsEnvShape } from '../events/config';
import { LOG_LEVELS } from '../observability/log';

const secret = z.string().min(MIN_SECRET_LENGTH, { message: `must be at least ${MIN_SECRET_LENGTH} characters` }).optional();

/** `npm run adapter`; each `.describe()` is the variable's documentation (src/env-docs.ts). */
export const adapterEnvSchema = z.object({
  ADAPTER_HOST: z.string().min(1).default('127.0.0.1').describe('Listen address of the reference adapter.'),
  ADAPTER_PORT: envInteger(50051, 0, 65535).describe('gRPC port of the reference adapter.'),
  DATABASE_URL: envDatabaseUrl('sqlite:./data/adapter.sqlite').describe(
    "The reference adapter's own store (same forms as the service's DATABASE_URL).",
  ),
  GIT_COMMIT: z.string().optional().describe('`git_commit` in the adapter info (default: the checked-out commit, if any).'),
  ADAPTER_TLS_CERT_FILE: z
    .string()
    .optional()
    .describe('PEM server certificate; with ADAPTER_TLS_KEY_FILE the adapter serves TLS, else plaintext.'),
  ADAPTER_TLS_KEY_FILE: z.string().optional().describe('PEM private key of ADAPTER_TLS_CERT_FILE.'),
  ADAPTER_TLS_CLIENT_CA_FILE: z
    .string()
    .optional()
    .describe('PEM CA bundle of API clients: when set, clients must present a certificate it signed (mutual TLS).'),
  ADAPTER_AUTH_SECRET: secret.describe("Shared secret every call must be signed with (the API's GRPC_AUTH_SECRET)"),
  ADAPTER_AUTH_PREVIOUS_SECRET: secret.describe('The secret being rotated out, still accepted (with ADAPTER_AUTH_SECRET)'),
  ADAPTER_AUTH_MAX_SKEW_MS: envInteger(10_000, 1_000, 300_000).describe(
    "How far a signed call's timestamp may be from the adapter's clock; replays are refused within it",
  ),
  ADAPTER_ALLOW_PLAINTEXT: envBoolean(false).describe('Serve without TLS on a non-loopback address (refused otherwise)'),
  ADAPTER_ALLOW_UNAUTHENTICATED: envBoolean(false).describe(
    'Serve on a non-loopback address without mutual TLS or a shared secret (refused otherwise)',
  ),
  ADAPTER_MAX_MESSAGE_BYTES: envInteger(4 * 1024 * 1024, 1024, 256 * 1024 * 1024).describe(
    'Largest gRPC message the adapter accepts or sends, in bytes',
  ),
  ADAPTER_MAX_LIST_ITEMS: envInteger(1_000, 1, 100_000).describe(
    'Largest list in a request (and page size asked for) the adapter serves; larger is INVALID_ARGUMENT',
  ),
  ADAPTER_HEALTH_INTERVAL_MS: envInteger(5_000, 100, 600_000).describe(
    'How often the adapter checks its store for grpc.health.v1 (NOT_SERVING while it does not answer)',
  ),
  ADAPTER_METRICS_PORT: envOptionalInteger(0, 65535).describe("Port of the adapter's Prometheus /metrics (on ADAPTER_HOST); unset: no metrics endpoint"),
  ADAPTER_REFLECTION: envBoolean(true).describe('Serve gRPC server reflection (grpcurl and similar tools without the proto files)'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info').describe("The adapter's log level (pino: fatal … trace, or silent)"),
  ...eventsEnvShape,
});

export type AdapterEnv = z.infer<typeof adapterEnvSchema>;

export class AdapterConfigError extends Error {}

/** Loopback addresses are reachable only from this machine: plaintext and no client authentication are tolerable. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return net.isIPv4(host) && host.startsWith('127.');
}

/** Why this link would be open to the network, or undefined. */
function exposure(c: AdapterEnv): string | undefined {
  if (isLoopback(c.ADAPTER_HOST)) return undefined;
  if (!c.ADAPTER_TLS_CERT_FILE && !c.ADAPTER_ALLOW_PLAINTEXT) {
    return `ADAPTER_HOST ${c.ADAPTER_HOST} is not a loopback address: serve TLS (ADAPTER_TLS_CERT_FILE, ADAPTER_TLS_KEY_FILE) or set ADAPTER_ALLOW_PLAINTEXT=true`;
  }
  if (!c.ADAPTER_TLS_CLIENT_CA_FILE && !c.ADAPTER_AUTH_SECRET && !c.ADAPTER_ALLOW_UNAUTHENTICATED) {
    return `ADAPTER_HOST ${c.ADAPTER_HOST} is not a loopback address: authenticate the API (ADAPTER_TLS_CLIENT_CA_FILE or ADAPTER_AUTH_SECRET) or set ADAPTER_ALLOW_UNAUTHENTICATED=true`;
  }
  return undefined;
}

export function loadAdapterEnv(env: Record<string, string | undefined> = process.env): AdapterEnv {
  const fail = (lines: string[]) => new AdapterConfigError(`Invalid adapter configuration:\n  ${lines.join('\n  ')}`);
  const c = parseEnv(adapterEnvSchema, env, (message) => fail([message]));
  if (Boolean(c.ADAPTER_TLS_CERT_FILE) !== Boolean(c.ADAPTER_TLS_KEY_FILE)) {
    throw fail(['ADAPTER_TLS_CERT_FILE and ADAPTER_TLS_KEY_FILE go together']);
  }
  if (c.ADAPTER_TLS_CLIENT_CA_FILE && !c.ADAPTER_TLS_CERT_FILE) {
    throw fail(['ADAPTER_TLS_CLIENT_CA_FILE needs ADAPTER_TLS_CERT_FILE and ADAPTER_TLS_KEY_FILE']);
  }
  if (c.ADAPTER_AUTH_PREVIOUS_SECRET && !c.ADAPTER_AUTH_SECRET) throw fail(['ADAPTER_AUTH_PREVIOUS_SECRET needs ADAPTER_AUTH_SECRET']);
  const open = exposure(c);
  if (open) throw fail([open]);
  return c;
}

/** Plaintext, TLS, or mutual TLS, from the ADAPTER_TLS_* files. */
export function adapterServerCredentials(env: AdapterEnv): grpc.ServerCredentials {
  if (!env.ADAPTER_TLS_CERT_FILE || !env.ADAPTER_TLS_KEY_FILE) return grpc.ServerCredentials.createInsecure();
  const clientCa = env.ADAPTER_TLS_CLIENT_CA_FILE ? fs.readFileSync(env.ADAPTER_TLS_CLIENT_CA_FILE) : null;
  return grpc.ServerCredentials.createSsl(
    clientCa,
    [{ private_key: fs.readFileSync(env.ADAPTER_TLS_KEY_FILE), cert_chain: fs.readFileSync(env.ADAPTER_TLS_CERT_FILE) }],
    clientCa !== null,
  );
}
