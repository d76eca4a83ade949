import type { Knex } from 'knex';
import { createTable, instant } from './helpers';

export const name = '20261124000001_auth_hardening';

const isMysql = (db: Knex) => db.client.config.client === 'mysql2';

/**
 * Usernames unique regardless of case, enforced by the database the same way on SQLite and MySQL: a generated
 * column holding LOWER(username) with a unique index (MariaDB has no functional indexes; both have generated
 * columns). Usernames are ASCII (DirectLogin accepts nothing else), where LOWER agrees on both engines.
 * Lockout expiry, administrative disabling, per-consumer call limits, and indexes for token revocation and purge.
 */
export async function up(db: Knex): Promise<void> {
  const clashes = await db('users').select(db.raw('LOWER(username) AS k')).groupByRaw('LOWER(username)').havingRaw('COUNT(*) > 1');
  if (clashes.length > 0) {
    throw new Error(
      `${clashes.length} username(s) exist more than once in different letter cases; usernames are now unique regardless ` +
        'of case. Find them with SELECT user_id, username FROM users WHERE LOWER(username) IN (SELECT LOWER(username) ' +
        'FROM users GROUP BY LOWER(username) HAVING COUNT(*) > 1), rename or delete all but one of each, and start again.',
    );
  }
  await db.schema.alterTable('users', (t) => {
    // When the failed-login counter first reached MAX_BAD_LOGIN_ATTEMPTS: the lock expires a set time after it.
    instant(t, 'bad_login_locked_at').nullable();
    t.boolean('is_disabled').notNullable().defaultTo(false);
  });
  if (isMysql(db)) {
    await db.raw('ALTER TABLE users ADD COLUMN username_ci VARCHAR(100) AS (LOWER(username)) STORED');
  } else {
    await db.raw('ALTER TABLE users ADD COLUMN username_ci TEXT GENERATED ALWAYS AS (LOWER(username)) VIRTUAL');
  }
  await db.raw('CREATE UNIQUE INDEX users_username_ci_unique ON users (username_ci)');

  await db.schema.alterTable('direct_login_tokens', (t) => {
    t.index(['expires_at'], 'direct_login_tokens_expires_at_index');
    // MySQL indexes foreign-key columns by itself; SQLite does not.
    if (!isMysql(db)) t.index(['consumer_id'], 'direct_login_tokens_consumer_id_index');
  });

  // OBP's call limits per consumer; -1 means no limit for that period.
  await createTable(db, 'consumer_call_limits', (t) => {
    t.string('consumer_id', 36).primary().references('consumer_id').inTable('consumers').onDelete('CASCADE');
    instant(t, 'from_date').notNullable();
    instant(t, 'to_date').notNullable();
    for (const period of ['second', 'minute', 'hour', 'day', 'week', 'month']) {
      t.bigInteger(`per_${period}`).notNullable();
    }
    instant(t, 'updated_at').notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('consumer_call_limits');
  await db.schema.alterTable('direct_login_tokens', (t) => {
    t.dropIndex(['expires_at'], 'direct_login_tokens_expires_at_index');
    if (!isMysql(db)) t.dropIndex(['consumer_id'], 'direct_login_tokens_consumer_id_index');
  });
  await db.raw('DROP INDEX users_username_ci_unique' + (isMysql(db) ? ' ON users' : ''));
  await db.schema.alterTable('users', (t) => {
    t.dropColumn('username_ci');
    t.dropColumn('is_disabled');
    t.dropColumn('bad_login_locked_at');
  });
}
