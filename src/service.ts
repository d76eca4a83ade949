import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { createApp } from './api/app';
import type { Services } from './api/services';
import { ConsumerStore } from './auth/consumers';
import { DirectLogin } from './auth/direct-login';
import { EntitlementStore } from './auth/entitlements';
import { UserStore } from './auth/users';
import { localUrl, type Config } from './config';
import type { Connector } from './connector/connector';
import { createConnector } from './connector/select';
import { createKnex } from './db/knex';
import { migrateLatest } from './db/migrate';

export function buildServices(config: Config, db: Knex, connector: Connector): Services {
  const users = new UserStore(db);
  const consumers = new ConsumerStore(db);
  return {
    config,
    connector,
    users,
    consumers,
    entitlements: new EntitlementStore(db),
    directLogin: new DirectLogin(db, users, consumers, {
      consumerKeyMandatory: config.DIRECT_LOGIN_CONSUMER_KEY_MANDATORY,
      tokenExpirationWeeks: config.TOKEN_EXPIRATION_WEEKS,
      maxBadLoginAttempts: config.MAX_BAD_LOGIN_ATTEMPTS,
    }),
  };
}

export interface RunningService {
  services: Services;
  db: Knex;
  server: http.Server;
  /** The base URL the server listens on, e.g. http://127.0.0.1:8080 */
  url: string;
  close(): Promise<void>;
}

/** Opens the store, migrates it (AUTO_MIGRATE), selects the connector and starts listening. */
export async function startService(
  config: Config,
  log: (message: string, error?: unknown) => void,
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService> {
  const db = createKnex(config.DATABASE_URL, config.DATABASE_POOL_MAX);
  try {
    if (config.AUTO_MIGRATE) {
      const applied = await migrateLatest(db);
      if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
    }
    const connector = createConnector(config, db, env);
    const server = http.createServer();
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    // PORT=0 listens on a free port: a default HOSTNAME_URL follows it. The app is attached in the same tick as
    // listen's callback, before any request can be read.
    if (config.HOSTNAME_URL === localUrl(0)) config = { ...config, HOSTNAME_URL: localUrl(port) };
    const services = buildServices(config, db, connector);
    server.on('request', createApp(services, { log }).callback());
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
    return {
      services,
      db,
      server,
      url: `http://${host}:${port}`,
      async close() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await connector.close();
        await db.destroy();
      },
    };
  } catch (e) {
    await db.destroy();
    throw e;
  }
}
