/** Customer search over HTTP: by mobile phone number (OBP v4.0.0) and by legal name (OBP v5.1.0). */
import { beforeAll, describe, expect, it } from 'vitest';
import { textMatchOf } from '../src/api/like-pattern';
import type { Customer } from '../src/connector/types';
import { addAttribute } from './support/customers';
import { createBank, createCustomerDirect, loggedInUser, type TestUser } from './support/fixtures';
import { expectError, messages } from './support/satellites';
import { describeEachBackend } from './support/service';

const byPhone = (bankId: string) => `/obp/v4.0.0/banks/${bankId}/search/customers/mobile-phone-number`;
const byName = (bankId: string) => `/obp/v5.1.0/banks/${bankId}/customers/legal-name`;

const notSearchable = (field: string, pattern: string) =>
  `OBP-10035: Incorrect json value. ${field}: ${JSON.stringify(pattern)} is not searchable. Searchable: an exact value, or a prefix ` +
  'followed by one % at the end (e.g. "+44 07972%"); % or _ anywhere else cannot be served from an index. A \\ before % or _ makes it a plain character.';

describe("OBP's LIKE patterns", () => {
  it('are served as an exact value, or a prefix when the only wildcard is one final %; \\ makes the next character plain', () => {
    expect(textMatchOf('+44 07972 444 876')).toEqual({ value: '+44 07972 444 876', prefix: false });
    expect(textMatchOf('Eve%')).toEqual({ value: 'Eve', prefix: true });
    expect(textMatchOf('%')).toEqual({ value: '', prefix: true });
    expect(textMatchOf('')).toEqual({ value: '', prefix: false });
    expect(textMatchOf('100\\%')).toEqual({ value: '100%', prefix: false });
    expect(textMatchOf('a\\_b\\\\c%')).toEqual({ value: 'a_b\\c', prefix: true });
    expect(textMatchOf('ends with \\')).toEqual({ value: 'ends with \\', prefix: false });
    for (const unserved of ['%Smith', 'Sm%th', 'Sm_th', 'Smith%%', '_', '100\\%%%']) expect(textMatchOf(unserved), unserved).toBeUndefined();
  });
});

