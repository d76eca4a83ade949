import type { Knex } from 'knex';
import { createTable, instant } from './helpers';

export const name = '20261125030002_outbox';

/**
 * The transactional outbox of change events and the relay's lease. A write that appends history also inserts its
 * event here in the same transaction (when events are enabled); the relay publishes and then deletes it.
 */
export async function up(db: Knex): Promise<void> {
  await createTable(db, 'outbox', (t) => {
    // The event id (= the history record's id).
    t.string('event_id', 36).primary();
    t.string('customer_id', 36).notNullable();
    t.bigInteger('sequence').notNullable();
    // The AMQP routing key, e.g. obp.customer.updated.
    t.string('routing_key', 255).notNullable();
    // The CloudEvents 1.0 JSON document, as published.
    t.text('event', 'mediumtext').notNullable();
    instant(t, 'created_at').notNullable();
    t.unique(['customer_id', 'sequence'], { indexName: 'outbox_customer_sequence_unique' });
    t.index(['created_at'], 'outbox_created_at_index');
  });

  // One row per relay role: whoever holds it (and renews it before it expires) is the only publisher.
  await createTable(db, 'outbox_leases', (t) => {
    t.string('name', 64).primary();
    t.string('holder', 255).notNullable();
    instant(t, 'expires_at').notNullable();
  });
  await db('outbox_leases').insert({ name: 'relay', holder: '', expires_at: 0 });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('outbox_leases');
  await db.schema.dropTableIfExists('outbox');
}
