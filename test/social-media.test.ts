import { expect, it } from 'vitest';
import { createCustomerDirect, loggedInUser } from './support/fixtures';
import { bankWithCustomer, expectError, messages } from './support/satellites';
import { describeEachBackend } from './support/service';

const ROLES = ['CanAddSocialMediaHandle', 'CanGetSocialMediaHandles'] as const;
const handle = (customerNumber: string, overrides: Record<string, unknown> = {}) => ({
  customer_number: customerNumber,
  type: 'twitter',
  handle: '@felix',
  date_added: '2024-01-02T03:04:05Z',
  date_activated: '2024-01-03T00:00:00.000Z',
  ...overrides,
});

describeEachBackend('social media handles', (get) => {
  it('adds handles (201 {"success":"Success"}), many per customer, listed under `checks` newest first', async () => {
    const s = get();
    const { customer, user, base } = await bankWithCustomer(s, [...ROLES]);
    const first = await s.api.post(`${base}/social_media_handles`, handle(customer.number), user.auth);
    expect(first.status).toBe(201);
    expect(first.text).toBe('{"success":"Success"}');
    const second = await s.api.post(`${base}/social_media_handles`, handle(customer.number, { type: 'mastodon', handle: '@felix@example.social' }), user.auth);
    expect(second.status).toBe(201);

    const list = await s.api.get(`${base}/social_media_handles`, user.auth);
    expect(list.status).toBe(200);
    expect(list.text).toBe(
      JSON.stringify({
        checks: [
          { customer_number: customer.number, type: 'mastodon', handle: '@felix@example.social', date_added: '2024-01-02T03:04:05Z', date_activated: '2024-01-03T00:00:00Z' },
          { customer_number: customer.number, type: 'twitter', handle: '@felix', date_added: '2024-01-02T03:04:05Z', date_activated: '2024-01-03T00:00:00Z' },
        ],
      }),
    );
  });

  it("stores handles under the path customer only and refuses another customer's number (400 OBP-10035)", async () => {
    const s = get();
    const { bankId, customer, user, base } = await bankWithCustomer(s, [...ROLES]);
    const other = await createCustomerDirect(s, bankId);
    expectError(
      await s.api.post(`${base}/social_media_handles`, handle(other.number), user.auth),
      400,
      `OBP-10035: Incorrect json value. customer_number(${other.number}) is not the number of the customer CUSTOMER_ID(${customer.customerId}).`,
    );
    await s.api.post(`${base}/social_media_handles`, handle(customer.number), user.auth);
    expect((await s.api.get(`/banks/${bankId}/customers/${other.customerId}/social_media_handles`, user.auth)).text).toBe('{"checks":[]}');
    expect((await s.api.get(`${base}/social_media_handles`, user.auth)).body.checks).toHaveLength(1);
  });

  it('reaches a customer only under its own bank', async () => {
    const s = get();
    const a = await bankWithCustomer(s, [...ROLES]);
    await s.api.post(`${a.base}/social_media_handles`, handle(a.customer.number), a.user.auth);
    const b = await bankWithCustomer(s, [...ROLES]);
    const foreign = `/banks/${b.bankId}/customers/${a.customer.customerId}/social_media_handles`;
    const notFound = messages.customerNotFound(a.customer.customerId);
    expectError(await s.api.get(foreign, b.user.auth), 404, notFound);
    expectError(await s.api.post(foreign, handle(a.customer.number), b.user.auth), 404, notFound);
  });

  it('checks add in order: auth, JSON, BANK_ID format, bank, role, customer, customer number', async () => {
    const s = get();
    const { bankId, customer, user, base } = await bankWithCustomer(s, ['CanAddSocialMediaHandle']);
    const noRole = await loggedInUser(s);
    const good = handle(customer.number);
    expectError(await s.api.post('/banks/bad$bank/customers/x/social_media_handles', { bad: 1 }), 401, messages.notLoggedIn);
    expectError(await s.api.post('/banks/bad$bank/customers/x/social_media_handles', { bad: 1 }, noRole.auth), 400, 'OBP-10001: Incorrect json format.');
    expectError(
      await s.api.post('/banks/bad$bank/customers/x/social_media_handles', good, noRole.auth),
      400,
      "OBP-30111: Invalid Bank Id. The BANK_ID should only contain 0-9/a-z/A-Z/'-'/'.'/'_', the length should be smaller than 255.",
    );
    expectError(await s.api.post('/banks/no.such.bank/customers/x/social_media_handles', good, noRole.auth), 404, messages.bankNotFound('no.such.bank'));
    expectError(await s.api.post(`${base}/social_media_handles`, good, noRole.auth), 403, messages.missingRole('CanAddSocialMediaHandle', bankId));
    expectError(
      await s.api.post(`/banks/${bankId}/customers/no-such-customer/social_media_handles`, good, user.auth),
      404,
      messages.customerNotFound('no-such-customer'),
    );
    // Dates must be OBP's request format.
    expectError(await s.api.post(`${base}/social_media_handles`, handle(customer.number, { date_added: '2024-01-02' }), user.auth), 400, 'OBP-10001: Incorrect json format.');
  });

  it('checks list in order: auth, bank, role (CanGetSocialMediaHandles), customer', async () => {
    const s = get();
    const { bankId, user, base } = await bankWithCustomer(s, ['CanGetSocialMediaHandles']);
    const noRole = await loggedInUser(s);
    expectError(await s.api.get('/banks/no.such.bank/customers/x/social_media_handles'), 401, messages.notLoggedIn);
    expectError(await s.api.get('/banks/no.such.bank/customers/x/social_media_handles', noRole.auth), 404, messages.bankNotFound('no.such.bank'));
    expectError(await s.api.get(`${base}/social_media_handles`, noRole.auth), 403, messages.missingRole('CanGetSocialMediaHandles', bankId));
    expectError(
      await s.api.get(`/banks/${bankId}/customers/no-such-customer/social_media_handles`, user.auth),
      404,
      messages.customerNotFound('no-such-customer'),
    );
  });
});
