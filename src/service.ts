import type http from 'node:http';
import type { Knex } from 'knex';
import type { DestinationStream } from 'pino';
import { createApp } from './api/app';
import { drain } from './api/drain';
import { IdempotencyKeys } from './api/idempotency';
import { createHttpServer, listen } from './api/http-server';
import type { Lifecycle } from './api/lifecycle';
import { opsHandler } from './api/ops';
import type { Services } from './api/services';
import { createAuthServices } from './auth/auth-services';
import { localUrl, type Config } from './config';
import type { Connector } from './connector/connector';
import { probe } from './connector/readiness';
import { createConnector } from './connector/select';
import { createKnex, databaseOptions } from './db/knex';
import { startRelay, type OutboxRelay } from './events/relay';
import { migrateLatest } from './db/migrate';
import { knexPoolStats } from './db/pool-stats';
import { createLogger, setRootLogger } from './observability/log';
import { trackDatabasePool } from './observability/metrics';
import { createReadiness, type ReadinessProbe } from './observability/readiness';

export function buildServices(config: Config, db: Knex, connector: Connector): Services & { close(): Promise<void> } {
  return { config, connector, idempotency: new IdempotencyKeys(db), ...createAuthServices(config, db) };
}

export interface RunningService {
  services: Services;
  db: Knex;
  server: http.Server;
  /** The base URL the server listens on, e.g. http://127.0.0.1:8080 */
  url: string;
  /** The metrics port's base URL, when METRICS_PORT is set. */
  metricsUrl?: string;
  lifecycle: Lifecycle;
  /**
   * Stops gracefully (readiness 503, SHUTDOWN_DELAY_MS, stop accepting, answer what is in flight, cut what is
   * left when SHUTDOWN_GRACE_MS is near), then releases the connector and the database.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  /** The environment the connector reads its own settings from. */
  env?: Record<string, string | undefined>;
  /** Where log lines go (stdout by default); tests pass a stream that keeps them. */
  logDestination?: DestinationStream;
}

/** Part of the grace period kept for closing the connector and the database after the last connection. */
const RELEASE_RESERVE_MS = 1000;

/** Opens the store, migrates it (AUTO_MIGRATE), selects the connector and starts listening. */
export async function startService(config: Config, options: StartOptions = {}): Promise<RunningService> {
  const logger = createLogger({ level: config.LOG_LEVEL, destination: options.logDestination });
  setRootLogger(logger);
  const db = createKnex(config.DATABASE_URL, config.DATABASE_POOL_MAX, databaseOptions(config));
  const untrackPool = trackDatabasePool(knexPoolStats(db));
  const servers: http.Server[] = [];
  let connector: Connector | undefined;
  let services: ReturnType<typeof buildServices> | undefined;
  let relay: OutboxRelay | undefined;
  const release = async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    // Stops the token-purge timer and closes Redis before the pools they use.
    await services?.close();
    await connector?.close();
    await relay?.stop();
    untrackPool();
    await db.destroy();
  };
  try {
    if (config.AUTO_MIGRATE) {
      const applied = await migrateLatest(db);
      if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');
    }
    connector = createConnector(config, db, options.env ?? process.env);
    // The outbox lives with the store that holds the customers: with CONNECTOR=grpc, the adapter's (it runs the relay).
    if (config.CONNECTOR !== 'grpc') relay = startRelay(db, config, logger);
    const lifecycle: Lifecycle = { draining: false };

    // The service's own database holds users, tokens and entitlements whatever the connector; the mapped and
    // star connectors already probe it (star always includes mapped), so only grpc needs a probe of its own.
    const probes: ReadinessProbe[] = [(t) => connector!.checkReadiness(t)];
    if (config.CONNECTOR === 'grpc') probes.unshift(async (t) => [await probe('database', t, () => db.raw('select 1'))]);
    const readiness = createReadiness(probes, config.READINESS_TIMEOUT_MS);

    const limits = {
      maxHeaderBytes: config.HTTP_MAX_HEADER_BYTES,
      keepAliveTimeoutMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
    };
    const separateMetrics = config.METRICS_PORT !== undefined;
    let app: http.RequestListener | undefined;
    const server = createHttpServer(limits, opsHandler({ lifecycle, readiness, metrics: !separateMetrics }), (req, res) =>
      app!(req, res),
    );
    servers.push(server);
    const port = await listen(server, config.PORT, config.HOST);
    // PORT=0 listens on a free port: a default HOSTNAME_URL follows it. The app is attached in the same tick as
    // listen's callback, before any request can be read.
    if (config.HOSTNAME_URL === localUrl(0)) config = { ...config, HOSTNAME_URL: localUrl(port) };
    services = buildServices(config, db, connector);
    app = createApp(services, { lifecycle }).callback();
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
    let metricsUrl: string | undefined;
    if (separateMetrics) {
      const metricsServer = createHttpServer(limits, opsHandler({ lifecycle, readiness, metrics: true }), undefined);
      servers.push(metricsServer);
      metricsUrl = `http://${host}:${await listen(metricsServer, config.METRICS_PORT!, config.HOST)}`;
    }
    return {
      services,
      db,
      server,
      url: `http://${host}:${port}`,
      metricsUrl,
      lifecycle,
      async close() {
        const graceMs = Math.max(config.SHUTDOWN_GRACE_MS - RELEASE_RESERVE_MS, config.SHUTDOWN_GRACE_MS / 2);
        await drain(servers, lifecycle, { delayMs: config.SHUTDOWN_DELAY_MS, graceMs });
        await release();
      },
    };
  } catch (e) {
    await release();
    throw e;
  }
}
