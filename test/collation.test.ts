import { expect, it } from 'vitest';
import { isMysql } from '../src/db/knex';
import { addAttribute } from './support/customers';
import { createBank, createCustomerDirect, loggedInUser } from './support/fixtures';
import { describeEachBackend } from './support/service';

// An id, number or name with a trailing (or leading) space is another value, on MySQL exactly as on SQLite: the
// same requests give the same answers on both. (MySQL's PAD SPACE collations would treat 'x' and 'x ' as equal.)
describeEachBackend(
  'ids and numbers compare exactly',
  (get) => {
    it('a bank, customer or number with a trailing space is not found', async () => {
      const s = get();
      const bankId = await createBank(s);
      const customer = await createCustomerDirect(s, bankId);
      const user = await loggedInUser(s, [{ role: 'CanGetCustomer', bankId }]);
      expect((await s.api.get(`/banks/${bankId}`)).status).toBe(200);
      expect((await s.api.get(`/banks/${bankId}%20`)).status).toBe(404);
      expect((await s.api.get(`/banks/%20${bankId}`)).status).toBe(404);
      expect((await s.api.get(`/banks/${bankId}/customers/${customer.customerId}`, user.auth)).status).toBe(200);
      const padded = await s.api.get(`/banks/${bankId}/customers/${customer.customerId}%20`, user.auth);
      expect(padded.body).toEqual({
        code: 404,
        message: `OBP-30046: Customer not found. Please specify a valid value for CUSTOMER_ID.. Current CustomerId(${customer.customerId} )`,
      });
      const byNumber = (n: string) => s.api.post(`/banks/${bankId}/customers/customer-number`, { customer_number: n }, user.auth);
      expect((await byNumber(customer.number)).status).toBe(200);
      expect((await byNumber(`${customer.number} `)).status).toBe(404);
      expect((await byNumber(`${customer.number}  `)).status).toBe(404);
    });

    it('a number that differs only by a trailing space is another number (unique keys agree)', async () => {
      const s = get();
      const bankId = await createBank(s);
      const a = await createCustomerDirect(s, bankId);
      const b = await createCustomerDirect(s, bankId);
      const user = await loggedInUser(s, [{ role: 'CanUpdateCustomerNumber', bankId }, { role: 'CanGetCustomer', bankId }]);
      const res = await s.api.put(`/banks/${bankId}/customers/${b.customerId}/number`, { customer_number: `${a.number} ` }, user.auth);
      expect(res.status).toBe(200);
      expect(res.body.customer_number).toBe(`${a.number} `);
      const found = await s.api.post(`/banks/${bankId}/customers/customer-number`, { customer_number: `${a.number} ` }, user.auth);
      expect(found.body.customer_id).toBe(b.customerId);
      const exact = await s.api.post(`/banks/${bankId}/customers/customer-number`, { customer_number: a.number }, user.auth);
      expect(exact.body.customer_id).toBe(a.customerId);
    });

    it('tax residences and attribute filters compare exactly', async () => {
      const s = get();
      const bankId = await createBank(s);
      const customer = await createCustomerDirect(s, bankId, { legalName: 'Exact' });
      const user = await loggedInUser(s, [
        { role: 'CanCreateTaxResidence', bankId },
        { role: 'CanUseCustomerFirehoseAtAnyBank' },
      ]);
      const base = `/banks/${bankId}/customers/${customer.customerId}/tax-residence`;
      expect((await s.api.post(base, { domain: 'DE', tax_number: '123' }, user.auth)).status).toBe(201);
      expect((await s.api.post(base, { domain: 'DE', tax_number: '123 ' }, user.auth)).status).toBe(201);
      expect((await s.api.post(base, { domain: 'DE ', tax_number: '123' }, user.auth)).status).toBe(201);
      expect((await s.api.post(base, { domain: 'DE', tax_number: '123' }, user.auth)).status).toBe(400);

      await addAttribute(s, bankId, customer.customerId, 'SEGMENT', 'premium');
      const names = async (query: string) =>
        (await s.api.get(`/banks/${bankId}/firehose/customers?${query}`, user.auth)).body.customers.map((c: { legal_name: string }) => c.legal_name);
      expect(await names('SEGMENT=premium')).toEqual(['Exact']);
      expect(await names('SEGMENT=premium%20')).toEqual([]);
      expect(await names('SEGMENT%20=premium')).toEqual([]);
    });

    it('every table compares exactly (MySQL: a NO PAD binary collation on every text column; SQLite: BINARY)', async () => {
      const s = get();
      if (isMysql(s.db)) {
        const [columns] = (await s.db.raw(
          `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLLATION_NAME AS collation FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME IS NOT NULL AND TABLE_NAME NOT LIKE 'knex\\_%'`,
        )) as [{ t: string; c: string; collation: string }[]];
        expect(columns.length).toBeGreaterThan(20);
        expect(columns.filter((c) => !['utf8mb4_nopad_bin', 'utf8mb4_0900_bin'].includes(c.collation))).toEqual([]);
      } else {
        // SQLite compares text with BINARY unless a column names another collation (NOCASE, RTRIM).
        const tables = await s.db('sqlite_master').where({ type: 'table' }).whereNot('name', 'like', 'knex%').select('name', 'sql');
        expect(tables.length).toBeGreaterThan(5);
        expect(tables.filter((t: { sql: string }) => /collate\s+(nocase|rtrim)/i.test(t.sql))).toEqual([]);
      }
    });
  },
  { ALLOW_CUSTOMER_FIREHOSE: 'true' },
);
