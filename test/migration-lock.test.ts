/**
 * Knex's migration lock row. Knex counts the rows it flips from unlocked to locked and takes the lock only if that
 * count is one, so a lock table holding two rows (what two instances inserting at the same moment on two Galera
 * nodes leave behind) would keep every instance waiting forever. The service keeps the table at one row.
 */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../migrations';
import { createKnex } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';
import { selectedBackends } from './support/backends';

for (const backend of selectedBackends()) {
  describe(`migration lock [${backend.name}]`, () => {
    let db: Knex;
    let drop: () => Promise<void>;

    beforeEach(async () => {
      const created = await backend.create();
      drop = created.drop;
      db = createKnex(created.url);
    });
    afterEach(async () => {
      await db?.destroy();
      await drop?.();
    });

    it('a fresh database gets one lock row with a fixed key, unlocked after the migrations', async () => {
      expect(await migrateLatest(db, 2_000)).toEqual(migrations.map((m) => m.name));
      expect(await db('knex_migrations_lock').select('index', 'is_locked')).toEqual([{ index: 1, is_locked: 0 }]);
      expect(await migrateLatest(db, 2_000)).toEqual([]);
    });

    it('a lock table left with two unlocked rows is brought back to one, and the migrations run', async () => {
      await db.schema.createTable('knex_migrations_lock', (t) => {
        t.increments('index').primary();
        t.integer('is_locked');
      });
      await db('knex_migrations_lock').insert([{ index: 2, is_locked: 0 }, { index: 5, is_locked: 0 }]);
      expect(await migrateLatest(db, 2_000)).toEqual(migrations.map((m) => m.name));
      expect(await db('knex_migrations_lock').select('index', 'is_locked')).toEqual([{ index: 2, is_locked: 0 }]);
    });

    it('a lock held by a running migration is still waited for, not taken', async () => {
      expect(await migrateLatest(db, 2_000)).toEqual(migrations.map((m) => m.name));
      await db('knex_migrations_lock').update({ is_locked: 1 });
      await expect(migrateLatest(db, 500)).rejects.toMatchObject({ name: 'MigrationLocked' });
      expect(await db('knex_migrations_lock').select('index', 'is_locked')).toEqual([{ index: 1, is_locked: 1 }]);
    });
  });
}
