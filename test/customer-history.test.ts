import { expect, it } from 'vitest';
import type { RoleName } from '../src/auth/roles';
import { operationId, type Endpoint } from '../src/api/endpoint';
import { createCustomerAddress, deleteCustomerAddress, updateCustomerAddress } from '../src/api/endpoints/addresses';
import { createCreditLimitRequest } from '../src/api/endpoints/credit-limit-requests';
import { createCustomerAttribute, deleteCustomerAttribute, updateCustomerAttribute } from '../src/api/endpoints/customer-attributes';
import { updateCustomerBranch, updateCustomerEmail } from '../src/api/endpoints/customer-updates';
import { createCustomer } from '../src/api/endpoints/customers';
import { addSocialMediaHandle } from '../src/api/endpoints/social-media';
import { createTaxResidence, deleteTaxResidence } from '../src/api/endpoints/tax-residences';
import { createUserCustomerLinks } from '../src/api/endpoints/user-customer-links';
import { createBank, createUserDirect, loggedInUser } from './support/fixtures';
import { expectError, messages } from './support/satellites';
import { runCli } from './support/cli';
import { describeEachBackend } from './support/service';

const WRITER_ROLES: RoleName[] = [
  'CanCreateCustomer',
  'CanUpdateCustomerEmail',
  'CanUpdateCustomerBranch',
  'CanCreateCustomerAddress',
  'CanDeleteCustomerAddress',
  'CanCreateTaxResidence',
  'CanDeleteTaxResidence',
  'CanAddSocialMediaHandle',
  'CanCreateUserCustomerLink',
  'CanCreateCustomerAttributeAtOneBank',
  'CanUpdateCustomerAttributeAtOneBank',
  'CanDeleteCustomerAttributeAtOneBank',
  'CanGetCustomerHistory',
];

const v4 = (path: string) => `/obp/v4.0.0${path}`;

