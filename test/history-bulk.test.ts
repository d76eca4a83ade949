/**
 * The import's bulk path: history ids that sort in the order they were made, a create's change JSON built without
 * the diff (byte for byte what the diff gives), and the multi-row insert with its upsert on both databases.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdChangesJson, diff } from '../src/connector/mapped/history';
import { historyId } from '../src/connector/mapped/history-id';
import { customerSnapshot } from '../src/connector/mapped/customers';
import { bulkInsert } from '../src/db/bulk-insert';
import { createKnex } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';
import { selectedBackends } from './support/backends';
import { exampleNewCustomer } from './support/fixtures';

describe('history ids', () => {
  it('are version 7 UUIDs of the current time, unique and in the order they were made', () => {
    const start = Date.now();
    const ids = Array.from({ length: 20_000 }, () => historyId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(ids.filter((id) => !v7.test(id))).toEqual([]);
    // 20,000 ids can borrow a few milliseconds ahead when the counter of one millisecond runs out.
    const ms = parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(start);
    expect(ms).toBeLessThan(Date.now() + 100);
  });
});

describe("a create's change JSON", () => {
  it('is the JSON of the diff from nothing', () => {
    const customer = { ...exampleNewCustomer(), number: '1', dobOfDependents: [new Date('2014-06-01T00:00:00Z')], lastOkDate: null };
    const cases: Record<string, unknown>[] = [
      customerSnapshot(customer),
      { name: 'TIER', type: 'STRING', value: 'gold "quoted" \u2028 ü' },
      { a: undefined, b: null, c: 0, d: false, e: [], f: { g: new Date(0) } },
      {},
    ];
    for (const after of cases) expect(createdChangesJson(after)).toBe(JSON.stringify(diff(null, after)));
  });
});

for (const backend of selectedBackends()) {
  describe(`bulk insert [${backend.name}]`, () => {
    let db: Knex;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const created = await backend.create();
      drop = created.drop;
      db = createKnex(created.url);
      await migrateLatest(db);
    });
    afterAll(async () => {
      await db?.destroy();
      await drop?.();
    });

    const BANKS = {
      table: 'banks',
      columns: ['bank_id', 'short_name', 'full_name', 'logo_url', 'website_url', 'swift_bic', 'national_identifier', 'bank_routing_scheme', 'bank_routing_address', 'created_at', 'updated_at'],
      upsert: { key: ['bank_id'], set: ['short_name', 'updated_at'] },
    };
    const bank = (i: number, name: string, at: number) => [`b${i}`, name, `Bank ${i}`, '', '', '', '', 'OBP', `b${i}`, at, at];

    it('inserts rows (several to a statement on MySQL, one on SQLite), announces each statement, and updates on the upsert key', async () => {
      const statements: string[] = [];
      const listen = (q: { sql: string }) => statements.push(q.sql);
      db.on('query', listen);
      const rows = Array.from({ length: 1_234 }, (_, i) => bank(i, `short ${i}`, 1));
      await db.transaction((trx) => bulkInsert(trx, BANKS, rows));
      expect(statements.filter((s) => s.startsWith('insert into `banks`'))).toHaveLength(backend.name === 'mysql' ? 3 : 1_234);
      expect(await db('banks').count({ n: '*' })).toEqual([{ n: 1_234 }]);

      // The second write of a bank changes only the columns named to set; a bank that is new is inserted.
      await db.transaction((trx) => bulkInsert(trx, BANKS, [bank(7, 'renamed', 2), bank(5000, 'new', 2)]));
      db.off('query', listen);
      const seven = await db('banks').where({ bank_id: 'b7' }).first();
      expect(seven).toMatchObject({ short_name: 'renamed', full_name: 'Bank 7' });
      expect(Number(seven.created_at)).toBe(1);
      expect(Number(seven.updated_at)).toBe(2);
      expect(await db('banks').where({ bank_id: 'b5000' }).first()).toMatchObject({ short_name: 'new' });
    });

    it('rolls back with its transaction', async () => {
      const write = db.transaction(async (trx) => {
        await bulkInsert(trx, { ...BANKS, upsert: undefined }, [bank(9000, 'x', 1)]);
        await bulkInsert(trx, { ...BANKS, upsert: undefined }, [bank(1, 'duplicate', 1)]);
      });
      await expect(write).rejects.toThrow();
      expect(await db('banks').where({ bank_id: 'b9000' }).first()).toBeUndefined();
    });
  });
}
