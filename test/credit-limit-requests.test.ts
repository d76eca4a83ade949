import { expect, it } from 'vitest';
import { createBank, createCustomerDirect } from './support/fixtures';
import { bankWithCustomer, expectError, messages } from './support/satellites';
import { describeEachBackend } from './support/service';

const request = {
  requested_current_rate_amount1: '1000',
  requested_current_rate_amount2: '2500',
  requested_current_valid_end_date: '2025-12-31',
  current_credit_documentation: 'payslips',
  temporary_requested_current_amount: '500',
  requested_temporary_valid_end_date: '2025-06-30',
  temporary_credit_documentation: 'contract',
};

async function bankAndCustomer(s: Parameters<typeof createBank>[0]) {
  const bankId = await createBank(s);
  const customer = await createCustomerDirect(s, bankId);
  return { bankId, customer, base: `/banks/${bankId}/customers/${customer.customerId}/credit_limit/requests` };
}

describeEachBackend('credit limit order requests', (get) => {
  it('records a request anonymously (201) and answers its token, short reference, date and time', async () => {
    const s = get();
    const { base } = await bankAndCustomer(s);
    const before = Date.now();
    const res = await s.api.post(base, request);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['execution_time', 'execution_date', 'token', 'short_reference']);
    const { execution_time: time, execution_date: date, token, short_reference: ref } = res.body;
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect(ref).toBe(token.replace(/-/g, '').slice(0, 8).toUpperCase());
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(time).toMatch(/^\d{2}:\d{2}:\d{2}Z$/);
    const recorded = Date.parse(`${date}T${time}`);
    expect(recorded).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(recorded).toBeLessThanOrEqual(Date.now());

    const one = await s.api.get(`${base}/${token}`);
    expect(one.status).toBe(200);
    expect(one.text).toBe(JSON.stringify({ rank_amount_1: '1000', nominal_interest_1: '', rank_amount_2: '2500', nominal_interest_2: '' }));
  });

  it('also works logged in; "get all" answers the most recent request, or empty strings when there is none', async () => {
    const s = get();
    const { user, base: customerBase } = await bankWithCustomer(s, []);
    const base = `${customerBase}/credit_limit/requests`;
    expect((await s.api.get(base, user.auth)).text).toBe(
      JSON.stringify({ rank_amount_1: '', nominal_interest_1: '', rank_amount_2: '', nominal_interest_2: '' }),
    );
    expect((await s.api.post(base, request, user.auth)).status).toBe(201);
    expect((await s.api.post(base, { ...request, requested_current_rate_amount1: 3000, requested_current_rate_amount2: '4000' }, user.auth)).status).toBe(201);
    const all = await s.api.get(base, user.auth);
    expect(all.status).toBe(200);
    expect(all.text).toBe(JSON.stringify({ rank_amount_1: '3000', nominal_interest_1: '', rank_amount_2: '4000', nominal_interest_2: '' }));
  });

  it('stores every documented field; fields left out are empty strings', async () => {
    const s = get();
    const { customer, base } = await bankAndCustomer(s);
    const full = (await s.api.post(base, request)).body.token;
    const partial = (await s.api.post(base, { requested_current_rate_amount1: '10' })).body.token;
    const rows = await s.connectorDb('credit_limit_requests')
      .whereIn('credit_limit_request_id', [full, partial])
      .orderBy('credit_limit_request_seq')
      .select('credit_limit_request_id', 'bank_id', 'customer_id', ...Object.keys(request));
    const owner = { bank_id: customer.bankId, customer_id: customer.customerId };
    const empty = Object.fromEntries(Object.keys(request).map((k) => [k, '']));
    expect(rows).toEqual([
      { credit_limit_request_id: full, ...owner, ...request },
      { credit_limit_request_id: partial, ...owner, ...empty, requested_current_rate_amount1: '10' },
    ]);
  });

  it('answers 404 OBP-30350 for an unknown request id or one of another customer', async () => {
    const s = get();
    const a = await bankAndCustomer(s);
    const token = (await s.api.post(a.base, request)).body.token;
    const notFound = 'OBP-30350: Credit Limit Order Request not found. Please specify a valid value for REQUEST_ID.';
    expectError(await s.api.get(`${a.base}/no-such-request`), 404, notFound);
    const sibling = await createCustomerDirect(s, a.bankId);
    expectError(await s.api.get(`/banks/${a.bankId}/customers/${sibling.customerId}/credit_limit/requests/${token}`), 404, notFound);
  });

  it('reaches a customer only under its own bank', async () => {
    const s = get();
    const a = await bankAndCustomer(s);
    const token = (await s.api.post(a.base, request)).body.token;
    const otherBank = await createBank(s);
    const foreign = `/banks/${otherBank}/customers/${a.customer.customerId}/credit_limit/requests`;
    const notFound = messages.customerNotFound(a.customer.customerId);
    expectError(await s.api.post(foreign, request), 404, notFound);
    expectError(await s.api.get(foreign), 404, notFound);
    expectError(await s.api.get(`${foreign}/${token}`), 404, notFound);
  });

  it('checks in order: a bad token, bank, JSON, customer', async () => {
    const s = get();
    const { bankId, base } = await bankAndCustomer(s);
    const badToken = { token: 'not-a-valid-token' };
    const invalid = 'OBP-20003: This DirectLogin token is invalid or expired:not-a-valid-token';
    const unknownBank = '/banks/no.such.bank/customers/x/credit_limit/requests';
    expectError(await s.api.post(unknownBank, [], badToken), 401, invalid);
    expectError(await s.api.get(unknownBank, badToken), 401, invalid);
    expectError(await s.api.get(`${unknownBank}/y`, badToken), 401, invalid);
    expectError(await s.api.post(unknownBank, []), 404, messages.bankNotFound('no.such.bank'));
    expectError(await s.api.get(unknownBank), 404, messages.bankNotFound('no.such.bank'));
    expectError(await s.api.get(`${unknownBank}/y`), 404, messages.bankNotFound('no.such.bank'));
    const unknownCustomer = `/banks/${bankId}/customers/no-such-customer/credit_limit/requests`;
    for (const bad of [[], 'text', { requested_current_rate_amount1: null }, { current_credit_documentation: 'x'.repeat(2001) }]) {
      expectError(await s.api.post(unknownCustomer, bad), 400, messages.badJson('CreditLimitRequestJson'));
    }
    expectError(await s.api.post(unknownCustomer, request), 404, messages.customerNotFound('no-such-customer'));
    expectError(await s.api.get(unknownCustomer), 404, messages.customerNotFound('no-such-customer'));
    expect((await s.api.post(base, {})).status).toBe(201);
  });
});
