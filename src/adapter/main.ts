/**
 * `npm run adapter`: the reference adapter serving the mapped connector over its own database.
 * Env: ADAPTER_HOST (127.0.0.1), ADAPTER_PORT (50051), DATABASE_URL (sqlite:./data/adapter.sqlite), GIT_COMMIT,
 * ADAPTER_TLS_CERT_FILE + ADAPTER_TLS_KEY_FILE (TLS), ADAPTER_TLS_CLIENT_CA_FILE (mutual TLS).
 */
import { createMappedConnector } from '../connector/mapped';
import { createKnex } from '../db/knex';
import { migrateLatest } from '../db/migrate';
import { AdapterConfigError, adapterServerCredentials, loadAdapterEnv } from './env';
import { startAdapter } from './server';

async function main(): Promise<void> {
  let env;
  try {
    env = loadAdapterEnv();
  } catch (e) {
    if (e instanceof AdapterConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }

  const db = createKnex(env.DATABASE_URL);
  await migrateLatest(db);
  const connector = createMappedConnector(db);
  const credentials = adapterServerCredentials(env);
  const adapter = await startAdapter({ connector, host: env.ADAPTER_HOST, port: env.ADAPTER_PORT, credentials });
  const security = env.ADAPTER_TLS_CLIENT_CA_FILE ? 'mutual TLS' : env.ADAPTER_TLS_CERT_FILE ? 'TLS' : 'plaintext';
  console.log(`OBP connector adapter (obp.connector.v1, grpc.health.v1) listening on ${adapter.host}:${adapter.port} (${security})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, shutting down`);
    await adapter.close();
    await connector.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error('Adapter failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