describeEachBackend('customer history', (get) => {
  it('records every write to a customer and its satellites, in order, with before/after values and who did it', async () => {
    const s = get();
    const bankId = await createBank(s);
    const writer = await loggedInUser(s, WRITER_ROLES.map((role) => ({ role, bankId })));
    const headers = { 'Correlation-Id': 'history-test-1' };
    const created = await s.api.post(`/banks/${bankId}/customers`, createCustomer.body!.example, writer.auth, headers);
    expect(created.status).toBe(201);
    const customerId: string = created.body.customer_id;
    const base = `/banks/${bankId}/customers/${customerId}`;
    const ok = async (p: Promise<{ status: number; text: string }>, status = 200) => {
      const res = await p;
      expect(res.status, res.text).toBe(status);
      return res as { status: number; text: string; body: any };
    };

    await ok(s.api.put(`${base}/email`, { email: 'new@example.com' }, writer.auth));
    await ok(s.api.put(`${base}/branch`, { branch_id: 'B-2' }, writer.auth));
    const address = (await ok(s.api.post(`${base}/address`, createCustomerAddress.body!.example, writer.auth), 201)).body;
    await ok(s.api.put(`${base}/addresses/${address.customer_address_id}`, { ...createCustomerAddress.body!.example as object, city: 'Leipzig' }, writer.auth));
    await ok(s.api.delete(`${base}/addresses/${address.customer_address_id}`, writer.auth), deleteCustomerAddress.successStatus);
    const tax = (await ok(s.api.post(`${base}/tax-residence`, { domain: 'DE', tax_number: '123' }, writer.auth), 201)).body;
    await ok(s.api.delete(`${base}/tax_residencies/${tax.tax_residence_id}`, writer.auth), deleteTaxResidence.successStatus);
    await ok(
      s.api.post(`${base}/social_media_handles`, { ...(addSocialMediaHandle.body!.example as object), customer_number: created.body.customer_number }, writer.auth),
      201,
    );
    const linked = await createUserDirect(s);
    await ok(s.api.post(`/banks/${bankId}/user_customer_links`, { user_id: linked.userId, customer_id: customerId }, writer.auth), 201);
    await ok(s.api.post(`${base}/credit_limit/requests`, createCreditLimitRequest.body!.example, writer.auth), 201);
    const attribute = (await ok(s.api.post(v4(`${base}/attribute`), { name: 'TIER', type: 'STRING', value: 'gold' }, writer.auth), 201)).body;
    await ok(s.api.put(v4(`${base}/attributes/${attribute.customer_attribute_id}`), { name: 'TIER', type: 'STRING', value: 'platinum' }, writer.auth), updateCustomerAttribute.successStatus);
    await ok(s.api.delete(v4(`/banks/${bankId}/customers/attributes/${attribute.customer_attribute_id}`), writer.auth), deleteCustomerAttribute.successStatus);

    const res = await ok(s.api.get(`${base}/history?limit=50`, writer.auth));
    const history = res.body.customer_history as any[];
    const op = (e: Endpoint<any>) => operationId(e);
    expect(history.map((h) => [h.sequence, h.entity, h.action, h.operation_id])).toEqual([
      [14, 'customer_attribute', 'deleted', op(deleteCustomerAttribute)],
      [13, 'customer_attribute', 'updated', op(updateCustomerAttribute)],
      [12, 'customer_attribute', 'created', op(createCustomerAttribute)],
      [11, 'credit_limit_request', 'created', op(createCreditLimitRequest)],
      [10, 'user_customer_link', 'created', op(createUserCustomerLinks)],
      [9, 'social_media_handle', 'created', op(addSocialMediaHandle)],
      [8, 'tax_residence', 'deleted', op(deleteTaxResidence)],
      [7, 'tax_residence', 'created', op(createTaxResidence)],
      [6, 'address', 'deleted', op(deleteCustomerAddress)],
      [5, 'address', 'updated', op(updateCustomerAddress)],
      [4, 'address', 'created', op(createCustomerAddress)],
      [3, 'customer', 'updated', op(updateCustomerBranch)],
      [2, 'customer', 'updated', op(updateCustomerEmail)],
      [1, 'customer', 'created', op(createCustomer)],
    ]);
    // Who, through which app, under which correlation id; entity ids name what changed.
    for (const h of history) {
      expect(h.user_id).toBe(writer.userId);
      expect(h.consumer_id).not.toBe('');
      expect(h.date).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    expect(history[13].correlation_id).toBe('history-test-1');
    expect(history[13].entity_id).toBe(customerId);
    expect(history[13].changes.legal_name).toEqual({ before: null, after: created.body.legal_name });
    expect(history[12].changes).toEqual({ email: { before: created.body.email, after: 'new@example.com' } });
    expect(history[11].changes).toEqual({ branch_id: { before: created.body.branch_id, after: 'B-2' } });
    expect(history[9].entity_id).toBe(address.customer_address_id);
    expect(history[9].changes).toEqual({ city: { before: address.city, after: 'Leipzig' } });
    expect(history[8].changes.city).toEqual({ before: 'Leipzig', after: null });
    expect(history[7].changes).toEqual({ domain: { before: null, after: 'DE' }, tax_number: { before: null, after: '123' } });
    expect(history[6].entity_id).toBe(tax.tax_residence_id);
    expect(history[1].changes).toEqual({ value: { before: 'gold', after: 'platinum' } });
    expect(history[0].changes).toEqual({
      name: { before: 'TIER', after: null },
      type: { before: 'STRING', after: null },
      value: { before: 'platinum', after: null },
    });

    // Paged, newest first.
    const page = await ok(s.api.get(`${base}/history?limit=2&offset=1`, writer.auth));
    expect(page.body.customer_history.map((h: { sequence: number }) => h.sequence)).toEqual([13, 12]);

    // The admin CLI reads the same records (the reference adapter, under gRPC, stores them in this database; the
    // SQLite test database lives in this process's memory, out of the CLI's reach).
    if (s.backend !== 'mysql') return;
    const cli = await runCli(['customer-history', '--bank-id', bankId, '--customer-id', customerId, '--limit', '3'], {
      DATABASE_URL: s.services.config.DATABASE_URL,
      CONNECTOR: 'mapped',
    });
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual({ customer_history: history.slice(0, 3) });
  });

  it('needs CanGetCustomerHistory at the bank, and a customer of that bank', async () => {
    const s = get();
    const bankId = await createBank(s);
    const otherBank = await createBank(s);
    const writer = await loggedInUser(s, [{ role: 'CanCreateCustomer', bankId }]);
    const created = await s.api.post(`/banks/${bankId}/customers`, createCustomer.body!.example, writer.auth);
    const path = `/banks/${bankId}/customers/${created.body.customer_id}/history`;
    expectError(await s.api.get(path), 401, messages.notLoggedIn);
    expectError(await s.api.get(path, writer.auth), 403, messages.missingRole('CanGetCustomerHistory', bankId));
    const elsewhere = await loggedInUser(s, [{ role: 'CanGetCustomerHistory', bankId: otherBank }]);
    expectError(await s.api.get(path, elsewhere.auth), 403, messages.missingRole('CanGetCustomerHistory', bankId));
    const reader = await loggedInUser(s, [{ role: 'CanGetCustomerHistory', bankId: otherBank }]);
    const crossBank = `/banks/${otherBank}/customers/${created.body.customer_id}/history`;
    expectError(await s.api.get(crossBank, reader.auth), 404, messages.customerNotFound(created.body.customer_id));
  });
});
