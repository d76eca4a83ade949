import type { Knex } from 'knex';
import { createTable, instant } from './helpers';

export const name = '20261123000001_foundation';

export async function up(db: Knex): Promise<void> {
  await createTable(db, 'banks', (t) => {
    t.string('bank_id', 255).primary();
    t.string('short_name', 255).notNullable();
    t.string('full_name', 255).notNullable();
    t.string('logo_url', 2000).notNullable();
    t.string('website_url', 2000).notNullable();
    t.string('swift_bic', 255).notNullable();
    t.string('national_identifier', 255).notNullable();
    t.string('bank_routing_scheme', 255).notNullable();
    t.string('bank_routing_address', 255).notNullable();
    instant(t, 'created_at').notNullable();
    instant(t, 'updated_at').notNullable();
  });

  await createTable(db, 'users', (t) => {
    t.string('user_id', 36).primary();
    t.string('username', 100).notNullable().unique();
    t.string('email', 255).notNullable();
    t.string('first_name', 255).notNullable();
    t.string('last_name', 255).notNullable();
    t.string('provider', 255).notNullable();
    t.string('password_hash', 255).notNullable();
    t.boolean('validated').notNullable();
    t.integer('bad_login_attempts').notNullable().defaultTo(0);
    t.boolean('is_deleted').notNullable().defaultTo(false);
    instant(t, 'created_at').notNullable();
  });

  await createTable(db, 'consumers', (t) => {
    t.string('consumer_id', 36).primary();
    t.string('name', 255).notNullable();
    t.string('consumer_key', 64).notNullable().unique();
    t.string('secret_hash', 255).notNullable();
    t.boolean('is_active').notNullable();
    instant(t, 'created_at').notNullable();
  });

  await createTable(db, 'direct_login_tokens', (t) => {
    t.string('token_hash', 64).primary();
    t.string('user_id', 36).notNullable().references('user_id').inTable('users').onDelete('CASCADE');
    t.string('consumer_id', 36).nullable().references('consumer_id').inTable('consumers').onDelete('CASCADE');
    instant(t, 'expires_at').notNullable();
    instant(t, 'created_at').notNullable();
    t.index(['user_id']);
  });

  await createTable(db, 'entitlements', (t) => {
    t.string('entitlement_id', 36).primary();
    t.string('user_id', 36).notNullable().references('user_id').inTable('users').onDelete('CASCADE');
    // '' for system-level roles; no foreign key: the bank may live in a core banking system.
    t.string('bank_id', 255).notNullable();
    t.string('role_name', 100).notNullable();
    instant(t, 'created_at').notNullable();
    t.unique(['user_id', 'bank_id', 'role_name']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['entitlements', 'direct_login_tokens', 'consumers', 'users', 'banks']) {
    await db.schema.dropTableIfExists(table);
  }
}
