/** The reference adapter's settings, from environment variables (a bad value names the variable). */
import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { z } from 'zod';
import { envDatabaseUrl, envInteger, parseEnv } from '../env-schema';

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
});

export type AdapterEnv = z.infer<typeof adapterEnvSchema>;

export class AdapterConfigError extends Error {}

export function loadAdapterEnv(env: Record<string, string | undefined> = process.env): AdapterEnv {
  const c = parseEnv(adapterEnvSchema, env, (message) => new AdapterConfigError(`Invalid adapter configuration:\n  ${message}`));
  if (Boolean(c.ADAPTER_TLS_CERT_FILE) !== Boolean(c.ADAPTER_TLS_KEY_FILE)) {
    throw new AdapterConfigError('Invalid adapter configuration:\n  ADAPTER_TLS_CERT_FILE and ADAPTER_TLS_KEY_FILE go together');
  }
  if (c.ADAPTER_TLS_CLIENT_CA_FILE && !c.ADAPTER_TLS_CERT_FILE) {
    throw new AdapterConfigError('Invalid adapter configuration:\n  ADAPTER_TLS_CLIENT_CA_FILE needs ADAPTER_TLS_CERT_FILE and ADAPTER_TLS_KEY_FILE');
  }
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