describeEachBackend('customer search (OBP v4.0.0 mobile phone number, v5.1.0 legal name)', (get) => {
  let bankId: string;
  let otherBankId: string;
  let clerk: TestUser;
  let eveline: Customer;
  const people: Record<string, Customer> = {};

  beforeAll(async () => {
    const s = get();
    [bankId, otherBankId] = await Promise.all([createBank(s), createBank(s)]);
    clerk = await loggedInUser(s, [
      { role: 'CanGetCustomer', bankId },
      { role: 'CanGetCustomersAtOneBank', bankId },
    ]);
    eveline = await createCustomerDirect(s, bankId, { legalName: 'Eveline Tripman', mobileNumber: '+44 07972 444 876' });
    await addAttribute(s, bankId, eveline.customerId, 'SPECIAL_TAX_NUMBER', '123456789');
    const more: [string, string][] = [
      ['Evelyn Tripp', '+44 07972 444 877'],
      ['eveline tripman', '+44 07972 111 000'],
      ['Eve 100% Sure', '+44_07972'],
      ['Zed Tripman', '+49 30 1234'],
    ];
    for (const [legalName, mobileNumber] of more) people[legalName] = await createCustomerDirect(s, bankId, { legalName, mobileNumber });
    // The same number and name at another bank: never part of an answer about this one.
    await createCustomerDirect(s, otherBankId, { legalName: 'Eveline Tripman', mobileNumber: '+44 07972 444 876' });
  });

  const names = (res: { body: { customers: { legal_name: string }[] } }) => res.body.customers.map((c) => c.legal_name);

  it("finds a bank's customers by mobile number: 201 with OBP's CustomerJSONsV300 (dates of birth as days, no attributes)", async () => {
    const s = get();
    const res = await s.api.post(byPhone(bankId), { mobile_phone_number: '+44 07972 444 876' }, clerk.auth);
    expect(res.status).toBe(201);
    expect(res.text).toBe(
      JSON.stringify({
        customers: [
          {
            bank_id: bankId,
            customer_id: eveline.customerId,
            customer_number: eveline.number,
            legal_name: 'Eveline Tripman',
            mobile_phone_number: '+44 07972 444 876',
            email: 'felixsmith@example.com',
            face_image: { url: 'www.openbankproject', date: '1100-01-01T00:00:00Z' },
            date_of_birth: '1990-01-01',
            relationship_status: 'single',
            dependants: 1,
            dob_of_dependants: ['2015-06-01'],
            credit_rating: { rating: 'OBP', source: 'OBP' },
            credit_limit: { currency: 'EUR', amount: '0' },
            highest_education_attained: 'Master',
            employment_status: 'worker',
            kyc_status: false,
            last_ok_date: '2023-10-16T12:00:00Z',
            title: 'Dr.',
            branch_id: 'DERBY6',
            name_suffix: 'Sr',
          },
        ],
      }),
    );
    // No match, and a number only another bank has: an empty list.
    for (const number of ['+44 07972 444 87', '+49 000']) {
      const none = await s.api.post(byPhone(bankId), { mobile_phone_number: number }, clerk.auth);
      expect({ status: none.status, text: none.text }).toEqual({ status: 201, text: '{"customers":[]}' });
    }
  });

  it('finds customers by legal name (200): exact, letter case and spaces included', async () => {
    const s = get();
    const res = await s.api.post(byName(bankId), { legal_name: 'Eveline Tripman' }, clerk.auth);
    expect(res.status).toBe(200);
    expect(res.body.customers.map((c: { customer_id: string }) => c.customer_id)).toEqual([eveline.customerId]);
    expect(Object.keys(res.body.customers[0])).not.toContain('customer_attributes');
    expect(names(await s.api.post(byName(bankId), { legal_name: 'eveline tripman' }, clerk.auth))).toEqual(['eveline tripman']);
    expect(names(await s.api.post(byName(bankId), { legal_name: 'Eveline Tripman ' }, clerk.auth))).toEqual([]);
    expect(names(await s.api.post(byName(bankId), { legal_name: 'Tripman' }, clerk.auth))).toEqual([]);
  });

  it('serves LIKE patterns that end in one %: a prefix, ordered by the value, then customer id', async () => {
    const s = get();
    const phones = await s.api.post(byPhone(bankId), { mobile_phone_number: '+44 07972%' }, clerk.auth);
    expect(phones.body.customers.map((c: { mobile_phone_number: string }) => c.mobile_phone_number)).toEqual([
      '+44 07972 111 000',
      '+44 07972 444 876',
      '+44 07972 444 877',
    ]);
    expect(names(await s.api.post(byName(bankId), { legal_name: 'Eve%' }, clerk.auth))).toEqual(['Eve 100% Sure', 'Eveline Tripman', 'Evelyn Tripp']);
    expect(names(await s.api.post(byName(bankId), { legal_name: '%' }, clerk.auth))).toHaveLength(5);
    // \ makes % and _ plain characters, as in OBP's databases.
    expect(names(await s.api.post(byName(bankId), { legal_name: 'Eve 100\\% Sure' }, clerk.auth))).toEqual(['Eve 100% Sure']);
    expect(names(await s.api.post(byName(bankId), { legal_name: 'Eve 100\\%%' }, clerk.auth))).toEqual(['Eve 100% Sure']);
    expect(names(await s.api.post(byPhone(bankId), { mobile_phone_number: '+44\\_%' }, clerk.auth))).toEqual(['Eve 100% Sure']);
  });

  it('refuses patterns no index can serve (a wildcard before the end) with 400 OBP-10035, naming what is served', async () => {
    const s = get();
    for (const pattern of ['%444%', '%876', '+44_07972%', '+44 %876', '%%']) {
      expectError(await s.api.post(byPhone(bankId), { mobile_phone_number: pattern }, clerk.auth), 400, notSearchable('mobile_phone_number', pattern));
    }
    expectError(await s.api.post(byName(bankId), { legal_name: 'Eve_ine%' }, clerk.auth), 400, notSearchable('legal_name', 'Eve_ine%'));
  });

  it('pages with limit and offset (at most 500), in order and without overlap', async () => {
    const s = get();
    const page = (query: string) => s.api.post(`${byName(bankId)}${query}`, { legal_name: '%' }, clerk.auth);
    const all = names(await page(''));
    expect(all).toEqual(['Eve 100% Sure', 'Eveline Tripman', 'Evelyn Tripp', 'Zed Tripman', 'eveline tripman']);
    expect([...names(await page('?limit=2')), ...names(await page('?limit=2&offset=2')), ...names(await page('?limit=2&offset=4'))]).toEqual(all);
    expect(names(await page('?offset=5'))).toEqual([]);
    expectError(await page('?limit=501'), 400, 'OBP-10016: Incorrect filter Parameters in URL.  <- OBP-10012: Invalid value. Maximum number is 500. Current limit is 501.');
    expectError(await page('?limit=0'), 400, 'OBP-10016: Incorrect filter Parameters in URL.  <- OBP-10025: wrong value for obp_limit parameter. Please send a positive integer (=>1)!');
    expectError(await page('?offset=-1'), 400, 'OBP-10016: Incorrect filter Parameters in URL.  <- OBP-10024: wrong value for obp_offset parameter. Please send a positive integer (=>0)!');
  });

  it('needs a login, an existing bank, the role at that bank, then a body, in that order', async () => {
    const s = get();
    const body = { mobile_phone_number: '+44 07972 444 876' };
    expectError(await s.api.post(byPhone(bankId), body), 401, messages.notLoggedIn);
    expectError(await s.api.post(byName(bankId), { legal_name: 'x' }), 401, messages.notLoggedIn);
    expectError(await s.api.post(byPhone('no.such.bank'), [], clerk.auth), 404, messages.bankNotFound('no.such.bank'));

    // A role at another bank, or the other search's role, does not do.
    const elsewhere = await loggedInUser(s, [
      { role: 'CanGetCustomer', bankId: otherBankId },
      { role: 'CanGetCustomersAtOneBank', bankId: otherBankId },
      { role: 'CanGetCustomersAtAnyBank' },
    ]);
    expectError(await s.api.post(byPhone(bankId), [], elsewhere.auth), 403, messages.missingRole('CanGetCustomer', bankId));
    expectError(await s.api.post(byName(bankId), [], elsewhere.auth), 403, messages.missingRole('CanGetCustomersAtOneBank', bankId));
    const phoneOnly = await loggedInUser(s, [{ role: 'CanGetCustomer', bankId }]);
    expect((await s.api.post(byPhone(bankId), body, phoneOnly.auth)).status).toBe(201);
    expectError(await s.api.post(byName(bankId), { legal_name: 'x' }, phoneOnly.auth), 403, messages.missingRole('CanGetCustomersAtOneBank', bankId));

    expectError(await s.api.post(byPhone(bankId), { phone: '1' }, clerk.auth), 400, messages.badJson('PostCustomerPhoneNumberJsonV400'));
    expectError(await s.api.post(byName(bankId), { legal_name: ['x'] }, clerk.auth), 400, messages.badJson('PostCustomerLegalNameJsonV510'));
    expectError(await s.api.post(byName(bankId), { legal_name: 'x'.repeat(256) }, clerk.auth), 400, messages.badJson('PostCustomerLegalNameJsonV510'));
  });

  it('is served only where OBP serves it (v4.0.0 and v5.1.0 prefixes), and documented there', async () => {
    const s = get();
    expect((await s.api.post(`/banks/${bankId}/search/customers/mobile-phone-number`, { mobile_phone_number: 'x' }, clerk.auth)).status).toBe(404);
    expect((await s.api.post(`/obp/v4.0.0/banks/${bankId}/customers/legal-name`, { legal_name: 'x' }, clerk.auth)).status).toBe(404);
    const listed = async (version: string) =>
      ((await s.api.get(`/resource-docs/${version}/obp?tags=KYC`)).body.resource_docs as { operation_id: string; specified_url: string }[]).map(
        (d) => [d.operation_id, d.specified_url],
      );
    expect(await listed('v3.1.0')).toEqual([]);
    expect(await listed('v4.0.0')).toEqual([
      ['OBPv4.0.0-getCustomersByCustomerPhoneNumber', '/obp/v4.0.0/banks/BANK_ID/search/customers/mobile-phone-number'],
    ]);
    expect(await listed('v5.1.0')).toEqual([
      ['OBPv4.0.0-getCustomersByCustomerPhoneNumber', '/obp/v5.1.0/banks/BANK_ID/search/customers/mobile-phone-number'],
      ['OBPv5.1.0-getCustomersByLegalName', '/obp/v5.1.0/banks/BANK_ID/customers/legal-name'],
    ]);
    const paths = (await s.api.get('/resource-docs/v5.1.0/openapi')).body.paths;
    const legal = paths['/obp/v5.1.0/banks/{BANK_ID}/customers/legal-name'].post;
    expect(legal.parameters.filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name)).toEqual(['limit', 'offset']);
    expect(legal['x-obp-roles']).toEqual(['CanGetCustomersAtOneBank']);
  });
});
