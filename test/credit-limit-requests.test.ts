import { expect, it } from 'vitest';
import type { RoleName } from '../src/auth/roles';
import { createBank, createCustomerDirect, loggedInUser, type TestUser } from './support/fixtures';
import { expectError, messages } from './support/satellites';
import { describeEachBackend, type TestService } from './support/service';

const request = {
  requested_current_rate_amount1: '1000',
  requested_current_rate_amount2: '2500',
  requested_current_valid_end_date: '2025-12-31',
  current_credit_documentation: 'payslips',
  temporary_requested_current_amount: '500',
  requested_temporary_valid_end_date: '2025-06-30',
  temporary_credit_documentation: 'contract',
};

// OBP's example data: what anonymous callers get, whatever they send.
const SEED_CREATED = JSON.stringify({ execution_time: 'String', execution_date: 'String', token: 'String', short_reference: 'String' });
const SEED_ORDER = JSON.stringify({ rank_amount_1: 'String', nominal_interest_1: 'String', rank_amount_2: 'String', nominal_interest_2: 'String' });

/** A bank, a customer, and a clerk holding CanCreateCustomer and CanGetCustomer there. */
async function bankAndCustomer(s: TestService, roles: RoleName[] = ['CanCreateCustomer', 'CanGetCustomer']) {
  const bankId = await createBank(s);
  const customer = await createCustomerDirect(s, bankId);
  const clerk = await loggedInUser(s, roles.map((role) => ({ role, bankId })));
  return { bankId, customer, clerk, base: `/banks/${bankId}/customers/${customer.customerId}/credit_limit/requests` };
}

const count = async (s: TestService) => Number((await s.connectorDb('credit_limit_requests').count({ n: '*' }))[0]!.n);

