/** OBP v4.0.0 customer attributes over HTTP: shapes, roles, check order, bank isolation, one name per customer. */
import { expect, it } from 'vitest';
import type { RoleName } from '../src/auth/roles';
import { createBank, createCustomerDirect, loggedInUser } from './support/fixtures';
import { bankWithCustomer, expectError, messages } from './support/satellites';
import { describeEachBackend, type TestService } from './support/service';

const V4 = '/obp/v4.0.0';
const tax = { name: 'SPECIAL_TAX_NUMBER', type: 'STRING', value: '123456789' };

const ONE_BANK_ROLES: RoleName[] = [
  'CanCreateCustomerAttributeAtOneBank',
  'CanUpdateCustomerAttributeAtOneBank',
  'CanDeleteCustomerAttributeAtOneBank',
  'CanGetCustomerAttributesAtOneBank',
  'CanGetCustomerAttributeAtOneBank',
  'CanGetCustomer',
];
const ANY_BANK_ROLES: RoleName[] = [
  'CanCreateCustomerAttributeAtAnyBank',
  'CanUpdateCustomerAttributeAtAnyBank',
  'CanDeleteCustomerAttributeAtAnyBank',
  'CanGetCustomerAttributesAtAnyBank',
  'CanGetCustomerAttributeAtAnyBank',
];

const attributeNotFound = 'OBP-30069: Customer Attribute not found. Please specify a valid value for CUSTOMER_ATTRIBUTE_ID.';
const nameTaken =
  'OBP-30351: Customer Attribute already exists for this customer. Please specify a different value for name, or update that attribute.';
const badType =
  'OBP-10001: Incorrect json format. The `Type` field can only accept the following field: DOUBLE(12.1234), STRING(TAX_NUMBER), INTEGER(123) and DATE_WITH_DAY(2012-04-23)';

/** A bank with a customer, a user holding every attribute role there, and the customer's v4.0.0 paths. */
async function world(s: TestService, roles = ONE_BANK_ROLES) {
  const w = await bankWithCustomer(s, roles);
  return {
    ...w,
    attributes: `${V4}${w.base}/attributes`,
    create: `${V4}${w.base}/attribute`,
    remove: (id: string) => `${V4}/banks/${w.bankId}/customers/attributes/${id}`,
  };
}

