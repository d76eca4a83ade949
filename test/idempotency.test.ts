import { expect, it } from 'vitest';
import { createCustomerAddress } from '../src/api/endpoints/addresses';
import { createCustomer } from '../src/api/endpoints/customers';
import { createBank, exampleNewCustomer, loggedInUser } from './support/fixtures';
import { uniqueId } from './support/client';
import { bankWithCustomer, expectError } from './support/satellites';
import { describeEachBackend } from './support/service';

const REUSED = 'OBP-10063: This Idempotency-Key was already used for another request (method, path or body differ). Use a new key for a new request.';
const IN_FLIGHT = 'OBP-10064: A request with this Idempotency-Key is still being processed. Retry it later.';
const INVALID = 'OBP-10065: Invalid Idempotency-Key: it must be 1 to 255 printable ASCII characters, sent by a logged-in caller.';
const body = createCustomer.body!.example as Record<string, unknown>;

describeEachBackend('Idempotency-Key on creating POSTs', (get) => {
  const customersAt = async (bankId: string) => Number((await get().connectorDb('customers').where({ bank_id: bankId }).count({ n: '*' }))[0]!.n);

  it('a retry with the same key and body gets the first response again, and nothing is created twice', async () => {
    const s = get();
    const bankId = await createBank(s);
    const user = await loggedInUser(s, [{ role: 'CanCreateCustomer', bankId }]);
    const key = { 'Idempotency-Key': `"${uniqueId('key-')}"` };
    const first = await s.api.post(`/banks/${bankId}/customers`, body, user.auth, key);
    expect(first.status).toBe(201);
    const again = await s.api.post(`/banks/${bankId}/customers`, body, user.auth, key);
    expect({ status: again.status, text: again.text }).toEqual({ status: 201, text: first.text });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await customersAt(bankId)).toBe(1);

    // Another body (or path) with the same key is refused; a new key creates.
    expectError(await s.api.post(`/banks/${bankId}/customers`, { ...body, legal_name: 'Someone Else' }, user.auth, key), 422, REUSED);
    expect((await s.api.post(`/banks/${bankId}/customers`, body, user.auth, { 'Idempotency-Key': uniqueId('key-') })).status).toBe(201);
    expect(await customersAt(bankId)).toBe(2);
  });

  it('keys are the caller\'s: another user with the same key creates its own', async () => {
    const s = get();
    const bankId = await createBank(s);
    const one = await loggedInUser(s, [{ role: 'CanCreateCustomer', bankId }]);
    const two = await loggedInUser(s, [{ role: 'CanCreateCustomer', bankId }]);
    const key = { 'Idempotency-Key': 'shared-key' };
    const a = await s.api.post(`/banks/${bankId}/customers`, body, one.auth, key);
    const b = await s.api.post(`/banks/${bankId}/customers`, body, two.auth, key);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.customer_id).not.toBe(b.body.customer_id);
  });

  it('concurrent requests with one key run once: the others are refused while it runs, or get its response', async () => {
    const s = get();
    const bankId = await createBank(s);
    const user = await loggedInUser(s, [{ role: 'CanCreateCustomer', bankId }]);
    const key = { 'Idempotency-Key': uniqueId('key-') };
    const answers = await Promise.all(Array.from({ length: 8 }, () => s.api.post(`/banks/${bankId}/customers`, body, user.auth, key)));
    const created = answers.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.text)).size).toBe(1);
    for (const r of answers.filter((x) => x.status !== 201)) expectError(r, 409, IN_FLIGHT);
    expect(await customersAt(bankId)).toBe(1);
  });

  it('a key whose request is still running is refused with 409', async () => {
    const s = get();
    const { user, base } = await bankWithCustomer(s, ['CanCreateCustomerAddress']);
    const key = { 'Idempotency-Key': uniqueId('busy-') };
    expect((await s.api.post(`${base}/address`, createCustomerAddress.body!.example, user.auth, key)).status).toBe(201);
    // What a request still in progress leaves: the claim without its response.
    await s.db('idempotency_keys').where({ idempotency_key: key['Idempotency-Key'] }).update({ response_status: null, response_body: null });
    expectError(await s.api.post(`${base}/address`, createCustomerAddress.body!.example, user.auth, key), 409, IN_FLIGHT);
  });

  it('satellites too: a repeated address create stores one address; a failed request can be retried with its key', async () => {
    const s = get();
    const { user, base } = await bankWithCustomer(s, ['CanCreateCustomerAddress', 'CanGetCustomerAddress']);
    const key = { 'Idempotency-Key': uniqueId('key-') };
    const bad = await s.api.post(`${base}/address`, { nonsense: true }, user.auth, key);
    expect(bad.status).toBe(400);
    const first = await s.api.post(`${base}/address`, createCustomerAddress.body!.example, user.auth, key);
    const second = await s.api.post(`${base}/address`, createCustomerAddress.body!.example, user.auth, key);
    expect(first.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect((await s.api.get(`${base}/addresses`, user.auth)).body.addresses).toHaveLength(1);
  });

  it('refuses a malformed key, and a key from an anonymous caller', async () => {
    const s = get();
    const bankId = await createBank(s);
    const user = await loggedInUser(s, [{ role: 'CanCreateCustomer', bankId }]);
    expectError(await s.api.post(`/banks/${bankId}/customers`, body, user.auth, { 'Idempotency-Key': 'x'.repeat(256) }), 400, INVALID);
    const signUp = { email: 'a@example.com', username: uniqueId('u.'), password: 'Str0ng-Passw0rd!', first_name: 'A', last_name: 'B' };
    expectError(await s.api.post('/users', signUp, undefined, { 'Idempotency-Key': 'anon' }), 400, INVALID);
    expect(await customersAt(bankId)).toBe(0);
  });

  it('the store answers a create repeated with the same key (a retry after a lost answer or gRPC deadline) with what it created', async () => {
    const s = get();
    const bankId = await createBank(s);
    const cc = { correlationId: 'retry', user: { userId: 'u-1', username: 'u' }, consumer: { consumerId: 'c-1', name: 'app' }, idempotencyKey: 'k-1' };
    const first = await s.services.connector.createCustomer(bankId, exampleNewCustomer(), cc);
    const retried = await s.services.connector.createCustomer(bankId, exampleNewCustomer(), { ...cc, correlationId: 'retry-2' });
    expect(retried).toEqual(first);
    const other = await s.services.connector.createCustomer(bankId, exampleNewCustomer(), { ...cc, user: { userId: 'u-2', username: 'v' } });
    expect(other.customerId).not.toBe(first.customerId);
    expect(await customersAt(bankId)).toBe(2);
  });
});
