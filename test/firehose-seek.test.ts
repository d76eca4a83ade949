// The firehose of a whole bank seeks from remembered positions (src/connector/mapped/firehose-positions.ts):
// every page, in both orders, must equal what a plain offset walk of the same data answers, ties on last_ok_date
// and customers without one included.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createMappedConnector } from '../src/connector/mapped';
import { customerColumns } from '../src/connector/mapped/customers';
import { CHECKPOINT } from '../src/connector/mapped/firehose-positions';
import type { CustomerQuery } from '../src/connector/types';
import { createKnex } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';
import { selectedBackends } from './support/backends';
import { exampleNewCustomer } from './support/fixtures';

const CUSTOMERS = 3 * CHECKPOINT + 37;
const cc = { correlationId: 'test' };

describe.each(selectedBackends())('firehose seek [$name]', (backend) => {
  let database: Awaited<ReturnType<typeof backend.create>>;
  let db: Knex;
  const bankId = `bank.${randomUUID()}`;

  beforeAll(async () => {
    database = await backend.create();
    db = createKnex(database.url);
    await migrateLatest(db);
    const connector = createMappedConnector(db);
    await connector.createOrUpdateBank(
      { bankId, shortName: 'S', fullName: 'Seek', logoUrl: '', websiteUrl: '', swiftBic: '', nationalIdentifier: '', bankRoutingScheme: 'OBP', bankRoutingAddress: bankId },
      cc,
    );
    const columns = customerColumns(exampleNewCustomer());
    const rows = Array.from({ length: CUSTOMERS }, (_, i) => ({
      ...columns,
      customer_id: randomUUID(),
      bank_id: bankId,
      customer_number: String(i),
      // Many ties (ten customers per date), and every 97th without a date.
      last_ok_date: i % 97 === 0 ? null : Math.floor(i / 10) * 60_000,
      created_at: 0,
      updated_at: 0,
    }));
    await db.batchInsert('customers', rows, 200);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const query = (sortDirection: 'ASC' | 'DESC', limit: number, offset: number): CustomerQuery => ({ sortDirection, limit, offset, attributeFilters: {} });
  const ids = (customers: { customerId: string }[]) => customers.map((c) => c.customerId);

  it.each(['ASC', 'DESC'] as const)('pages read after a walk (%s) equal a plain offset walk', async (direction) => {
    const walked = createMappedConnector(db);
    for (let offset = 0; offset < CUSTOMERS; offset += 100) await walked.getCustomers(bankId, query(direction, 100, offset), cc);
    for (const [limit, offset] of [[50, CHECKPOINT], [50, CHECKPOINT - 1], [73, 2 * CHECKPOINT + 11], [500, 3 * CHECKPOINT], [10, CUSTOMERS - 5], [10, CUSTOMERS + 5]]) {
      // A fresh connector remembers nothing: its answer is the plain offset walk.
      const plain = await createMappedConnector(db).getCustomers(bankId, query(direction, limit!, offset!), cc);
      expect(ids(await walked.getCustomers(bankId, query(direction, limit!, offset!), cc))).toEqual(ids(plain));
    }
  });
});
