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

/**
 * Applies pending migrations. Instances started together race for Knex's migration lock: the losers wait for the
 * winner (the lock held, or on Galera the lock's transaction refused at certification, or the lock table created
 * by the other meanwhile) and then find nothing left to do, instead of failing to start.
 */
export async function migrateLatest(db: Knex, lockWaitMs = LOCK_WAIT_MS): Promise<string[]> {
  const deadline = Date.now() + lockWaitMs;
  for (;;) {
    try {
      const [, applied] = (await withoutStatementTimeLimit(db, () => db.migrate.latest(migratorConfig))) as [number, string[]];
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
