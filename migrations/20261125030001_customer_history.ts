import type { Knex } from 'knex';
import { createTable, instant } from './helpers';

export const name = '20261125030001_customer_history';

/**
 * Customer change history (append-only) and the customer's version.
 *
 * `customers.version` counts every change to the customer or its satellites: a write takes the customer's row lock
 * by incrementing it, so writes to one customer are serialised, the new value is the history record's per-customer
 * sequence (unique with the customer id, so two records can never share a place), and the strong ETag of GET
 * customer derives from it. The order of a customer's history never depends on an auto-increment counter, which
 * Galera hands out with per-node offsets.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('customers', (t) => {
    t.bigInteger('version').notNullable().defaultTo(0);
  });

  await createTable(db, 'customer_history', (t) => {
    // Also the change event's CloudEvents id: stable across re-deliveries.
    t.string('history_id', 36).primary();
    t.string('bank_id', 255).notNullable();
    // No foreign key: customers are never deleted, and a cascade must never be able to erase history.
    t.string('customer_id', 36).notNullable();
    t.bigInteger('sequence').notNullable();
    t.string('entity', 64).notNullable();
    t.string('entity_id', 255).notNullable();
    t.string('action', 32).notNullable();
    // JSON: {"<field>": {"before": …, "after": …}} of the fields that changed.
    t.text('changes', 'mediumtext').notNullable();
    t.string('user_id', 255).notNullable();
    t.string('consumer_id', 255).notNullable();
    t.string('correlation_id', 255).notNullable();
    t.string('operation_id', 255).notNullable();
    instant(t, 'recorded_at').notNullable();
    // The history endpoint reads one range of it, newest first.
    t.unique(['customer_id', 'sequence'], { indexName: 'customer_history_customer_sequence_unique' });
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('customer_history');
  await db.schema.alterTable('customers', (t) => {
    t.dropColumn('version');
  });
}
