import { afterAll, beforeAll, describe } from 'vitest';
import { loadConfig } from '../../src/config';
import { startService, type RunningService } from '../../src/service';
import { selectedBackends, type Backend } from './backends';
import { ApiClient } from './client';

export interface TestService extends RunningService {
  api: ApiClient;
  backend: Backend['name'];
}

/** Starts the real HTTP service on a free port over a fresh database of the backend. */
export async function startTestService(backend: Backend, env: Record<string, string> = {}): Promise<TestService & { dropDb(): Promise<void> }> {
  const database = await backend.create();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
    HOSTNAME_URL: 'http://127.0.0.1:8080',
    ...env,
  });
  const running = await startService(config, () => {});
  return {
    ...running,
    backend: backend.name,
    api: new ApiClient(running.url),
    async close() {
      await running.close();
      await database.drop();
    },
    dropDb: database.drop,
  };
}

/**
 * Runs a block of tests once per selected backend, each with its own service and database. `get()` returns the
 * running service inside tests and hooks.
 */
export function describeEachBackend(title: string, body: (get: () => TestService) => void, env: Record<string, string> = {}) {
  for (const backend of selectedBackends()) {
    describe(`${title} [${backend.name}]`, () => {
      let service: TestService | undefined;
      beforeAll(async () => {
        service = await startTestService(backend, env);
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
