/**
 * The service's migrations, unchanged, on a 3-node Galera cluster under wsrep_mode=REQUIRED_PRIMARY_KEY,
 * STRICT_REPLICATION (the harness sets it): every table replicates, and two instances on two nodes see each
 * other's writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations';
import { bankBody, createBank, loggedInUser } from '../support/fixtures';
import type { TestService } from '../support/service';
import { createClusterDatabase, nodeKnex, NODES, startOnNode, syncNode, type ClusterDatabase } from './cluster';

describe('migrations on Galera', () => {
  let db: ClusterDatabase;
  let one: TestService;
  let two: TestService;

  beforeAll(async () => {
    db = await createClusterDatabase();
    one = await startOnNode(db, 1);
    two = await startOnNode(db, 2);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await db?.drop();
  });

  it('run under the strict replication mode, and every table has a primary key on every node', async () => {
    for (const node of NODES) {
      await syncNode(node);
      const k = nodeKnex(node, db.name);
      try {
        const [[mode]] = await k.raw('SELECT @@wsrep_mode AS mode');
        expect(mode.mode).toContain('REQUIRED_PRIMARY_KEY');
        expect(mode.mode).toContain('STRICT_REPLICATION');
        const applied = await k('knex_migrations').orderBy('id').pluck('name');
        expect(applied).toEqual(migrations.map((m) => m.name));
        const [withoutKey] = await k.raw(
          `SELECT t.TABLE_NAME AS name, t.ENGINE AS engine FROM information_schema.TABLES t
           WHERE t.TABLE_SCHEMA = ? AND NOT EXISTS (
             SELECT 1 FROM information_schema.TABLE_CONSTRAINTS c
             WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME AND c.CONSTRAINT_TYPE = 'PRIMARY KEY')`,
          [db.name],
        );
        expect(withoutKey).toEqual([]);
        const [engines] = await k.raw(`SELECT DISTINCT ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`, [db.name]);
        expect(engines.map((e: { engine: string }) => e.engine)).toEqual(['InnoDB']);
      } finally {
        await k.destroy();
      }
    }
  });

  it('a bank created through the instance on node 1 is served by the instance on node 2', async () => {
    const bankId = await createBank(one);
    const reader = await loggedInUser(two);
    const res = await two.api.get(`/banks/${bankId}`, reader.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: bankId, full_name: bankBody(bankId).full_name });
  });

  // Both used to insert Knex's lock row when they found the table empty; see test/migration-lock.test.ts.
  it('two instances started at the same moment on two nodes both come up, and each migration runs once', async () => {
    const fresh = await createClusterDatabase();
    const started = await Promise.allSettled([startOnNode(fresh, 1), startOnNode(fresh, 2)]);
    try {
      expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
      await syncNode(3);
      const k = nodeKnex(3, fresh.name);
      try {
        expect(await k('knex_migrations').orderBy('id').pluck('name')).toEqual(migrations.map((m) => m.name));
      } finally {
        await k.destroy();
      }
    } finally {
      for (const s of started) if (s.status === 'fulfilled') await s.value.close();
      await fresh.drop();
    }
  });
});
