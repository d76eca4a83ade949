import { expect, it } from 'vitest';
import { createCustomerDirect, loggedInUser } from './support/fixtures';
import { bankWithCustomer, expectError, messages } from './support/satellites';
import { describeEachBackend } from './support/service';

const ROLES = ['CanCreateTaxResidence', 'CanGetTaxResidence', 'CanDeleteTaxResidence'] as const;
const body = { domain: 'DE', tax_number: '12/345/67890' };

describeEachBackend('tax residences', (get) => {
  it('creates a tax residence (201, fields in order) and lists it under `tax_residence`', async () => {
    const s = get();
    const { user, base } = await bankWithCustomer(s, [...ROLES]);
    const res = await s.api.post(`${base}/tax-residence`, body, user.auth);
    expect(res.status).toBe(201);
    const id = res.body.tax_residence_id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.text).toBe(JSON.stringify({ ...body, tax_residence_id: id }));
    const second = (await s.api.post(`${base}/tax-residence`, { domain: 'FR', tax_number: 12345 }, user.auth)).body;
    expect(second.tax_number).toBe('12345');

    const list = await s.api.get(`${base}/tax-residences`, user.auth);
    expect(list.status).toBe(200);
    expect(list.text).toBe(JSON.stringify({ tax_residence: [{ ...body, tax_residence_id: id }, second] }));
  });

  it('refuses the same domain and number twice for a customer (400 OBP-50200), not for another customer', async () => {
    const s = get();
    const { bankId, user, base } = await bankWithCustomer(s, [...ROLES]);
    expect((await s.api.post(`${base}/tax-residence`, body, user.auth)).status).toBe(201);
    expectError(await s.api.post(`${base}/tax-residence`, body, user.auth), 400, 'OBP-50200: Connector cannot return the data we requested.');
    const other = await createCustomerDirect(s, bankId);
    expect((await s.api.post(`/banks/${bankId}/customers/${other.customerId}/tax-residence`, body, user.auth)).status).toBe(201);
  });

  it('deletes a tax residence (200, body true); again is 404 OBP-30300', async () => {
    const s = get();
    const { user, base } = await bankWithCustomer(s, [...ROLES]);
    const id = (await s.api.post(`${base}/tax-residence`, body, user.auth)).body.tax_residence_id;
    const res = await s.api.delete(`${base}/tax_residencies/${id}`, user.auth);
    expect(res.status).toBe(200);
    expect(res.text).toBe('true');
    expect((await s.api.get(`${base}/tax-residences`, user.auth)).text).toBe('{"tax_residence":[]}');
    expectError(await s.api.delete(`${base}/tax_residencies/${id}`, user.auth), 404, messages.taxResidenceNotFound);
    expectError(await s.api.delete(`${base}/tax_residencies/no-such-id`, user.auth), 404, messages.taxResidenceNotFound);
  });

  it('reaches a tax residence only under its own customer and bank', async () => {
    const s = get();
    const a = await bankWithCustomer(s, [...ROLES]);
    const id = (await s.api.post(`${a.base}/tax-residence`, body, a.user.auth)).body.tax_residence_id;
    const sibling = await createCustomerDirect(s, a.bankId);
    const siblingBase = `/banks/${a.bankId}/customers/${sibling.customerId}`;
    expectError(await s.api.delete(`${siblingBase}/tax_residencies/${id}`, a.user.auth), 404, messages.taxResidenceNotFound);
    expect((await s.api.get(`${siblingBase}/tax-residences`, a.user.auth)).body.tax_residence).toEqual([]);

    const b = await bankWithCustomer(s, [...ROLES]);
    const foreign = `/banks/${b.bankId}/customers/${a.customer.customerId}`;
    const notFound = messages.customerNotFound(a.customer.customerId);
    expectError(await s.api.get(`${foreign}/tax-residences`, b.user.auth), 404, notFound);
    expectError(await s.api.post(`${foreign}/tax-residence`, body, b.user.auth), 404, notFound);
    expectError(await s.api.delete(`${foreign}/tax_residencies/${id}`, b.user.auth), 404, notFound);
    expectError(await s.api.delete(`${b.base}/tax_residencies/${id}`, b.user.auth), 404, messages.taxResidenceNotFound);
    expect((await s.api.get(`${a.base}/tax-residences`, a.user.auth)).body.tax_residence).toHaveLength(1);
  });

  it('checks create in order: auth, bank, role, JSON, customer', async () => {
    const s = get();
    const { bankId, user, base } = await bankWithCustomer(s, ['CanCreateTaxResidence']);
    const noRole = await loggedInUser(s);
    const unknown = `/banks/${bankId}/customers/no-such-customer/tax-residence`;
    expectError(await s.api.post('/banks/no.such.bank/customers/x/tax-residence', {}), 401, messages.notLoggedIn);
    expectError(await s.api.post('/banks/no.such.bank/customers/x/tax-residence', {}, noRole.auth), 404, messages.bankNotFound('no.such.bank'));
    expectError(await s.api.post(`${base}/tax-residence`, {}, noRole.auth), 403, messages.missingRole('CanCreateTaxResidence', bankId));
    expectError(await s.api.post(unknown, { domain: 'DE' }, user.auth), 400, messages.badJson('PostTaxResidenceJsonV310'));
    expectError(await s.api.post(`${base}/tax-residence`, { domain: 'DE', tax_number: null }, user.auth), 400, messages.badJson('PostTaxResidenceJsonV310'));
    expectError(await s.api.post(unknown, body, user.auth), 404, messages.customerNotFound('no-such-customer'));
  });

  it('checks list (CanGetTaxResidence) and delete (CanDeleteTaxResidence) in order', async () => {
    const s = get();
    const { bankId, user, base } = await bankWithCustomer(s, [...ROLES]);
    const noRole = await loggedInUser(s);
    const unknown = `/banks/${bankId}/customers/no-such-customer`;
    expectError(await s.api.get('/banks/no.such.bank/customers/x/tax-residences'), 401, messages.notLoggedIn);
    expectError(await s.api.get('/banks/no.such.bank/customers/x/tax-residences', noRole.auth), 404, messages.bankNotFound('no.such.bank'));
    expectError(await s.api.get(`${base}/tax-residences`, noRole.auth), 403, messages.missingRole('CanGetTaxResidence', bankId));
    expectError(await s.api.get(`${unknown}/tax-residences`, user.auth), 404, messages.customerNotFound('no-such-customer'));

    expectError(await s.api.delete('/banks/no.such.bank/customers/x/tax_residencies/y'), 401, messages.notLoggedIn);
    expectError(await s.api.delete('/banks/no.such.bank/customers/x/tax_residencies/y', noRole.auth), 404, messages.bankNotFound('no.such.bank'));
    expectError(await s.api.delete(`${base}/tax_residencies/y`, noRole.auth), 403, messages.missingRole('CanDeleteTaxResidence', bankId));
    expectError(await s.api.delete(`${unknown}/tax_residencies/y`, user.auth), 404, messages.customerNotFound('no-such-customer'));
  });
});
