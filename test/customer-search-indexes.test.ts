/**
 * The mapped store answers customer searches from an index, on SQLite and MariaDB: the statements a search really
 * runs are EXPLAINed on a seeded, analysed table, and no step reads the customers table or an index whole.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMappedConnector } from '../src/connector/mapped';
import { prefixUpperBound } from '../src/connector/mapped/customer-search';
import type { Connector } from '../src/connector/connector';
import type { TextMatch } from '../src/connector/types';
import { createKnex, isMysql } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';
import { selectedBackends } from './support/backends';
import { cc, newBank, newCustomer } from './conformance/fixtures';

describe('prefixUpperBound', () => {
  it('is the prefix with its last code point incremented, skipping surrogates and dropping U+10FFFF', () => {
    expect(prefixUpperBound('+44 07')).toBe('+44 08');
    expect(prefixUpperBound('Zoë')).toBe('Zoì');
    expect(prefixUpperBound('a\u{1F600}')).toBe('a\u{1F601}');
    expect(prefixUpperBound('a\uD7FF')).toBe('a\uE000');
    expect(prefixUpperBound('a\u{10FFFF}')).toBe('b');
    expect(prefixUpperBound('\u{10FFFF}\u{10FFFF}')).toBeUndefined();
    expect(prefixUpperBound('')).toBeUndefined();
  });
});

/** The customers seeded per bank: enough that reading all of them would be the expensive plan. */
const CUSTOMERS_PER_BANK = 2000;
const name = (i: number) => `Customer ${String(i).padStart(5, '0')}`;
const phone = (i: number) => `+44 7700 ${String(i).padStart(6, '0')}`;

