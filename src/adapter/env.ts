/** The reference adapter's settings, from environment variables (a bad value names the variable). */
import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { z } from 'zod';
import { envDatabaseUrl, envInteger } from '../env-schema';

const schema = z.object({
  ADAPTER_HOST: z.string().min(1).default('127.0.0.1'),
  ADAPTER_PORT: envInteger(50051, 0, 65535),
  DATABASE_URL: envDatabaseUrl('sqlite:./data/adapter.sqlite'),
  /** PEM server certificate and key: with both set the adapter serves TLS, else plaintext. */
  ADAPTER_TLS_CERT_FILE: z.string().optional(),
  ADAPTER_TLS_KEY_FILE: z.string().optional(),
  /** PEM CA bundle of API clients: when set, clients must present a certificate it signed (mutual TLS). */
  ADAPTER_TLS_CLIENT_CA_FILE: z.string().optional(),
});

export type AdapterEnv = z.infer<typeof schema>;

export class AdapterConfigError extends Error {}

export function loadAdapterEnv(env: Record<string, string | undefined> = process.env): AdapterEnv {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AdapterConfigError(`Invalid adapter configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = parsed.data;
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
