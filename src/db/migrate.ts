import type { Knex } from 'knex';
import { migrations } from '../../migrations';
import { isConflictError } from './conflict-retry';
import { withoutStatementTimeLimit } from './query-timeout';

/**
 * Serves the migrations from a static list, so the same code runs from TypeScript (tests) and from the
 * compiled build without scanning directories.
 */
export const migrationSource: Knex.MigrationSource<(typeof migrations)[number]> = {
  getMigrations: async () => migrations,
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m,
};

export const migratorConfig: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };

/** How long an instance waits at start-up for another one's migrations before it gives up. */
const LOCK_WAIT_MS = 60_000;

const LOCK_TABLE = `${migratorConfig.tableName}_lock`;

/**
 * Applies pending migrations. Instances started together race for Knex's migration lock: the losers wait for the
 * winner (the lock held, or on Galera the lock's transaction refused at certification, or the lock table created
 * by the other meanwhile) and then find nothing left to do, instead of failing to start.
 */
export async function migrateLatest(db: Knex, lockWaitMs = LOCK_WAIT_MS): Promise<string[]> {
  const deadline = Date.now() + lockWaitMs;
  for (;;) {
    try {
      const [, applied] = (await withoutStatementTimeLimit(db, async () => {
        await ensureOneLockRow(db);
        return db.migrate.latest(migratorConfig);
      })) as [number, string[]];
      return applied;
    } catch (e) {
      if (!lostTheRace(e) || Date.now() > deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
    }
  }
}

function lostTheRace(e: unknown): boolean {
  const err = e as { name?: string; code?: string } | null;
  return err?.name === 'MigrationLocked' || err?.code === 'ER_TABLE_EXISTS_ERROR' || isConflictError(e);
}

/**
 * Knex takes its lock by updating the lock table's rows from 0 to 1 and succeeds only if exactly one row changed.
 * It inserts that row itself when it finds the table empty, so two instances that look at the same moment (on two
 * Galera nodes, whose auto-increment offsets never collide) each insert one, and from then on no instance can
 * ever take the lock. Here the row gets a fixed key, so such inserts collide instead (a duplicate is ignored, a
 * certification conflict is retried); a table already left with several unlocked rows is brought back to one.
 */
async function ensureOneLockRow(db: Knex): Promise<void> {
  if (!(await db.schema.hasTable(LOCK_TABLE))) {
    // The same definition Knex would create, so Knex finds the table and leaves it alone.
    await db.schema.createTable(LOCK_TABLE, (t) => {
      t.increments('index').primary();
      t.integer('is_locked');
    });
  }
  const rows: { index: number; is_locked: number | null }[] = await db(LOCK_TABLE).select('index', 'is_locked').orderBy('index');
  if (rows.length === 0) {
    await db(LOCK_TABLE).insert({ index: 1, is_locked: 0 }).onConflict('index').ignore();
  } else if (rows.length > 1 && rows.every((r) => !r.is_locked)) {
    await db(LOCK_TABLE).where('index', '>', rows[0]!.index).andWhere('is_locked', 0).delete();
  }
}
