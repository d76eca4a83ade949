import type { Knex } from 'knex';
import { afterAll, beforeAll, describe } from 'vitest';
import { startAdapter } from '../../src/adapter/server';
import { mappedStore } from '../../src/adapter/store';
import { loadConfig } from '../../src/config';
import { createKnex } from '../../src/db/knex';
import { migrateLatest } from '../../src/db/migrate';
import { startService, type RunningService, type StartOptions } from '../../src/service';
import { selectedBackends, type Backend } from './backends';
import { ApiClient } from './client';

export interface TestService extends RunningService {
  api: ApiClient;
  backend: Backend['name'];
  /** The database holding the connector's data: the service's own, or the reference adapter's under gRPC. */
  connectorDb: Knex;
}

/** TEST_CONNECTOR=grpc serves the connector through the reference adapter (over the same backend) instead. */
const viaGrpc = process.env.TEST_CONNECTOR === 'grpc';

async function startReferenceAdapter(databaseUrl: string, events: boolean) {
  const db = createKnex(databaseUrl);
  await migrateLatest(db);
  // With events on, the adapter's store fills the outbox (the test runs the adapter-side relay itself).
  const adapter = await startAdapter({ ...mappedStore(db, { outbox: events }), host: '127.0.0.1', port: 0 });
  return {
    db,
    url: `127.0.0.1:${adapter.port}`,
    async close() {
      await adapter.close();
      await db.destroy();
    },
  };
}

/**
 * Starts the real HTTP service on a free port over a fresh database of the backend. Logs are off
 * (LOG_LEVEL=silent) unless `env` sets a level; `logDestination` receives them.
 */
export async function startTestService(
  backend: Backend,
  env: Record<string, string> = {},
  options: Omit<StartOptions, 'env'> = {},
): Promise<TestService & { dropDb(): Promise<void> }> {
  const database = await backend.create();
  const adapter = viaGrpc ? await startReferenceAdapter(database.url, Boolean(env.EVENTS_AMQP_URL)) : undefined;
  const settings = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
    HOSTNAME_URL: 'http://127.0.0.1:8080',
    // Tests of other features make many calls from one address; rate limits have their own tests, which enable them.
    RATE_LIMITING_ENABLED: 'false',
    ...(adapter ? { CONNECTOR: 'grpc', GRPC_ADAPTER_URL: adapter.url } : {}),
    ...env,
  };
  const running = await startService(loadConfig(settings), { ...options, env: settings });
  return {
    ...running,
    backend: backend.name,
    api: new ApiClient(running.url),
    connectorDb: adapter?.db ?? running.db,
    async close() {
      await running.close();
      await adapter?.close();
      await database.drop();
    },
    dropDb: database.drop,
  };
}

/**
 * Runs a block of tests once per selected backend, each with its own service and database. `get()` returns the
 * running service inside tests and hooks.
 */
export function describeEachBackend(
  title: string,
  body: (get: () => TestService) => void,
  env: Record<string, string> = {},
  options: Omit<StartOptions, 'env'> = {},
) {
  for (const backend of selectedBackends()) {
    describe(`${title} [${backend.name}]`, () => {
      let service: TestService | undefined;
      beforeAll(async () => {
        service = await startTestService(backend, env, options);
      });
      afterAll(async () => {
        await service?.close();
      });
      body(() => {
        if (!service) throw new Error('service not started');
        return service;
      });
    });
  }
}
