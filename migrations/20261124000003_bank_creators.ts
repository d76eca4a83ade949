import type { Knex } from 'knex';
import { createTable, instant } from './helpers';

export const name = '20261124000003_bank_creators';

/**
 * Who created each bank through POST /banks (the API's own data, beside the entitlements). The primary key makes
 * creating a bank id a claim only one user can hold: the creator is granted administration rights before the bank
 * exists, so no concurrent creator of the same id can hold them at someone else's bank.
 */
export async function up(db: Knex): Promise<void> {
  await createTable(db, 'bank_creators', (t) => {
    // No foreign key: the bank may live in a core banking system.
    t.string('bank_id', 255).primary();
    t.string('user_id', 36).notNullable().references('user_id').inTable('users').onDelete('CASCADE');
    instant(t, 'created_at').notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('bank_creators');
}