describeEachBackend('credit limit order requests', (get) => {
  it('records a request (201) and answers its token, short reference, date and time', async () => {
    const s = get();
    const { base, clerk } = await bankAndCustomer(s);
    const before = Date.now();
    const res = await s.api.post(base, request, clerk.auth);
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

    const one = await s.api.get(`${base}/${token}`, clerk.auth);
    expect(one.status).toBe(200);
    expect(one.text).toBe(JSON.stringify({ rank_amount_1: '1000', nominal_interest_1: '', rank_amount_2: '2500', nominal_interest_2: '' }));
  });

  it('"get all" answers the most recent request, or empty strings when there is none', async () => {
    const s = get();
    const { base, clerk } = await bankAndCustomer(s);
    expect((await s.api.get(base, clerk.auth)).text).toBe(
      JSON.stringify({ rank_amount_1: '', nominal_interest_1: '', rank_amount_2: '', nominal_interest_2: '' }),
    );
    expect((await s.api.post(base, request, clerk.auth)).status).toBe(201);
    expect((await s.api.post(base, { ...request, requested_current_rate_amount1: 3000, requested_current_rate_amount2: '4000' }, clerk.auth)).status).toBe(201);
    const all = await s.api.get(base, clerk.auth);
    expect(all.status).toBe(200);
    expect(all.text).toBe(JSON.stringify({ rank_amount_1: '3000', nominal_interest_1: '', rank_amount_2: '4000', nominal_interest_2: '' }));
  });

  it('reads the latest request with one LIMIT 1 query, however many there are', async () => {
    const s = get();
    const { base, clerk, customer } = await bankAndCustomer(s);
    for (let i = 0; i < 5; i++) await s.api.post(base, { requested_current_rate_amount1: String(i) }, clerk.auth);
    const queries: { sql: string; bindings: unknown[] }[] = [];
    const listen = (q: { sql: string; bindings: unknown[] }) => queries.push(q);
    s.connectorDb.on('query', listen);
    try {
      expect((await s.api.get(base, clerk.auth)).body.rank_amount_1).toBe('4');
    } finally {
      s.connectorDb.off('query', listen);
    }
    const reads = queries.filter((q) => /from [`"]credit_limit_requests[`"]/i.test(q.sql));
    expect(reads).toHaveLength(1);
    expect(reads[0]!.sql).toMatch(/order by [`"]inserted_at_us[`"] desc, [`"]credit_limit_request_seq[`"] desc limit \?/i);
    expect(reads[0]!.bindings).toEqual([customer.customerId, customer.bankId, 1]);
  });

  it('stores every documented field; fields left out are empty strings', async () => {
    const s = get();
    const { customer, base, clerk } = await bankAndCustomer(s);
    const full = (await s.api.post(base, request, clerk.auth)).body.token;
    const partial = (await s.api.post(base, { requested_current_rate_amount1: '10' }, clerk.auth)).body.token;
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
    const token = (await s.api.post(a.base, request, a.clerk.auth)).body.token;
    const notFound = 'OBP-30350: Credit Limit Order Request not found. Please specify a valid value for REQUEST_ID.';
    expectError(await s.api.get(`${a.base}/no-such-request`, a.clerk.auth), 404, notFound);
    const sibling = await createCustomerDirect(s, a.bankId);
    expectError(await s.api.get(`/banks/${a.bankId}/customers/${sibling.customerId}/credit_limit/requests/${token}`, a.clerk.auth), 404, notFound);
  });

  it('reaches a customer only under its own bank', async () => {
    const s = get();
    const a = await bankAndCustomer(s);
    const token = (await s.api.post(a.base, request, a.clerk.auth)).body.token;
    const otherBank = await createBank(s);
    const clerkThere = await loggedInUser(s, [
      { role: 'CanCreateCustomer', bankId: otherBank },
      { role: 'CanGetCustomer', bankId: otherBank },
    ]);
    const foreign = `/banks/${otherBank}/customers/${a.customer.customerId}/credit_limit/requests`;
    const notFound = messages.customerNotFound(a.customer.customerId);
    expectError(await s.api.post(foreign, request, clerkThere.auth), 404, notFound);
    expectError(await s.api.get(foreign, clerkThere.auth), 404, notFound);
    expectError(await s.api.get(`${foreign}/${token}`, clerkThere.auth), 404, notFound);
  });

  it('anonymous callers get exactly OBP example data: nothing stored, nothing revealed', async () => {
    const s = get();
    const { bankId, customer, base, clerk } = await bankAndCustomer(s);
    const token = (await s.api.post(base, request, clerk.auth)).body.token;
    const stored = await count(s);
    const urls = [
      base,
      `/banks/${bankId}/customers/no-such-customer/credit_limit/requests`,
      `/banks/no.such.bank/customers/${customer.customerId}/credit_limit/requests`,
    ];
    for (const url of urls) {
      for (const body of [request, {}, [], { requested_current_rate_amount1: 'x'.repeat(5000) }]) {
        const res = await s.api.post(url, body);
        expect({ url, status: res.status, text: res.text }).toEqual({ url, status: 201, text: SEED_CREATED });
      }
      for (const path of [url, `${url}/${token}`, `${url}/no-such-request`]) {
        const res = await s.api.get(path);
        expect({ path, status: res.status, text: res.text }).toEqual({ path, status: 200, text: SEED_ORDER });
      }
    }
    expect(await count(s)).toBe(stored);
    // Malformed JSON is still refused before anything else, as OBP does.
    expect((await s.api.request('POST', base, { rawBody: '{"a":' })).status).toBe(400);
  });

  it('a user linked to the customer may create and read its requests without any role; not those of another customer', async () => {
    const s = get();
    const { bankId, customer, base } = await bankAndCustomer(s);
    const other = await createCustomerDirect(s, bankId);
    const me = await loggedInUser(s);
    await s.services.connector.createUserCustomerLink(me.userId, customer.customerId, { correlationId: 'test' });
    const created = await s.api.post(base, request, me.auth);
    expect(created.status).toBe(201);
    expect((await s.api.get(base, me.auth)).body.rank_amount_1).toBe('1000');
    expect((await s.api.get(`${base}/${created.body.token}`, me.auth)).status).toBe(200);

    const theirs = `/banks/${bankId}/customers/${other.customerId}/credit_limit/requests`;
    const cannotCreate = `OBP-20006: User is missing one or more roles: CanCreateCustomer or CanCreateCustomerAtAnyBank for BankId(${bankId}).`;
    const cannotRead = `OBP-20006: User is missing one or more roles: CanGetCustomer or CanGetCustomersAtAnyBank for BankId(${bankId}).`;
    expectError(await s.api.post(theirs, request, me.auth), 403, cannotCreate);
    expectError(await s.api.get(theirs, me.auth), 403, cannotRead);
    expectError(await s.api.get(`${theirs}/${created.body.token}`, me.auth), 403, cannotRead);
  });

  it('creating needs CanCreateCustomer (or …AtAnyBank), reading CanGetCustomer (or CanGetCustomersAtAnyBank), at this bank', async () => {
    const s = get();
    const { bankId, base, clerk } = await bankAndCustomer(s);
    const token = (await s.api.post(base, request, clerk.auth)).body.token;
    const otherBank = await createBank(s);
    const as = async (grants: { role: RoleName; bankId?: string }[]): Promise<TestUser> => loggedInUser(s, grants);
    const creators = [await as([{ role: 'CanCreateCustomer', bankId }]), await as([{ role: 'CanCreateCustomerAtAnyBank' }])];
    const readers = [await as([{ role: 'CanGetCustomer', bankId }]), await as([{ role: 'CanGetCustomersAtAnyBank' }])];
    const elsewhere = await as([
      { role: 'CanCreateCustomer', bankId: otherBank },
      { role: 'CanGetCustomer', bankId: otherBank },
    ]);
    for (const u of creators) {
      expect((await s.api.post(base, request, u.auth)).status).toBe(201);
      expect((await s.api.get(base, u.auth)).status).toBe(403);
    }
    for (const u of readers) {
      expect((await s.api.post(base, request, u.auth)).status).toBe(403);
      expect((await s.api.get(base, u.auth)).status).toBe(200);
      expect((await s.api.get(`${base}/${token}`, u.auth)).status).toBe(200);
    }
    for (const u of [elsewhere, await as([])]) {
      expect((await s.api.post(base, request, u.auth)).status).toBe(403);
      expect((await s.api.get(base, u.auth)).status).toBe(403);
      expect((await s.api.get(`${base}/${token}`, u.auth)).status).toBe(403);
    }
  });

  it('checks in order: a bad token, then (logged in) bank, roles, JSON, customer', async () => {
    const s = get();
    const { bankId, base, clerk } = await bankAndCustomer(s);
    const badToken = { token: 'not-a-valid-token' };
    const invalid = 'OBP-20003: This DirectLogin token is invalid or expired:not-a-valid-token';
    const unknownBank = '/banks/no.such.bank/customers/x/credit_limit/requests';
    expectError(await s.api.post(unknownBank, [], badToken), 401, invalid);
    expectError(await s.api.get(unknownBank, badToken), 401, invalid);
    expectError(await s.api.get(`${unknownBank}/y`, badToken), 401, invalid);
    expectError(await s.api.post(unknownBank, [], clerk.auth), 404, messages.bankNotFound('no.such.bank'));
    expectError(await s.api.get(unknownBank, clerk.auth), 404, messages.bankNotFound('no.such.bank'));
    expectError(await s.api.get(`${unknownBank}/y`, clerk.auth), 404, messages.bankNotFound('no.such.bank'));
    const unknownCustomer = `/banks/${bankId}/customers/no-such-customer/credit_limit/requests`;
    const nobody = await loggedInUser(s);
    expect((await s.api.post(unknownCustomer, [], nobody.auth)).status).toBe(403);
    for (const bad of [[], 'text', { requested_current_rate_amount1: null }, { current_credit_documentation: 'x'.repeat(2001) }]) {
      expectError(await s.api.post(unknownCustomer, bad, clerk.auth), 400, messages.badJson('CreditLimitRequestJson'));
    }
    expectError(await s.api.post(unknownCustomer, request, clerk.auth), 404, messages.customerNotFound('no-such-customer'));
    expectError(await s.api.get(unknownCustomer, clerk.auth), 404, messages.customerNotFound('no-such-customer'));
    expect((await s.api.post(base, {}, clerk.auth)).status).toBe(201);
  });
});
