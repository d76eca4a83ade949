import type { Knex } from 'knex';

export const name = '20261125020001_customer_search_indexes';

const indexes = [
  { name: 'customers_bank_id_mobile_number_index', columns: ['bank_id', 'mobile_number', 'customer_id'] },
  { name: 'customers_bank_id_legal_name_index', columns: ['bank_id', 'legal_name', 'customer_id'] },
];

/**
 * Customer search by mobile phone number and by legal name (OBP v4.0.0 / v5.1.0), within one bank: an exact value
 * or a prefix is one range of these indexes, already in the order the results are listed (the value, then the
 * customer id), so no search reads or sorts the bank's other customers.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('customers', (t) => {
    for (const i of indexes) t.index(i.columns, i.name);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('customers', (t) => {
    for (const i of indexes) t.dropIndex(i.columns, i.name);
  });
}
