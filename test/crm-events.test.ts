import { expect, it } from 'vitest';
import { createBank, loggedInUser } from './support/fixtures';
import { expectError, messages } from './support/satellites';
import { describeEachBackend, type TestService } from './support/service';

const event = (bankId: string, id: string, overrides: Record<string, unknown> = {}) => ({
  crm_event_id: id,
  bank_id: bankId,
  customer_name: 'Eveline Tripman',
  customer_number: '5987953',
  category: 'Call',
  detail: 'Check mortgage',
  channel: 'Phone',
  scheduled_date: null,
  actual_date: Date.parse('2024-03-01T09:30:00Z'),
  result: '',
  ...overrides,
});

// CRM events have no create API: the store is loaded by the admin import (tested in import.test.ts).
const insertEvents = (s: TestService, rows: ReturnType<typeof event>[]) => s.connectorDb('crm_events').insert(rows);

describeEachBackend('CRM events', (get) => {
  it("lists the bank's events, most recent first, with null for a missing scheduled date", async () => {
    const s = get();
    const bankId = await createBank(s);
    const otherBank = await createBank(s);
    await insertEvents(s, [
      event(bankId, `${bankId}-old`),
      event(bankId, `${bankId}-new`, {
        actual_date: Date.parse('2024-05-01T10:00:00Z'),
        scheduled_date: Date.parse('2024-04-30T08:00:00Z'),
        result: 'Agreed',
        channel: 'Branch',
      }),
      event(otherBank, `${otherBank}-x`),
    ]);
    const user = await loggedInUser(s, [{ role: 'CanGetCrmEvents', bankId }]);
    const res = await s.api.get(`/banks/${bankId}/crm-events`, user.auth);
    expect(res.status).toBe(200);
    expect(res.text).toBe(
      JSON.stringify({
        crm_events: [
          {
            id: `${bankId}-new`,
            bank_id: bankId,
            customer_name: 'Eveline Tripman',
            customer_number: '5987953',
            category: 'Call',
            detail: 'Check mortgage',
            channel: 'Branch',
            scheduled_date: '2024-04-30T08:00:00Z',
            actual_date: '2024-05-01T10:00:00Z',
            result: 'Agreed',
          },
          {
            id: `${bankId}-old`,
            bank_id: bankId,
            customer_name: 'Eveline Tripman',
            customer_number: '5987953',
            category: 'Call',
            detail: 'Check mortgage',
            channel: 'Phone',
            scheduled_date: null,
            actual_date: '2024-03-01T09:30:00Z',
            result: '',
          },
        ],
      }),
    );
  });

  it('answers an empty list for a bank without events', async () => {
    const s = get();
    const bankId = await createBank(s);
    const user = await loggedInUser(s, [{ role: 'CanGetCrmEvents', bankId }]);
    expect((await s.api.get(`/banks/${bankId}/crm-events`, user.auth)).text).toBe('{"crm_events":[]}');
  });

  it('needs CanGetCrmEvents at that bank: no role, or the role at another bank, is 403', async () => {
    const s = get();
    const bankId = await createBank(s);
    const otherBank = await createBank(s);
    await insertEvents(s, [event(bankId, `${bankId}-secret`)]);
    const missing = `OBP-20006: User is missing one or more roles: CanGetCrmEvents at Bank(${bankId})`;
    expectError(await s.api.get(`/banks/${bankId}/crm-events`, (await loggedInUser(s)).auth), 403, missing);
    const elsewhere = await loggedInUser(s, [{ role: 'CanGetCrmEvents', bankId: otherBank }]);
    expectError(await s.api.get(`/banks/${bankId}/crm-events`, elsewhere.auth), 403, missing);
    expect((await s.api.get(`/banks/${otherBank}/crm-events`, elsewhere.auth)).text).toBe('{"crm_events":[]}');
  });

  it('pages: limit (default 50, at most 500) and offset, most recent first, with a Range header', async () => {
    const s = get();
    const bankId = await createBank(s);
    const rows = Array.from({ length: 60 }, (_, i) =>
      event(bankId, `${bankId}-${String(i).padStart(2, '0')}`, { actual_date: Date.UTC(2024, 0, 1) + i * 60_000 }),
    );
    await insertEvents(s, rows);
    const user = await loggedInUser(s, [{ role: 'CanGetCrmEvents', bankId }]);
    const ids = (res: { body: { crm_events: { id: string }[] } }) => res.body.crm_events.map((e) => e.id);
    const first = await s.api.get(`/banks/${bankId}/crm-events`, user.auth);
    expect(first.headers.get('range')).toBe('items=0-50');
    expect(ids(first)).toHaveLength(50);
    expect(ids(first)[0]).toBe(`${bankId}-59`);
    const page = await s.api.get(`/banks/${bankId}/crm-events?limit=5&offset=57`, user.auth);
    expect(page.headers.get('range')).toBe('items=57-5');
    expect(ids(page)).toEqual([`${bankId}-02`, `${bankId}-01`, `${bankId}-00`]);
    expect(ids(await s.api.get(`/banks/${bankId}/crm-events?limit=500`, user.auth))).toHaveLength(60);
    const refused = [
      ['limit=501', 'OBP-10012: Invalid value. Maximum number is 500. Current limit is 501.'],
      ['limit=0', 'OBP-10025: wrong value for obp_limit parameter. Please send a positive integer (=>1)!'],
      ['offset=-1', 'OBP-10024: wrong value for obp_offset parameter. Please send a positive integer (=>0)!'],
      ['offset=3000000000', 'OBP-10024: wrong value for obp_offset parameter. Please send a positive integer (=>0)!'],
    ];
    for (const [query, cause] of refused) {
      expectError(await s.api.get(`/banks/${bankId}/crm-events?${query}`, user.auth), 400, `OBP-10016: Incorrect filter Parameters in URL.  <- ${cause}`);
    }
  });

  it('checks in order: auth, bank, role, then the paging parameters', async () => {
    const s = get();
    const user = await loggedInUser(s);
    const bankId = await createBank(s);
    expectError(await s.api.get('/banks/no.such.bank/crm-events'), 401, messages.notLoggedIn);
    expectError(await s.api.get('/banks/no.such.bank/crm-events', { token: 'not-a-valid-token' }), 401, 'OBP-20003: This DirectLogin token is invalid or expired:not-a-valid-token');
    expectError(await s.api.get('/banks/no.such.bank/crm-events?limit=0', user.auth), 404, messages.bankNotFound('no.such.bank'));
    expect((await s.api.get(`/banks/${bankId}/crm-events?limit=0`, user.auth)).status).toBe(403);
  });
});
