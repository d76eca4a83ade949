import { expect, it } from 'vitest';
import { createCustomerDirect, loggedInUser } from './support/fixtures';
import { bankWithCustomer, expectError, messages } from './support/satellites';
import { describeEachBackend } from './support/service';

const addressBody = {
  line_1: 'No 1 the Road',
  line_2: 'The Place',
  line_3: 'The Hill',
  city: 'Berlin',
  county: '',
  state: 'Brandenburg',
  postcode: '13359',
  country_code: 'DE',
  tags: ['mailing', 'home'],
  status: 'OK',
};

const ALL_ROLES = ['CanCreateCustomerAddress', 'CanGetCustomerAddress', 'CanCreateCustomer', 'CanDeleteCustomerAddress'] as const;

describeEachBackend('customer addresses', (get) => {
  it('creates an address (201, CustomerAddressJsonV310 in order, status as sent) and lists it', async () => {
    const s = get();
    const { customer, user, base } = await bankWithCustomer(s, [...ALL_ROLES]);
    const res = await s.api.post(`${base}/address`, addressBody, user.auth);
    expect(res.status).toBe(201);
    const { customer_address_id: id, insert_date: insertDate } = res.body;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(insertDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const expected = { customer_address_id: id, customer_id: customer.customerId, ...addressBody, insert_date: insertDate };
    expect(res.text).toBe(JSON.stringify(expected));

    const list = await s.api.get(`${base}/addresses`, user.auth);
    expect(list.status).toBe(200);
    expect(list.text).toBe(JSON.stringify({ addresses: [expected] }));
  });

  it('round-trips tags exactly: [] stays [], a tag may contain a comma', async () => {
    const s = get();
    const { user, base } = await bankWithCustomer(s, [...ALL_ROLES]);
    const empty = await s.api.post(`${base}/address`, { ...addressBody, tags: [] }, user.auth);
    const comma = await s.api.post(`${base}/address`, { ...addressBody, tags: ['a,b', ' c '] }, user.auth);
    expect(empty.body.tags).toEqual([]);
    expect(comma.body.tags).toEqual(['a,b', ' c ']);
    const list = await s.api.get(`${base}/addresses`, user.auth);
    expect(list.body.addresses.map((a: { tags: string[] }) => a.tags)).toEqual([[], ['a,b', ' c ']]);
  });

  it('lists no addresses as an empty list', async () => {
    const s = get();
    const { user, base } = await bankWithCustomer(s, [...ALL_ROLES]);
    expect((await s.api.get(`${base}/addresses`, user.auth)).text).toBe('{"addresses":[]}');
  });

  it('updates every field of an address (200) with CanCreateCustomer', async () => {
    const s = get();
    const { customer, user, base } = await bankWithCustomer(s, [...ALL_ROLES]);
    const created = (await s.api.post(`${base}/address`, addressBody, user.auth)).body;
    const changed = { ...addressBody, line_1: 'Other Street 2', state: 'Berlin', tags: [], status: 'MOVED', country_code: 'GB' };
    const res = await s.api.put(`${base}/addresses/${created.customer_address_id}`, changed, user.auth);
    expect(res.status).toBe(200);
    expect(res.text).toBe(
      JSON.stringify({
        customer_address_id: created.customer_address_id,
        customer_id: customer.customerId,
        ...changed,
        insert_date: created.insert_date,
      }),
    );
    expect((await s.api.get(`${base}/addresses`, user.auth)).body.addresses).toEqual([res.body]);
  });

  it('deletes an address (200, body true); deleting it again is 404 OBP-30310', async () => {
    const s = get();
    const { user, base } = await bankWithCustomer(s, [...ALL_ROLES]);
    const created = (await s.api.post(`${base}/address`, addressBody, user.auth)).body;
    const res = await s.api.delete(`${base}/addresses/${created.customer_address_id}`, user.auth);
    expect(res.status).toBe(200);
    expect(res.text).toBe('true');
    expect((await s.api.get(`${base}/addresses`, user.auth)).body.addresses).toEqual([]);
    expectError(await s.api.delete(`${base}/addresses/${created.customer_address_id}`, user.auth), 404, messages.addressNotFound);
  });

  it('answers 404 OBP-30310 for unknown address ids on update and delete', async () => {
    const s = get();
    const { user, base } = await bankWithCustomer(s, [...ALL_ROLES]);
    expectError(await s.api.put(`${base}/addresses/no-such-address`, addressBody, user.auth), 404, messages.addressNotFound);
    expectError(await s.api.delete(`${base}/addresses/no-such-address`, user.auth), 404, messages.addressNotFound);
  });

  it("reaches an address only under its own customer and bank", async () => {
    const s = get();
    const a = await bankWithCustomer(s, [...ALL_ROLES]);
    const address = (await s.api.post(`${a.base}/address`, addressBody, a.user.auth)).body;
    // Another customer at the same bank, addressed by a user with every role there.
    const sibling = await createCustomerDirect(s, a.bankId);
    const siblingBase = `/banks/${a.bankId}/customers/${sibling.customerId}`;
    expectError(await s.api.put(`${siblingBase}/addresses/${address.customer_address_id}`, addressBody, a.user.auth), 404, messages.addressNotFound);
    expectError(await s.api.delete(`${siblingBase}/addresses/${address.customer_address_id}`, a.user.auth), 404, messages.addressNotFound);
    expect((await s.api.get(`${siblingBase}/addresses`, a.user.auth)).body.addresses).toEqual([]);

    // The customer under another bank, by a user with every role at that other bank.
    const b = await bankWithCustomer(s, [...ALL_ROLES]);
    const foreign = `/banks/${b.bankId}/customers/${a.customer.customerId}`;
    const notFound = messages.customerNotFound(a.customer.customerId);
    expectError(await s.api.get(`${foreign}/addresses`, b.user.auth), 404, notFound);
    expectError(await s.api.post(`${foreign}/address`, addressBody, b.user.auth), 404, notFound);
    expectError(await s.api.put(`${foreign}/addresses/${address.customer_address_id}`, addressBody, b.user.auth), 404, notFound);
    expectError(await s.api.delete(`${foreign}/addresses/${address.customer_address_id}`, b.user.auth), 404, notFound);
    // B's own customer cannot reach A's address either.
    expectError(await s.api.delete(`${b.base}/addresses/${address.customer_address_id}`, b.user.auth), 404, messages.addressNotFound);

    expect((await s.api.get(`${a.base}/addresses`, a.user.auth)).body.addresses).toEqual([address]);
  });

  it('checks create in order: auth, bank, role, JSON, customer', async () => {
    const s = get();
    const { bankId, user, base } = await bankWithCustomer(s, ['CanCreateCustomerAddress']);
    const noRole = await loggedInUser(s);
    const unknownCustomer = `/banks/${bankId}/customers/no-such-customer/address`;
    expectError(await s.api.post('/banks/no.such.bank/customers/x/address', { bad: 1 }), 401, messages.notLoggedIn);
    expectError(await s.api.post('/banks/no.such.bank/customers/x/address', { bad: 1 }, noRole.auth), 404, messages.bankNotFound('no.such.bank'));
    expectError(await s.api.post(`/banks/${bankId}/customers/x/address`, { bad: 1 }, noRole.auth), 403, messages.missingRole('CanCreateCustomerAddress', bankId));
    expectError(await s.api.post(unknownCustomer, { bad: 1 }, user.auth), 400, messages.badJson('PostCustomerAddressJsonV310'));
    expectError(await s.api.post(unknownCustomer, addressBody, user.auth), 404, messages.customerNotFound('no-such-customer'));
    // Each field is required and typed; an over-long value is a 400 too.
    const { tags: _tags, ...withoutTags } = addressBody;
    for (const bad of [withoutTags, { ...addressBody, tags: 'home' }, { ...addressBody, city: 'x'.repeat(256) }, { ...addressBody, status: null }]) {
      expectError(await s.api.post(`${base}/address`, bad, user.auth), 400, messages.badJson('PostCustomerAddressJsonV310'));
    }
  });

  it('checks list, update and delete in order with their roles', async () => {
    const s = get();
    const { bankId, user, base } = await bankWithCustomer(s, [...ALL_ROLES]);
    const noRole = await loggedInUser(s);
    const other = `/banks/${bankId}/customers/no-such-customer`;

    expectError(await s.api.get('/banks/no.such.bank/customers/x/addresses'), 401, messages.notLoggedIn);
    expectError(await s.api.get('/banks/no.such.bank/customers/x/addresses', noRole.auth), 404, messages.bankNotFound('no.such.bank'));
    expectError(await s.api.get(`${base}/addresses`, noRole.auth), 403, messages.missingRole('CanGetCustomerAddress', bankId));
    expectError(await s.api.get(`${other}/addresses`, user.auth), 404, messages.customerNotFound('no-such-customer'));

    expectError(await s.api.put('/banks/no.such.bank/customers/x/addresses/y', {}), 401, messages.notLoggedIn);
    expectError(await s.api.put('/banks/no.such.bank/customers/x/addresses/y', {}, noRole.auth), 404, messages.bankNotFound('no.such.bank'));
    expectError(await s.api.put(`${base}/addresses/y`, {}, noRole.auth), 403, messages.missingRole('CanCreateCustomer', bankId));
    expectError(await s.api.put(`${other}/addresses/y`, {}, user.auth), 400, messages.badJson('PostCustomerAddressJsonV310'));
    expectError(await s.api.put(`${other}/addresses/y`, addressBody, user.auth), 404, messages.customerNotFound('no-such-customer'));

    expectError(await s.api.delete('/banks/no.such.bank/customers/x/addresses/y'), 401, messages.notLoggedIn);
    expectError(await s.api.delete('/banks/no.such.bank/customers/x/addresses/y', noRole.auth), 404, messages.bankNotFound('no.such.bank'));
    expectError(await s.api.delete(`${base}/addresses/y`, noRole.auth), 403, messages.missingRole('CanDeleteCustomerAddress', bankId));
    expectError(await s.api.delete(`${other}/addresses/y`, user.auth), 404, messages.customerNotFound('no-such-customer'));
  });

  it('does not accept the address roles for update (OBP checks CanCreateCustomer)', async () => {
    const s = get();
    const { bankId, user, base } = await bankWithCustomer(s, ['CanCreateCustomerAddress']);
    const created = (await s.api.post(`${base}/address`, addressBody, user.auth)).body;
    expectError(
      await s.api.put(`${base}/addresses/${created.customer_address_id}`, addressBody, user.auth),
      403,
      messages.missingRole('CanCreateCustomer', bankId),
    );
  });
});
