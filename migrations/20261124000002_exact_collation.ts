import type { Knex } from 'knex';
import { exactCollation } from './helpers';

export const name = '20261124000002_exact_collation';

const isMysql = (db: Knex) => db.client.config.client === 'mysql2';

async function convertEveryTable(db: Knex, collation: string): Promise<void> {
  const [tables] = (await db.raw(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME NOT LIKE 'knex\\_%'`,
  )) as [{ name: string }[]];
  // Foreign keys join string columns, which must change collation together: MySQL allows that only without checks.
  await db.raw('SET FOREIGN_KEY_CHECKS = 0');
  try {
    for (const { name: table } of tables) {
      await db.raw(`ALTER TABLE ?? CONVERT TO CHARACTER SET utf8mb4 COLLATE ${collation}`, [table]);
    }
  } finally {
    await db.raw('SET FOREIGN_KEY_CHECKS = 1');
  }
}

/**
 * MySQL only: converts every table to the NO PAD binary collation, so that an id, number or name with a trailing
 * space is a different value on MySQL exactly as on SQLite (in lookups and in unique keys). SQLite compares
 * exactly already.
 */
export async function up(db: Knex): Promise<void> {
  if (isMysql(db)) await convertEveryTable(db, await exactCollation(db));
}

/** Back to the PAD SPACE binary collation the earlier migrations used. */
export async function down(db: Knex): Promise<void> {
  if (isMysql(db)) await convertEveryTable(db, 'utf8mb4_bin');
}
