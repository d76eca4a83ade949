import { beforeAll, expect, it } from 'vitest';
import { createBank, createCustomerDirect, loggedInUser, type TestUser } from './support/fixtures';
import { addAttribute } from './support/customers';
import { describeEachBackend } from './support/service';

describeEachBackend(
  'firehose customers',
  (get) => {
    let bankId: string;
    let user: TestUser;
    let numbers: string[];

    beforeAll(async () => {
      const s = get();
      bankId = await createBank(s);
      user = await loggedInUser(s, [{ role: 'CanUseCustomerFirehoseAtAnyBank' }]);
      numbers = [];
      for (let i = 0; i < 5; i++) {
        const c = await createCustomerDirect(s, bankId, { lastOkDate: new Date(Date.UTC(2020, 0, i + 1)), legalName: `Customer ${i}` });
        numbers.push(c.number);
        if (i % 2 === 0) await addAttribute(s, bankId, c.customerId, 'SEGMENT', i === 0 ? 'retail' : 'premium');
      }
      await createCustomerDirect(s, await createBank(s));
    });

    const names = (res: { body: { customers: { legal_name: string }[] } }) => res.body.customers.map((c) => c.legal_name);

    it('pages by last_ok_date, newest first by default, with a Range header and the V300 shape', async () => {
      const s = get();
      const res = await s.api.get(`/banks/${bankId}/firehose/customers?limit=2&offset=1`, user.auth);
      expect(res.status).toBe(200);
      expect(res.headers.get('range')).toBe('items=1-2');
      expect(names(res)).toEqual(['Customer 3', 'Customer 2']);
      expect(res.body.customers[0].date_of_birth).toBe('1990-01-01');
      expect(Object.keys(res.body.customers[0])).toContain('name_suffix');
      const all = await s.api.get(`/banks/${bankId}/firehose/customers`, user.auth);
      expect(all.headers.get('range')).toBe('items=0-50');
      expect(names(all)).toEqual(['Customer 4', 'Customer 3', 'Customer 2', 'Customer 1', 'Customer 0']);
      const asc = await s.api.get(`/banks/${bankId}/firehose/customers?sort_direction=asc&limit=2`, user.auth);
      expect(names(asc)).toEqual(['Customer 0', 'Customer 1']);
    });

    it('filters on attributes before paging; several names match any', async () => {
      const s = get();
      const premium = await s.api.get(`/banks/${bankId}/firehose/customers?SEGMENT=premium&limit=1`, user.auth);
      expect(names(premium)).toEqual(['Customer 4']);
      const page2 = await s.api.get(`/banks/${bankId}/firehose/customers?SEGMENT=premium&limit=1&offset=1`, user.auth);
      expect(names(page2)).toEqual(['Customer 2']);
      const either = await s.api.get(`/banks/${bankId}/firehose/customers?SEGMENT=retail&SEGMENT=premium&OTHER=x`, user.auth);
      expect(names(either)).toEqual(['Customer 4', 'Customer 2', 'Customer 0']);
      expect(names(await s.api.get(`/banks/${bankId}/firehose/customers?SEGMENT=none`, user.auth))).toEqual([]);
    });

    it('filters on the time customers were last changed', async () => {
      const s = get();
      const future = await s.api.get(`/banks/${bankId}/firehose/customers?from_date=2999-01-01T00:00:00.000Z`, user.auth);
      expect(names(future)).toEqual([]);
      const wide = await s.api.get(`/banks/${bankId}/firehose/customers?from_date=2000-01-01T00:00:00.000%2B0000&to_date=3000-01-01T00:00:00.000Z`, user.auth);
      expect(names(wide)).toHaveLength(5);
    });

    it.each([
      ['sort_direction=up', 'OBP-10023: obp_sort_direction parameter can only take two values: DESC or ASC!'],
      ['from_date=2020-01-01', "OBP-10026: Failed to parse date string. Please use this format yyyy-MM-dd'T'HH:mm:ss.SSS'Z'!"],
      ['to_date=yesterday', "OBP-10026: Failed to parse date string. Please use this format yyyy-MM-dd'T'HH:mm:ss.SSS'Z'!"],
      ['limit=foo', 'OBP-10025: wrong value for obp_limit parameter. Please send a positive integer (=>1)!'],
      ['limit=0', 'OBP-10025: wrong value for obp_limit parameter. Please send a positive integer (=>1)!'],
      ['limit=-1', 'OBP-10025: wrong value for obp_limit parameter. Please send a positive integer (=>1)!'],
      ['offset=-1', 'OBP-10024: wrong value for obp_offset parameter. Please send a positive integer (=>0)!'],
      ['limit=0&sort_direction=sideways', 'OBP-10023: obp_sort_direction parameter can only take two values: DESC or ASC!'],
      ['limit=501', 'OBP-10012: Invalid value. Maximum number is 500. Current limit is 501.'],
      ['limit=2147483647', 'OBP-10012: Invalid value. Maximum number is 500. Current limit is 2147483647.'],
      // OBP reads limit and offset as a 32-bit Int: anything larger is not a valid value at all.
      ['limit=2147483648', 'OBP-10025: wrong value for obp_limit parameter. Please send a positive integer (=>1)!'],
      ['offset=2147483648', 'OBP-10024: wrong value for obp_offset parameter. Please send a positive integer (=>0)!'],
      ['offset=99999999999999999999', 'OBP-10024: wrong value for obp_offset parameter. Please send a positive integer (=>0)!'],
    ])('refuses %s', async (query, cause) => {
      const res = await get().api.get(`/banks/${bankId}/firehose/customers?${query}`, user.auth);
      expect(res.body).toEqual({ code: 400, message: `OBP-10016: Incorrect filter Parameters in URL.  <- ${cause}` });
    });

    it.each([
      [51, Array.from({ length: 51 }, (_, i) => `A${i}=x`)],
      [400, Array.from({ length: 400 }, (_, i) => `NAME${i}=${i}`)],
      [60, Array.from({ length: 60 }, (_, i) => `SEGMENT=v${i}`)],
    ])('refuses %i attribute filters (at most 50)', async (count, params) => {
      const res = await get().api.get(`/banks/${bankId}/firehose/customers?${params.join('&')}`, user.auth);
      expect(res.body).toEqual({
        code: 400,
        message: `OBP-10016: Incorrect filter Parameters in URL.  <- OBP-10012: Invalid value. Maximum number is 50. Current number of attribute filters is ${count}.`,
      });
    });

    it('serves the largest page (500) and the largest offset OBP accepts', async () => {
      const s = get();
      const big = await s.api.get(`/banks/${bankId}/firehose/customers?limit=500`, user.auth);
      expect(big.status).toBe(200);
      expect(big.headers.get('range')).toBe('items=0-500');
      expect(names(big)).toHaveLength(5);
      const far = await s.api.get(`/banks/${bankId}/firehose/customers?offset=2147483647&limit=500`, user.auth);
      expect(far.status).toBe(200);
      expect(names(far)).toEqual([]);
    });

    it('treats parameter names such as __proto__, constructor and toString as attribute names', async () => {
      const s = get();
      const [c] = await s.services.connector.getCustomers(bankId, { limit: 1, offset: 0, sortDirection: 'ASC', attributeFilters: {} }, { correlationId: 't' });
      await addAttribute(s, bankId, c!.customerId, 'constructor', 'yes');
      for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype']) {
        const res = await s.api.get(`/banks/${bankId}/firehose/customers?${name}=yes`, user.auth);
        expect(res.status, name).toBe(200);
        expect(names(res), name).toEqual(name === 'constructor' ? ['Customer 0'] : []);
      }
      // Mixed with a real filter: still any-of, nothing leaks from Object.prototype.
      const mixed = await s.api.get(`/banks/${bankId}/firehose/customers?__proto__=x&toString=y&SEGMENT=premium&constructor=yes`, user.auth);
      expect(names(mixed)).toEqual(['Customer 4', 'Customer 2', 'Customer 0']);
      // Exactly at the cap is fine.
      const fifty = Array.from({ length: 50 }, (_, i) => `A${i}=x`).join('&');
      expect((await s.api.get(`/banks/${bankId}/firehose/customers?${fifty}`, user.auth)).status).toBe(200);
    });

    it('needs login, the system role (a bank-level grant does not count) and the bank', async () => {
      const s = get();
      expect((await s.api.get(`/banks/${bankId}/firehose/customers`)).status).toBe(401);
      const bankLevel = await loggedInUser(s, [{ role: 'CanGetCustomer', bankId }]);
      expect((await s.api.get(`/banks/${bankId}/firehose/customers`, bankLevel.auth)).body).toEqual({
        code: 403,
        message: 'OBP-20006: User is missing one or more roles: CanUseCustomerFirehoseAtAnyBank',
      });
      expect((await s.api.get('/banks/no.bank/firehose/customers', user.auth)).status).toBe(404);
    });
  },
  { ALLOW_CUSTOMER_FIREHOSE: 'true' },
);

describeEachBackend('firehose customers when not allowed', (get) => {
  it('answers 400 OBP-00009', async () => {
    const s = get();
    const user = await loggedInUser(s, [{ role: 'CanUseCustomerFirehoseAtAnyBank' }]);
    expect((await s.api.get('/banks/any.bank/firehose/customers', user.auth)).body).toEqual({
      code: 400,
      message:
        'OBP-00009: Account firehose is not allowed on this instance. Please set allow_account_firehose = true in props files. ' +
        'On this service: set ALLOW_CUSTOMER_FIREHOSE=true.',
    });
  });
});
