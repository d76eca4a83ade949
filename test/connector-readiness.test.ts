import { afterAll, describe, expect, it } from 'vitest';
import { startAdapter } from '../src/adapter/server';
import { createGrpcConnector } from '../src/connector/grpc';
import { createMappedConnector } from '../src/connector/mapped';
import { createKnex } from '../src/db/knex';
import { createMemoryConnector } from './support/memory-connector';
import { freePort } from './support/ports';

describe('Connector.checkReadiness', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('mapped: the database answers, or it is named as not ready', async () => {
    const db = createKnex('sqlite::memory:');
    const connector = createMappedConnector(db);
    expect(await connector.checkReadiness(1_000)).toEqual([{ dependency: 'database', ok: true }]);
    await db.destroy();
    const [down] = await connector.checkReadiness(1_000);
    expect(down).toMatchObject({ dependency: 'database', ok: false });
  });

  it('grpc: ready while the adapter reports SERVING; not ready, quickly, when nothing listens', async () => {
    const adapter = await startAdapter({ connector: createMemoryConnector(), host: '127.0.0.1', port: 0 });
    closers.push(() => adapter.close());
    const up = createGrpcConnector({ url: `127.0.0.1:${adapter.port}` });
    closers.push(() => up.close());
    expect(await up.checkReadiness(2_000)).toEqual([{ dependency: 'adapter', ok: true }]);

    const down = createGrpcConnector({ url: `127.0.0.1:${await freePort()}` });
    closers.push(() => down.close());
    const started = Date.now();
    const [check] = await down.checkReadiness(500);
    expect(check).toMatchObject({ dependency: 'adapter', ok: false });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
