import { expect, it } from 'vitest';
import type { RoleName } from '../src/auth/roles';
import { createCustomerAddress } from '../src/api/endpoints/addresses';
import { customerUpdates } from '../src/api/endpoints/customer-updates';
import { bankWithCustomer, expectError } from './support/satellites';
import { describeEachBackend } from './support/service';

const STALE = 'OBP-30360: The customer has changed since the version in If-Match. Get the customer again (its ETag) and retry.';
const ROLES: RoleName[] = ['CanGetCustomer', 'CanCreateCustomer', 'CanCreateCustomerAddress', 'CanGetCustomerHistory', ...customerUpdates.flatMap((e) => e.roles ?? [])];

describeEachBackend('ETag and If-Match on customers', (get) => {
  it('GET customer carries a strong ETag from its version; a PUT with the current one applies, a stale one is 412 and changes nothing', async () => {
    const s = get();
    const { user, base } = await bankWithCustomer(s, ROLES);
    const first = await s.api.get(base, user.auth);
    expect(first.headers.get('etag')).toBe('"1"');
    expect((await s.api.get(base, user.auth, { 'If-None-Match': '"1"' })).status).toBe(304);

    const updated = await s.api.put(`${base}/email`, { email: 'one@example.com' }, user.auth, { 'If-Match': '"1"' });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"2"');
    expect((await s.api.get(base, user.auth)).headers.get('etag')).toBe('"2"');

    expectError(await s.api.put(`${base}/email`, { email: 'two@example.com' }, user.auth, { 'If-Match': '"1"' }), 412, STALE);
    // Weak tags never match strongly; a list matches if it holds the current tag.
    expectError(await s.api.put(`${base}/email`, { email: 'two@example.com' }, user.auth, { 'If-Match': 'W/"2"' }), 412, STALE);
    const after = await s.api.get(base, user.auth);
    expect(after.body.email).toBe('one@example.com');
    expect((await s.api.get(`${base}/history`, user.auth)).body.customer_history).toHaveLength(2);

    expect((await s.api.put(`${base}/email`, { email: 'two@example.com' }, user.auth, { 'If-Match': '"7", "2"' })).status).toBe(200);
    // Without If-Match, or with `*`, as before.
    expect((await s.api.put(`${base}/email`, { email: 'three@example.com' }, user.auth)).status).toBe(200);
    expect((await s.api.put(`${base}/email`, { email: 'four@example.com' }, user.auth, { 'If-Match': '*' })).status).toBe(200);
    expect((await s.api.get(base, user.auth)).headers.get('etag')).toBe('"5"');
  });

  it('each of the eight customer PUTs and the address update refuse a stale If-Match', async () => {
    const s = get();
    const { user, base } = await bankWithCustomer(s, ROLES);
    const etag = async () => (await s.api.get(base, user.auth)).headers.get('etag')!;
    const stale = await etag();
    // A satellite's change moves the customer's version on too.
    const address = await s.api.post(`${base}/address`, createCustomerAddress.body!.example, user.auth);
    expect(address.status).toBe(201);
    expect(await etag()).toBe('"2"');
    for (const e of customerUpdates) {
      const path = `${base}/${e.path.split('/').pop()}`;
      const body = e.name === 'updateCustomerNumber' ? { customer_number: `N-${Date.now()}` } : e.body!.example;
      expectError(await s.api.put(path, body, user.auth, { 'If-Match': stale }), 412, STALE);
      const res = await s.api.put(path, body, user.auth, { 'If-Match': await etag() });
      expect(res.status, `${e.name}: ${res.text}`).toBe(200);
    }
    const addressPath = `${base}/addresses/${address.body.customer_address_id}`;
    expectError(await s.api.put(addressPath, createCustomerAddress.body!.example, user.auth, { 'If-Match': stale }), 412, STALE);
    expect((await s.api.put(addressPath, createCustomerAddress.body!.example, user.auth, { 'If-Match': await etag() })).status).toBe(200);
    expect(await etag()).toBe(`"${2 + customerUpdates.length + 1}"`);
  });

  it('of concurrent PUTs with the same If-Match exactly one applies: the store checks the version under the row lock', async () => {
    const s = get();
    const { user, base } = await bankWithCustomer(s, ROLES);
    const statuses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => s.api.put(`${base}/email`, { email: `racer${i}@example.com` }, user.auth, { 'If-Match': '"1"' })),
    );
    expect(statuses.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412, 412]);
    expect((await s.api.get(`${base}/history`, user.auth)).body.customer_history).toHaveLength(2);
  });
});
