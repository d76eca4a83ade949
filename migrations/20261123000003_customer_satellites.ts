import type { Knex } from 'knex';
import { createTable, instant } from './helpers';

export const name = '20261123000003_customer_satellites';

export async function up(db: Knex): Promise<void> {
  await createTable(db, 'customer_addresses', (t) => {
    t.string('customer_address_id', 36).primary();
    t.string('customer_id', 36).notNullable().references('customer_id').inTable('customers').onDelete('CASCADE');
    t.string('line_1', 255).notNullable();
    t.string('line_2', 255).notNullable();
    t.string('line_3', 255).notNullable();
    t.string('city', 255).notNullable();
    t.string('county', 255).notNullable();
    t.string('state', 255).notNullable();
    t.string('postcode', 64).notNullable();
    t.string('country_code', 16).notNullable();
    // JSON array of strings, so that `[]` and tags containing commas round-trip exactly.
    t.text('tags', 'mediumtext').notNullable();
    t.string('status', 255).notNullable();
    instant(t, 'insert_date').notNullable();
    t.index(['customer_id', 'insert_date']);
  });

  await createTable(db, 'tax_residences', (t) => {
    t.string('tax_residence_id', 36).primary();
    t.string('customer_id', 36).notNullable().references('customer_id').inTable('customers').onDelete('CASCADE');
    t.string('domain', 255).notNullable();
    t.string('tax_number', 255).notNullable();
    instant(t, 'created_at').notNullable();
    // As OBP: one row per (customer, domain, number); it also serves the per-customer listing.
    t.unique(['customer_id', 'domain', 'tax_number']);
  });

  await createTable(db, 'social_media_handles', (t) => {
    // The auto-increment key orders handles by insertion ("most recently added first").
    t.increments('social_media_handle_seq');
    t.string('customer_id', 36).notNullable().references('customer_id').inTable('customers').onDelete('CASCADE');
    t.string('type', 255).notNullable();
    t.string('handle', 255).notNullable();
    instant(t, 'date_added').notNullable();
    instant(t, 'date_activated').notNullable();
    instant(t, 'created_at').notNullable();
    t.index(['customer_id', 'social_media_handle_seq']);
  });

  await createTable(db, 'crm_events', (t) => {
    t.string('crm_event_id', 255).primary();
    t.string('bank_id', 255).notNullable().references('bank_id').inTable('banks').onDelete('CASCADE');
    // A snapshot of who the event concerned, as OBP's sandbox import stores it (no link to a customer row).
    t.string('customer_name', 255).notNullable();
    t.string('customer_number', 50).notNullable();
    t.string('category', 255).notNullable();
    t.string('detail', 2000).notNullable();
    t.string('channel', 255).notNullable();
    instant(t, 'scheduled_date');
    instant(t, 'actual_date');
    t.string('result', 255).notNullable();
    t.index(['bank_id', 'actual_date']);
  });

  await createTable(db, 'credit_limit_requests', (t) => {
    t.increments('credit_limit_request_seq');
    t.string('credit_limit_request_id', 36).notNullable().unique();
    t.string('bank_id', 255).notNullable().references('bank_id').inTable('banks').onDelete('CASCADE');
    t.string('customer_id', 36).notNullable().references('customer_id').inTable('customers').onDelete('CASCADE');
    t.string('requested_current_rate_amount1', 255).notNullable();
    t.string('requested_current_rate_amount2', 255).notNullable();
    t.string('requested_current_valid_end_date', 255).notNullable();
    t.string('current_credit_documentation', 2000).notNullable();
    t.string('temporary_requested_current_amount', 255).notNullable();
    t.string('requested_temporary_valid_end_date', 255).notNullable();
    t.string('temporary_credit_documentation', 2000).notNullable();
    instant(t, 'created_at').notNullable();
    t.index(['customer_id', 'credit_limit_request_seq']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['credit_limit_requests', 'crm_events', 'social_media_handles', 'tax_residences', 'customer_addresses']) {
    await db.schema.dropTableIfExists(table);
  }
}