for (const backend of selectedBackends()) {
  describe(`customer search indexes [${backend.name}]`, () => {
    let database: Awaited<ReturnType<typeof backend.create>>;
    let db: Knex;
    let connector: Connector;
    let bankId: string;

    beforeAll(async () => {
      database = await backend.create();
      db = createKnex(database.url);
      await migrateLatest(db);
      connector = createMappedConnector(db);
      const banks = [newBank(), newBank(), newBank()];
      for (const bank of banks) await connector.createOrUpdateBank(bank, cc);
      bankId = banks[0]!.bankId;
      // Written as rows in bulk: the connector would take a statement per customer.
      const template = await connector.createCustomer(bankId, newCustomer(), cc);
      const { customer_id: _id, ...columns } = await db('customers').where({ customer_id: template.customerId }).first();
      const rows = banks.flatMap((bank) =>
        Array.from({ length: CUSTOMERS_PER_BANK }, (_, i) => ({
          ...columns,
          customer_id: randomUUID(),
          bank_id: bank.bankId,
          customer_number: `n${i}`,
          // A quarter share one value, as customers without a known number do.
          ...(i % 4 === 0 ? { legal_name: 'Unnamed', mobile_number: '' } : { legal_name: name(i), mobile_number: phone(i) }),
        })),
      );
      await db.batchInsert('customers', rows, 500);
      if (isMysql(db)) await db.raw('ANALYZE TABLE customers');
      else await db.raw('ANALYZE');
    });

    afterAll(async () => {
      await db?.destroy();
      await database?.drop();
    });

    /** The statements one search runs, as the driver received them. */
    async function statementsOf(search: () => Promise<unknown>): Promise<{ sql: string; bindings: unknown[] }[]> {
      const seen: { sql: string; bindings: unknown[] }[] = [];
      const listener = (q: { sql: string; bindings?: unknown[] }) => seen.push({ sql: q.sql, bindings: q.bindings ?? [] });
      db.on('query', listener);
      try {
        await search();
      } finally {
        db.removeListener('query', listener);
      }
      return seen;
    }

    /** Each step of the plan, as one line: the table or alias it reads, how, and with which index. */
    async function plan(statement: { sql: string; bindings: unknown[] }): Promise<string[]> {
      if (isMysql(db)) {
        const [rows] = (await db.raw(`EXPLAIN ${statement.sql}`, statement.bindings as Knex.RawBinding[])) as [
          { table: string; type: string; key: string | null; Extra: string | null }[],
        ];
        return rows.map((r) => `${r.table} type=${r.type} key=${r.key ?? ''} ${r.Extra ?? ''}`);
      }
      const rows = (await db.raw(`EXPLAIN QUERY PLAN ${statement.sql}`, statement.bindings as Knex.RawBinding[])) as {
        id: number;
        parent: number;
        detail: string;
      }[];
      // Steps inside the page-of-ids subquery (a co-routine) are marked, to tell its sorting from the page's.
      const inner = new Set(rows.filter((r) => r.detail.startsWith('CO-ROUTINE')).map((r) => r.id));
      return rows.map((r) => (inner.has(r.parent) ? `(page of ids) ${r.detail}` : r.detail));
    }

    const page = { limit: 50, offset: 100 };
    const searches: [string, string, (m: TextMatch) => Promise<unknown>, [string, TextMatch][]][] = [
      [
        'mobile_number',
        'customers_bank_id_mobile_number_index',
        (m) => connector.getCustomersByCustomerPhoneNumber(bankId, m, page, cc),
        [
          ['a value one customer has', { value: phone(123), prefix: false }],
          ['a value a quarter of the bank shares', { value: '', prefix: false }],
          ['a prefix', { value: '+44 7700 0001', prefix: true }],
          ['every value (the empty prefix)', { value: '', prefix: true }],
        ],
      ],
      [
        'legal_name',
        'customers_bank_id_legal_name_index',
        (m) => connector.getCustomersByCustomerLegalName(bankId, m, page, cc),
        [
          ['a value one customer has', { value: name(123), prefix: false }],
          ['a value a quarter of the bank shares', { value: 'Unnamed', prefix: false }],
          ['a prefix', { value: 'Customer 01', prefix: true }],
          ['every value (the empty prefix)', { value: '', prefix: true }],
        ],
      ],
    ];

    for (const [column, index, search, matches] of searches) {
      for (const [what, match] of matches) {
        it(`searches ${column} for ${what} with one range of ${index}, in index order`, async () => {
          const statements = await statementsOf(() => search(match));
          expect(statements).toHaveLength(1);
          const steps = await plan(statements[0]!);
          const context = steps.join('\n');
          if (isMysql(db)) {
            // The page of ids: a range (or equality) of the index, read in its order (no filesort), never a full scan.
            const inner = steps.filter((s) => s.startsWith('c '));
            expect(inner.some((s) => new RegExp(`type=(range|ref) key=${index}\\b`).test(s) && !/filesort/.test(s)), context).toBe(true);
            // Whole rows for that page: by primary key.
            expect(inner.some((s) => /type=eq_ref key=PRIMARY/.test(s)), context).toBe(true);
            expect(steps.filter((s) => / type=(ALL|index) /.test(s) && !s.startsWith('<derived')), context).toEqual([]);
          } else {
            const inner = steps.filter((s) => s.startsWith('(page of ids) '));
            expect(inner.some((s) => new RegExp(`^\\(page of ids\\) SEARCH c USING (COVERING )?INDEX ${index} \\(bank_id=\\?`).test(s)), context).toBe(true);
            // The ids come in index order: only the page itself (at most 500 rows) may be sorted.
            expect(inner.filter((s) => /TEMP B-TREE/.test(s)), context).toEqual([]);
            expect(steps.some((s) => /^SEARCH c USING INDEX sqlite_autoindex_customers_1 \(customer_id=\?\)/.test(s)), context).toBe(true);
            // Nothing reads the customers table (or an index of it) from end to end.
            expect(steps.filter((s) => /^(\(page of ids\) )?SCAN c\b/.test(s)), context).toEqual([]);
          }
        });
      }
    }

    it('answers the searches the plans are for, from the seeded bank only', async () => {
      const exact = await connector.getCustomersByCustomerPhoneNumber(bankId, { value: phone(123), prefix: false }, { limit: 50, offset: 0 }, cc);
      expect(exact.map((c) => [c.bankId, c.legalName])).toEqual([[bankId, name(123)]]);
      const shared = await connector.getCustomersByCustomerPhoneNumber(bankId, { value: '', prefix: false }, { limit: 1000, offset: 0 }, cc);
      expect(shared).toHaveLength(CUSTOMERS_PER_BANK / 4);
      expect(shared.every((c) => c.bankId === bankId && c.legalName === 'Unnamed')).toBe(true);
      const ids = shared.map((c) => c.customerId);
      expect(ids).toEqual([...ids].sort());
      const prefix = await connector.getCustomersByCustomerLegalName(bankId, { value: 'Customer 01', prefix: true }, page, cc);
      const expected = Array.from({ length: 1000 }, (_, i) => 1000 + i).filter((i) => i % 4 !== 0).map(name);
      expect(prefix.map((c) => c.legalName)).toEqual(expected.slice(page.offset, page.offset + page.limit));
    });

    it('matches prefixes by code points on the database as in memory: accents, surrogates and the last code point', async () => {
      const bank = await connector.createOrUpdateBank(newBank(), cc);
      const stored = ['Ä', 'Äb', 'Å', 'x\uD7FFy', 'x\uE000', 'z\u{10FFFF}', 'z\u{10FFFF}!', '{', 'a\u{1F600}b', 'a\u{1F601}'];
      for (const legalName of stored) await connector.createCustomer(bank.bankId, newCustomer({ legalName }), cc);
      const names = async (value: string) =>
        (await connector.getCustomersByCustomerLegalName(bank.bankId, { value, prefix: true }, { limit: 50, offset: 0 }, cc)).map((c) => c.legalName);
      expect(await names('Ä')).toEqual(['Ä', 'Äb']);
      expect(await names('x\uD7FF')).toEqual(['x\uD7FFy']);
      expect(await names('z\u{10FFFF}')).toEqual(['z\u{10FFFF}', 'z\u{10FFFF}!']);
      expect(await names('a\u{1F600}')).toEqual(['a\u{1F600}b']);
    });
  });
}
