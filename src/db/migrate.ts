import type { Knex } from 'knex';
import { migrations } from '../../migrations';
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

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await withoutStatementTimeLimit(db, () => db.migrate.latest(migratorConfig))) as [number, string[]];
  return applied;
}
