/**
 * `npm run adapter`: the reference adapter serving the mapped connector over its own database. Settings: see
 * src/adapter/env.ts (ADAPTER_HOST, ADAPTER_PORT, DATABASE_URL, TLS, shared secret, limits, metrics port).
 */
import { createKnex } from '../db/knex';
import { dbStatements } from '../observability/metrics';
import { startRelay } from '../events/relay';
import { migrateLatest } from '../db/migrate';
import { createLogger, setRootLogger } from '../observability/log';
import { AdapterConfigError, adapterServerCredentials, loadAdapterEnv } from './env';
import { createAdapterMetrics, serveMetrics } from './metrics';
import { startAdapter } from './server';
import { mappedStore } from './store';

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
  const logger = createLogger({ level: env.LOG_LEVEL, name: 'adapter' });
  setRootLogger(logger);

  const db = createKnex(env.DATABASE_URL);
  await migrateLatest(db);
  const store = mappedStore(db, { outbox: Boolean(env.EVENTS_AMQP_URL) });
  const metrics = env.ADAPTER_METRICS_PORT === undefined ? undefined : createAdapterMetrics();
  // The store's statements (counted by createKnex) on the adapter's own registry too.
  metrics?.registry.registerMetric(dbStatements);
  const secrets = [env.ADAPTER_AUTH_SECRET, env.ADAPTER_AUTH_PREVIOUS_SECRET].filter((s): s is string => Boolean(s));
  const adapter = await startAdapter({
    ...store,
    host: env.ADAPTER_HOST,
    port: env.ADAPTER_PORT,
    credentials: adapterServerCredentials(env),
    auth: secrets.length > 0 ? { secrets, maxSkewMs: env.ADAPTER_AUTH_MAX_SKEW_MS } : undefined,
    maxMessageBytes: env.ADAPTER_MAX_MESSAGE_BYTES,
    maxListItems: env.ADAPTER_MAX_LIST_ITEMS,
    healthIntervalMs: env.ADAPTER_HEALTH_INTERVAL_MS,
    reflection: env.ADAPTER_REFLECTION,
    metrics,
    logger,
  });
  const metricsServer = metrics && (await serveMetrics(metrics, env.ADAPTER_HOST, env.ADAPTER_METRICS_PORT!));
  // The adapter's store holds the customers, their history and the outbox: it publishes the change events.
  const relay = startRelay(db, env, logger);
  const tls = env.ADAPTER_TLS_CLIENT_CA_FILE ? 'mutual TLS' : env.ADAPTER_TLS_CERT_FILE ? 'TLS' : 'plaintext';
  logger.info(
    { host: adapter.host, port: adapter.port, tls, signed_calls: secrets.length > 0, metrics_port: metricsServer?.port },
    'OBP connector adapter listening (obp.connector.v1, grpc.health.v1, reflection)',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await adapter.close();
    await relay?.stop();
    await store.connector.close();
    await metricsServer?.close();
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
