import type { Knex } from 'knex';
import { createTable, instant } from './helpers';

export const name = '20261123000002_customers';

export async function up(db: Knex): Promise<void> {
  await createTable(db, 'customers', (t) => {
    t.string('customer_id', 36).primary();
    t.string('bank_id', 255).notNullable().references('bank_id').inTable('banks');
    t.string('customer_number', 50).notNullable();
    t.string('legal_name', 255).notNullable();
    t.string('mobile_number', 50).notNullable();
    t.string('email', 200).notNullable();
    t.string('face_image_url', 2000).notNullable();
    instant(t, 'face_image_date');
    instant(t, 'date_of_birth');
    t.string('relationship_status', 255).notNullable();
    t.integer('dependants').notNullable();
    // JSON array of epoch milliseconds.
    t.text('dob_of_dependants').notNullable();
    t.string('highest_education_attained', 255).notNullable();
    t.string('employment_status', 255).notNullable();
    t.string('credit_rating', 255).notNullable();
    t.string('credit_source', 255).notNullable();
    t.string('credit_limit_currency', 255).notNullable();
    t.string('credit_limit_amount', 255).notNullable();
    t.boolean('kyc_status').notNullable();
    instant(t, 'last_ok_date');
    t.string('title', 255).notNullable();
    t.string('branch_id', 255).notNullable();
    t.string('name_suffix', 255).notNullable();
    instant(t, 'created_at').notNullable();
    instant(t, 'updated_at').notNullable();
    t.unique(['bank_id', 'customer_number']);
    // Firehose: order by last_ok_date (customer_id breaks ties), or filter on updated_at, always within one bank.
    t.index(['bank_id', 'last_ok_date', 'customer_id']);
    t.index(['bank_id', 'updated_at']);
  });

  await createTable(db, 'customer_attributes', (t) => {
    t.string('customer_attribute_id', 36).primary();
    t.string('bank_id', 255).notNullable();
    t.string('customer_id', 36).notNullable().references('customer_id').inTable('customers').onDelete('CASCADE');
    t.string('name', 128).notNullable();
    t.string('attribute_type', 32).notNullable();
    t.string('value', 255).notNullable();
    instant(t, 'created_at').notNullable();
    t.unique(['customer_id', 'name']);
    t.index(['bank_id', 'name', 'value']);
  });

  await createTable(db, 'user_customer_links', (t) => {
    // Insertion order, so that a user's customers list in the order they were linked.
    t.increments('link_seq');
    t.string('user_customer_link_id', 36).notNullable().unique();
    // No foreign key to users: behind the gRPC adapter the users live in the API's own store.
    t.string('user_id', 36).notNullable();
    t.string('customer_id', 36).notNullable().references('customer_id').inTable('customers').onDelete('CASCADE');
    instant(t, 'date_inserted').notNullable();
    t.boolean('is_active').notNullable();
    t.unique(['user_id', 'customer_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['user_customer_links', 'customer_attributes', 'customers']) {
    await db.schema.dropTableIfExists(table);
  }
}