describeEachBackend('customer attributes (OBP v4.0.0)', (get) => {
  it('creates an attribute (201, OBP field order), lists it, reads it by id and shows it in GET customer', async () => {
    const s = get();
    const w = await world(s);
    const res = await s.api.post(w.create, tax, w.user.auth);
    expect(res.status).toBe(201);
    const id = res.body.customer_attribute_id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const expected = { customer_attribute_id: id, ...tax };
    expect(res.text).toBe(JSON.stringify(expected));

    const list = await s.api.get(w.attributes, w.user.auth);
    expect(list.status).toBe(200);
    expect(list.text).toBe(JSON.stringify({ customer_attributes: [expected] }));
    const one = await s.api.get(`${w.attributes}/${id}`, w.user.auth);
    expect(one.status).toBe(200);
    expect(one.text).toBe(JSON.stringify(expected));

    const customer = await s.api.get(w.base, w.user.auth);
    expect(customer.body.customer_attributes).toEqual([expected]);
  });

  it('lists no attributes as an empty list, and several by name', async () => {
    const s = get();
    const w = await world(s);
    expect((await s.api.get(w.attributes, w.user.auth)).text).toBe('{"customer_attributes":[]}');
    for (const name of ['B', 'C', 'A']) expect((await s.api.post(w.create, { ...tax, name }, w.user.auth)).status).toBe(201);
    const names = (await s.api.get(w.attributes, w.user.auth)).body.customer_attributes.map((a: { name: string }) => a.name);
    expect(names).toEqual(['A', 'B', 'C']);
  });

  it('accepts the four types exactly as OBP names them, and stores the value as text whatever the type', async () => {
    const s = get();
    const w = await world(s);
    const values = { STRING: 'TAX_NUMBER', INTEGER: '123', DOUBLE: '12.1234', DATE_WITH_DAY: '2012-04-23' };
    for (const [type, value] of Object.entries(values)) {
      const res = await s.api.post(w.create, { name: `A_${type}`, type, value }, w.user.auth);
      expect(res.status, type).toBe(201);
      expect(res.body).toMatchObject({ type, value });
    }
    // As in OBP, the value is not checked against the type.
    expect((await s.api.post(w.create, { name: 'LOOSE', type: 'INTEGER', value: 'abc' }, w.user.auth)).body.value).toBe('abc');
    // A JSON number for a string field is taken as its text (policy P5h).
    expect((await s.api.post(w.create, { name: 'NUMERIC', type: 'INTEGER', value: 42 }, w.user.auth)).body.value).toBe('42');
    for (const type of ['string', 'BOOLEAN', '', 'STRING ']) {
      expectError(await s.api.post(w.create, { ...tax, name: `BAD_${type}`, type }, w.user.auth), 400, badType);
    }
    expect((await s.api.get(w.attributes, w.user.auth)).body.customer_attributes).toHaveLength(6);
  });

  it('refuses bodies that are not CustomerAttributeJsonV400, or longer than the store keeps', async () => {
    const s = get();
    const w = await world(s);
    const badJson = messages.badJson('CustomerAttributeJsonV400');
    const { value: _v, ...withoutValue } = tax;
    for (const body of [withoutValue, { ...tax, name: null }, { ...tax, value: { x: 1 } }, [], 'x', { ...tax, value: 'v'.repeat(256) }, { ...tax, name: 'n'.repeat(129) }]) {
      expectError(await s.api.post(w.create, body, w.user.auth), 400, badJson);
      expectError(await s.api.put(`${w.attributes}/any-id`, body, w.user.auth), 400, badJson);
    }
    expect((await s.api.post(w.create, { ...tax, value: 'v'.repeat(255), name: 'n'.repeat(128) }, w.user.auth)).status).toBe(201);
    expect((await s.api.get(w.attributes, w.user.auth)).body.customer_attributes).toHaveLength(1);
  });

  it('updates name, type and value of an attribute (200); GET customer and the firehose filters see the change', async () => {
    const s = get();
    const w = await world(s);
    await s.services.entitlements.grant(w.user.userId, 'CanUseCustomerFirehoseAtAnyBank', '');
    const created = (await s.api.post(w.create, tax, w.user.auth)).body;
    const firehose = (filter: string) => s.api.get(`/banks/${w.bankId}/firehose/customers?${filter}`, w.user.auth);
    expect((await firehose('SPECIAL_TAX_NUMBER=123456789')).body.customers.map((c: { customer_id: string }) => c.customer_id)).toEqual([
      w.customer.customerId,
    ]);

    const changed = { name: 'SEGMENT', type: 'INTEGER', value: '7' };
    const res = await s.api.put(`${w.attributes}/${created.customer_attribute_id}`, changed, w.user.auth);
    expect(res.status).toBe(200);
    const expected = { customer_attribute_id: created.customer_attribute_id, ...changed };
    expect(res.text).toBe(JSON.stringify(expected));
    // The same values again answer the same attribute.
    expect((await s.api.put(`${w.attributes}/${created.customer_attribute_id}`, changed, w.user.auth)).text).toBe(JSON.stringify(expected));

    expect((await s.api.get(w.attributes, w.user.auth)).body.customer_attributes).toEqual([expected]);
    expect((await s.api.get(w.base, w.user.auth)).body.customer_attributes).toEqual([expected]);
    expect((await firehose('SPECIAL_TAX_NUMBER=123456789')).body.customers).toEqual([]);
    expect((await firehose('SEGMENT=7')).body.customers).toHaveLength(1);
  });

  it('deletes an attribute at OBP path (204, empty body); a second delete and reads of it are 404 OBP-30069', async () => {
    const s = get();
    const w = await world(s);
    const created = (await s.api.post(w.create, tax, w.user.auth)).body;
    const res = await s.api.delete(w.remove(created.customer_attribute_id), w.user.auth);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await s.api.get(w.attributes, w.user.auth)).body.customer_attributes).toEqual([]);
    expect((await s.api.get(w.base, w.user.auth)).body.customer_attributes).toEqual([]);
    expectError(await s.api.delete(w.remove(created.customer_attribute_id), w.user.auth), 404, attributeNotFound);
    expectError(await s.api.get(`${w.attributes}/${created.customer_attribute_id}`, w.user.auth), 404, attributeNotFound);
    expectError(await s.api.put(`${w.attributes}/${created.customer_attribute_id}`, tax, w.user.auth), 404, attributeNotFound);
    expectError(await s.api.delete(w.remove('no-such-attribute'), w.user.auth), 404, attributeNotFound);
  });

  it('keeps one attribute of each name per customer: a second is 400 OBP-30351, also when requests race', async () => {
    const s = get();
    const w = await world(s);
    const first = (await s.api.post(w.create, tax, w.user.auth)).body;
    expectError(await s.api.post(w.create, { ...tax, value: 'other' }, w.user.auth), 400, nameTaken);
    const other = (await s.api.post(w.create, { ...tax, name: 'OTHER' }, w.user.auth)).body;
    expectError(await s.api.put(`${w.attributes}/${other.customer_attribute_id}`, tax, w.user.auth), 400, nameTaken);
    // Another customer of the bank may have the name.
    const sibling = await createCustomerDirect(s, w.bankId);
    expect((await s.api.post(`${V4}/banks/${w.bankId}/customers/${sibling.customerId}/attribute`, tax, w.user.auth)).status).toBe(201);

    const racing = await Promise.all(Array.from({ length: 10 }, (_, i) => s.api.post(w.create, { ...tax, name: 'RACE', value: String(i) }, w.user.auth)));
    expect(racing.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(400)]);
    for (const r of racing.filter((x) => x.status === 400)) expect(r.body).toEqual({ code: 400, message: nameTaken });
    const stored = (await s.api.get(w.attributes, w.user.auth)).body.customer_attributes;
    expect(stored.map((a: { name: string }) => a.name)).toEqual(['OTHER', 'RACE', 'SPECIAL_TAX_NUMBER']);
    expect(stored.find((a: { name: string }) => a.name === 'SPECIAL_TAX_NUMBER')).toEqual(first);
  });

  it('checks create in OBP order: auth, bank, role (either of two), JSON, type, customer', async () => {
    const s = get();
    const w = await world(s);
    const otherBank = await createBank(s);
    const wrongBank = await loggedInUser(s, [{ role: 'CanCreateCustomerAttributeAtOneBank', bankId: otherBank }]);
    const missing = `OBP-20006: User is missing one or more roles: CanCreateCustomerAttributeAtOneBank or CanCreateCustomerAttributeAtAnyBank for BankId(${w.bankId}).`;

    expectError(await s.api.post(w.create, tax), 401, messages.notLoggedIn);
    expectError(await s.api.post(`${V4}/banks/no.such.bank/customers/${w.customer.customerId}/attribute`, tax, wrongBank.auth), 404, messages.bankNotFound('no.such.bank'));
    expectError(await s.api.post(w.create, tax, wrongBank.auth), 403, missing);
    // The role comes before the body, the body and the type before the customer.
    expectError(await s.api.post(w.create, [], wrongBank.auth), 403, missing);
    const unknown = `${V4}/banks/${w.bankId}/customers/no-such-customer/attribute`;
    expectError(await s.api.post(unknown, [], w.user.auth), 400, messages.badJson('CustomerAttributeJsonV400'));
    expectError(await s.api.post(unknown, { ...tax, type: 'TEXT' }, w.user.auth), 400, badType);
    expectError(await s.api.post(unknown, tax, w.user.auth), 404, messages.customerNotFound('no-such-customer'));
    // Malformed JSON is refused before anything else, as OBP does.
    const raw = await s.api.request('POST', w.create, { rawBody: '{"name":', headers: { 'Content-Type': 'application/json' } });
    expect({ status: raw.status, message: raw.body.message }).toEqual({ status: 400, message: expect.stringMatching(/^OBP-10001: Incorrect json format\./) });
    expect((await s.api.get(w.attributes, w.user.auth)).body.customer_attributes).toEqual([]);
  });

  it('names both roles of each endpoint when one is missing, and accepts the AtAnyBank roles at every bank', async () => {
    const s = get();
    const w = await world(s);
    const id = (await s.api.post(w.create, tax, w.user.auth)).body.customer_attribute_id;
    const noRole = await loggedInUser(s);
    const missing = (role: string) => `OBP-20006: User is missing one or more roles: ${role}AtOneBank or ${role}AtAnyBank for BankId(${w.bankId}).`;
    expectError(await s.api.get(w.attributes, noRole.auth), 403, missing('CanGetCustomerAttributes'));
    expectError(await s.api.get(`${w.attributes}/${id}`, noRole.auth), 403, missing('CanGetCustomerAttribute'));
    expectError(await s.api.put(`${w.attributes}/${id}`, tax, noRole.auth), 403, missing('CanUpdateCustomerAttribute'));
    expectError(await s.api.delete(w.remove(id), noRole.auth), 403, missing('CanDeleteCustomerAttribute'));

    const anyBank = await loggedInUser(s, ANY_BANK_ROLES.map((role) => ({ role })));
    expect((await s.api.post(w.create, { ...tax, name: 'ANY' }, anyBank.auth)).status).toBe(201);
    expect((await s.api.get(w.attributes, anyBank.auth)).body.customer_attributes).toHaveLength(2);
    expect((await s.api.get(`${w.attributes}/${id}`, anyBank.auth)).status).toBe(200);
    expect((await s.api.put(`${w.attributes}/${id}`, { ...tax, value: '1' }, anyBank.auth)).status).toBe(200);
    expect((await s.api.delete(w.remove(id), anyBank.auth)).status).toBe(204);
  });

  it("reaches an attribute only under its own customer and bank (404), and never moves it", async () => {
    const s = get();
    const a = await world(s);
    const attribute = (await s.api.post(a.create, tax, a.user.auth)).body;
    const id = attribute.customer_attribute_id;

    // Another customer of the same bank, by a user with every role there.
    const sibling = await createCustomerDirect(s, a.bankId);
    const siblingAttributes = `${V4}/banks/${a.bankId}/customers/${sibling.customerId}/attributes`;
    expectError(await s.api.get(`${siblingAttributes}/${id}`, a.user.auth), 404, attributeNotFound);
    expectError(await s.api.put(`${siblingAttributes}/${id}`, { ...tax, value: 'moved' }, a.user.auth), 404, attributeNotFound);
    expect((await s.api.get(siblingAttributes, a.user.auth)).body.customer_attributes).toEqual([]);

    // Another bank, by a user with every role (and the AtAnyBank ones) there.
    const b = await world(s, [...ONE_BANK_ROLES]);
    const anyBank = await loggedInUser(s, ANY_BANK_ROLES.map((role) => ({ role })));
    const foreign = `${V4}/banks/${b.bankId}/customers/${a.customer.customerId}`;
    const customerNotFound = messages.customerNotFound(a.customer.customerId);
    expectError(await s.api.get(`${foreign}/attributes`, b.user.auth), 404, customerNotFound);
    expectError(await s.api.get(`${foreign}/attributes/${id}`, b.user.auth), 404, customerNotFound);
    expectError(await s.api.post(`${foreign}/attribute`, { ...tax, name: 'INTRUDER' }, b.user.auth), 404, customerNotFound);
    expectError(await s.api.put(`${foreign}/attributes/${id}`, tax, b.user.auth), 404, customerNotFound);
    // B's own customer cannot reach A's attribute, nor B's bank delete it, even with the AtAnyBank roles.
    for (const user of [b.user, anyBank]) {
      expectError(await s.api.get(`${b.attributes}/${id}`, user.auth), 404, attributeNotFound);
      expectError(await s.api.put(`${b.attributes}/${id}`, { ...tax, value: 'moved' }, user.auth), 404, attributeNotFound);
      expectError(await s.api.delete(b.remove(id), user.auth), 404, attributeNotFound);
    }
    expect((await s.api.get(b.attributes, b.user.auth)).body.customer_attributes).toEqual([]);
    expect((await s.api.get(a.attributes, a.user.auth)).body.customer_attributes).toEqual([attribute]);
  });

  it('are documented under /obp/v4.0.0 in the resource docs and the OpenAPI document, with their roles', async () => {
    const s = get();
    const docs = (await s.api.get('/resource-docs/v4.0.0/obp?tags=Customer')).body.resource_docs;
    const doc = (name: string) => docs.find((d: { implemented_by: { function: string } }) => d.implemented_by.function === name);
    expect(doc('createCustomerAttribute')).toMatchObject({
      operation_id: 'OBPv4.0.0-createCustomerAttribute',
      implemented_by: { version: 'OBPv4.0.0' },
      request_verb: 'POST',
      request_url: '/obp/v4.0.0/banks/BANK_ID/customers/CUSTOMER_ID/attribute',
      specified_url: '/obp/v4.0.0/banks/BANK_ID/customers/CUSTOMER_ID/attribute',
      example_request_body: { name: 'SPECIAL_TAX_NUMBER', type: 'STRING', value: '123456789' },
      roles: [
        { role: 'CanCreateCustomerAttributeAtOneBank', requires_bank_id: true },
        { role: 'CanCreateCustomerAttributeAtAnyBank', requires_bank_id: false },
      ],
    });
    expect(doc('deleteCustomerAttribute').specified_url).toBe('/obp/v4.0.0/banks/BANK_ID/customers/attributes/CUSTOMER_ATTRIBUTE_ID');
    for (const name of ['getCustomerAttributes', 'getCustomerAttributeById', 'updateCustomerAttribute']) expect(doc(name), name).toBeDefined();
    const paths = (await s.api.get('/resource-docs/v4.0.0/openapi')).body.paths;
    expect(Object.keys(paths['/obp/v4.0.0/banks/{BANK_ID}/customers/{CUSTOMER_ID}/attributes/{CUSTOMER_ATTRIBUTE_ID}']).sort()).toEqual(['get', 'put']);
    expect(paths['/obp/v4.0.0/banks/{BANK_ID}/customers/attributes/{CUSTOMER_ATTRIBUTE_ID}'].delete.responses['204']).toEqual({ description: 'Success' });
    // Not served under v3.1.0, where OBP has no customer attributes, nor documented there.
    expect((await s.api.get(`/banks/b/customers/c/attributes`)).status).toBe(404);
    const v310 = (await s.api.get('/resource-docs/v3.1.0/obp?tags=Customer')).body.resource_docs;
    expect(v310.map((d: { operation_id: string }) => d.operation_id)).not.toContain('OBPv4.0.0-createCustomerAttribute');
  });
}, { ALLOW_CUSTOMER_FIREHOSE: 'true' });
