import type { Knex } from 'knex';
import { createTable, instant } from './helpers';

export const name = '20261125030003_idempotency_keys';

/**
 * Idempotency keys. `idempotency_keys` is the HTTP layer's: one row per (caller, key) from the moment a request
 * with that key starts, so the primary key refuses a concurrent second one, then the response to replay.
 * `idempotent_creates` is the store's: what a create with a key produced, so that a connector call repeated with
 * the same key (a retry after a gRPC deadline) returns it instead of creating a second record.
 */
export async function up(db: Knex): Promise<void> {
  await createTable(db, 'idempotency_keys', (t) => {
    t.string('caller', 200).notNullable();
    t.string('idempotency_key', 255).notNullable();
    t.primary(['caller', 'idempotency_key']);
    // SHA-256 of method, path and body: the same key with another request is refused.
    t.string('fingerprint', 64).notNullable();
    t.integer('response_status');
    t.text('response_body', 'mediumtext');
    instant(t, 'created_at').notNullable();
    instant(t, 'expires_at').notNullable();
    t.index(['expires_at'], 'idempotency_keys_expires_at_index');
  });

  await createTable(db, 'idempotent_creates', (t) => {
    t.string('caller', 200).notNullable();
    t.string('idempotency_key', 255).notNullable();
    t.string('operation', 100).notNullable();
    t.primary(['caller', 'idempotency_key', 'operation']);
    t.text('result', 'mediumtext').notNullable();
    instant(t, 'created_at').notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('idempotent_creates');
  await db.schema.dropTableIfExists('idempotency_keys');
}
