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
    const user = await loggedInUser(s);
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

  it('answers an empty list for a bank without events; needs login but no role', async () => {
    const s = get();
    const bankId = await createBank(s);
    const user = await loggedInUser(s);
    expect((await s.api.get(`/banks/${bankId}/crm-events`, user.auth)).text).toBe('{"crm_events":[]}');
  });

  it('checks in order: auth, bank', async () => {
    const s = get();
    const user = await loggedInUser(s);
    expectError(await s.api.get('/banks/no.such.bank/crm-events'), 401, messages.notLoggedIn);
    expectError(await s.api.get('/banks/no.such.bank/crm-events', { token: 'not-a-valid-token' }), 401, 'OBP-20003: This DirectLogin token is invalid or expired:not-a-valid-token');
    expectError(await s.api.get('/banks/no.such.bank/crm-events', user.auth), 404, messages.bankNotFound('no.such.bank'));
  });
});
