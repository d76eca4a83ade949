import { expect, it } from 'vitest';
import { createBank, createCustomerDirect, loggedInUser, STRONG_PASSWORD } from './support/fixtures';
import { describeEachBackend } from './support/service';

const PREFIX = 'OBP-20003: This DirectLogin token is invalid or expired:';

describeEachBackend('response headers and what errors quote', (get) => {
  it('authenticated answers, successes and errors alike, carry Cache-Control: no-store and nosniff', async () => {
    const s = get();
    const bankId = await createBank(s);
    const customer = await createCustomerDirect(s, bankId);
    const user = await loggedInUser(s, [{ role: 'CanGetCustomer', bankId }]);
    const answers = [
      await s.api.get('/users/current', user.auth),
      await s.api.get(`/banks/${bankId}/customers/${customer.customerId}`, user.auth),
      await s.api.get(`/banks/${bankId}/customers/no-such-customer`, user.auth),
      await s.api.get(`/banks/${bankId}/customers/${customer.customerId}/addresses`, user.auth),
      await s.api.get('/users/current', { token: 'bogus' }),
      await s.api.get('/banks', user.auth),
      await s.api.get('/banks', undefined, { Authorization: 'Bearer abc' }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 404, 403, 401, 200, 401]);
    for (const res of answers) {
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('unmatched routes are nosniff too, and browsers may read the correlation id and rate-limit headers', async () => {
    const s = get();
    const res = await s.api.get('/no/such/route', undefined, { DirectLogin: 'token=abc' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(', ');
    expect(exposed).toEqual(expect.arrayContaining(['Correlation-Id', 'X-Rate-Limit-Limit', 'X-Rate-Limit-Remaining', 'X-Rate-Limit-Reset', 'Retry-After', 'ETag', 'Idempotent-Replayed']));
  });

  it('a login answer (it carries a token) and every write are not cached; anonymous public reads may be', async () => {
    const s = get();
    const consumer = await s.services.consumers.create('headers-app');
    const username = `headers.${Date.now()}`;
    await s.services.users.create({
      username,
      password: STRONG_PASSWORD,
      email: 'h@example.com',
      firstName: 'H',
      lastName: 'H',
      provider: 'test',
      validated: true,
    });
    const login = await s.api.request('POST', '/my/logins/direct', {
      headers: { DirectLogin: `username=${username}, password=${STRONG_PASSWORD}, consumer_key=${consumer.key}` },
    });
    expect(login.status).toBe(201);
    expect(login.headers.get('cache-control')).toBe('no-store');
    const created = await s.api.post('/users', { email: 'x@example.com', username: `new.${Date.now()}`, password: STRONG_PASSWORD, first_name: 'A', last_name: 'B' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const banks = await s.api.get('/banks');
    expect(banks.status).toBe(200);
    expect(banks.headers.get('cache-control')).toBeNull();
    expect(banks.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('an invalid token is quoted by at most 20 characters, and not at all when it is not token-shaped', async () => {
    const s = get();
    const long = 'a'.repeat(400);
    expect((await s.api.get('/users/current', { token: long })).body).toEqual({ code: 401, message: `${PREFIX}${'a'.repeat(20)}...` });
    const huge = 'b'.repeat(5000);
    expect((await s.api.get('/users/current', { token: huge })).body).toEqual({ code: 401, message: `${PREFIX}${'b'.repeat(20)}...` });
    expect((await s.api.get('/users/current', { token: '<script>alert(1)</script>' })).body).toEqual({ code: 401, message: PREFIX });
    expect((await s.api.get('/users/current', { token: 'short-one' })).body).toEqual({ code: 401, message: `${PREFIX}short-one` });
    expect((await s.api.get('/users/current', { token: 'x'.repeat(20) })).body.message).toBe(`${PREFIX}${'x'.repeat(20)}`);
  });
});
