import type { Knex } from 'knex';
import { createTable, instant } from './helpers';

export const name = '20261125010001_oidc_identities';

const isMysql = (db: Knex) => db.client.config.client === 'mysql2';

/**
 * OpenID Connect identities. A user created from a bearer token is named by its provider (the token's issuer, in
 * `provider`) and its subject there (`provider_id`, the token's `sub`): the unique index makes that pair one user,
 * so two first requests racing cannot create two, and finding the user is one indexed lookup. Local users keep
 * `provider_id` NULL, which no pair ever matches. `oidc_clients` registers which consumer an OIDC client (the
 * token's `azp` or `client_id`, at its issuer) calls as.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('users', (t) => {
    t.string('provider_id', 255).nullable();
    t.unique(['provider', 'provider_id'], { indexName: 'users_provider_provider_id_unique' });
  });
  await createTable(db, 'oidc_clients', (t) => {
    t.string('issuer', 255).notNullable();
    t.string('client_id', 255).notNullable();
    t.string('consumer_id', 36).notNullable().references('consumer_id').inTable('consumers').onDelete('CASCADE');
    instant(t, 'created_at').notNullable();
    t.primary(['issuer', 'client_id']);
    // MySQL indexes foreign-key columns by itself; SQLite does not (a consumer's clients are listed and deleted by it).
    if (!isMysql(db)) t.index(['consumer_id'], 'oidc_clients_consumer_id_index');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('oidc_clients');
  // Plain statements: Knex rebuilds a SQLite table to drop a column, which would lose users' generated username_ci.
  await db.raw('DROP INDEX users_provider_provider_id_unique' + (isMysql(db) ? ' ON users' : ''));
  await db.raw('ALTER TABLE users DROP COLUMN provider_id');
}
