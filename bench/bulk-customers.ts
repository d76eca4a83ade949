/**
 * The bulk half of the benchmarks' data: one bank's customers (an attribute on every tenth, `premium` or `retail`)
 * as multi-row INSERTs straight into the mapped store's tables, the fastest path on both databases. Customer i has
 * number `i`, a last-OK date i minutes and an update i seconds before now, so the firehose orders are known.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isMysql } from '../src/db/knex';

/** Inserts `count` customers of `bankId` and returns their ids in number order. */
export async function insertCustomers(db: Knex, bankId: string, count: number, mobileNumber: (i: number) => string): Promise<string[]> {
  const ids: string[] = [];
  const now = Date.now();
  // SQLite compiles a multi-row insert into a compound SELECT, at most 500 terms.
  const chunk = isMysql(db) ? 1000 : 250;
  for (let start = 0; start < count; start += 1000) {
    const rows = [];
    const attributes = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      const id = randomUUID();
      ids.push(id);
      rows.push({
        customer_id: id,
        bank_id: bankId,
        customer_number: String(i),
        legal_name: `Customer ${i}`,
        mobile_number: mobileNumber(i),
        email: `c${i}@example.com`,
        face_image_url: '',
        face_image_date: null,
        date_of_birth: Date.UTC(1980, 0, 1),
        relationship_status: 'single',
        dependants: 0,
        dob_of_dependants: '[]',
        highest_education_attained: '',
        employment_status: '',
        credit_rating: '',
        credit_source: '',
        credit_limit_currency: 'EUR',
        credit_limit_amount: '0',
        kyc_status: true,
        last_ok_date: now - i * 60_000,
        title: '',
        branch_id: '',
        name_suffix: '',
        created_at: now,
        updated_at: now - i * 1000,
      });
      if (i % 10 === 0) {
        attributes.push({
          customer_attribute_id: randomUUID(),
          bank_id: bankId,
          customer_id: id,
          name: 'SEGMENT',
          attribute_type: 'STRING',
          value: i % 20 === 0 ? 'premium' : 'retail',
          created_at: now,
        });
      }
    }
    await db.batchInsert('customers', rows, chunk);
    await db.batchInsert('customer_attributes', attributes, chunk);
  }
  return ids;
}
