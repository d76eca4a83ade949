import { expect, it } from 'vitest';
import { uniqueId } from './support/client';
import { STRONG_PASSWORD, createConsumer } from './support/fixtures';
import { counterValue } from './support/metrics';
import { describeEachBackend, type TestService } from './support/service';

async function user(s: TestService, username = uniqueId('hash.')) {
  await s.services.users.create({ username, password: STRONG_PASSWORD, email: 'h@example.com', firstName: 'H', lastName: 'Q', provider: 'test', validated: true });
  return username;
}

/** `count` users with the same password, inserted directly (hashing each through the bounded queue is slow). */
async function users(s: TestService, count: number): Promise<string[]> {
  const first = await user(s);
  const { username_ci: _generated, ...row } = await s.db('users').where({ username: first }).first();
  const names = Array.from({ length: count - 1 }, () => uniqueId('hash.'));
  await s.db('users').insert(names.map((username) => ({ ...row, user_id: uniqueId('u-'), username })));
  return [first, ...names];
}

const login = (s: TestService, username: string, password: string, key: string, ip = '203.0.113.1') =>
  s.api.request('POST', '/my/logins/direct', {
    headers: { DirectLogin: `username=${username}, password=${password}, consumer_key=${key}`, 'X-Forwarded-For': ip },
  });

describeEachBackend('Password hashing behind a bounded queue', (get) => {
  it('refuses what does not fit in the queue with 503 OBP-10040 at once, never more waiting than the bound', async () => {
    const s = get();
    const { key } = await createConsumer(s);
    const refusedBefore = await counterValue('password_hash_refusals_total');
    const order: string[] = [];
    // 30 guesses against 30 different users from 30 addresses at once: no lock or rate limit stops them first.
    const names = await users(s, 30);
    const results = await Promise.all(
      names.map((n, i) =>
        login(s, n, 'Wrong-Passw0rd!', key, `203.0.113.${100 + i}`).then((r) => {
          order.push(r.status === 503 ? 'refused' : 'checked');
          return r;
        }),
      ),
    );
    const refused = results.filter((r) => r.status === 503);
    expect(results.map((r) => r.status).filter((st) => st !== 401 && st !== 503)).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.body).toEqual({ code: 503, message: 'OBP-10040: The Service is too busy, please try it later. Too many password checks are waiting.' });
    expect(refused[0]!.headers.get('retry-after')).toBe('1');
    expect(s.services.hasher.stats.peakQueued).toBeLessThanOrEqual(2);
    // Refusals do not wait for the queue: every one was answered before the last password check finished.
    expect(order.lastIndexOf('refused')).toBeLessThan(order.lastIndexOf('checked'));
    expect(await counterValue('password_hash_refusals_total')).toBe(refusedBefore + refused.length);
    // The queue drains: a real login afterwards succeeds.
    expect((await login(s, names[0]!, STRONG_PASSWORD, key, '203.0.113.99')).status).toBe(201);
  });

  it('answers a real login from another address while a flood of bad ones is refused by the per-address limit', async () => {
    const s = get();
    const { key } = await createConsumer(s);
    const victim = await user(s);
    const checksBefore = s.services.hasher.stats.verifications;
    const flood = Array.from({ length: 40 }, () => login(s, uniqueId('nobody.'), 'Wrong-Passw0rd!', key, '203.0.113.66'));
    const real = await login(s, victim, STRONG_PASSWORD, key, '203.0.113.77');
    const floodResults = await Promise.all(flood);
    expect(real.status).toBe(201);
    expect(floodResults.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(40 - 2);
    // The flood reached the hasher at most LOGIN_LIMIT_PER_IP_PER_MINUTE times.
    expect(s.services.hasher.stats.verifications - checksBefore).toBeLessThanOrEqual(2 + 1);
  });

  it('POST /users refuses a taken username, in any letter case, before hashing a password', async () => {
    const s = get();
    const username = uniqueId('Taken.Name.');
    const body = (name: string) => ({ email: 'x@example.com', username: name, password: STRONG_PASSWORD, first_name: 'T', last_name: 'N' });
    expect((await s.api.post('/users', body(username), undefined, { 'X-Forwarded-For': '203.0.113.90' })).status).toBe(201);
    const hashesBefore = s.services.hasher.stats.hashes;
    for (const variant of [username, username.toUpperCase(), username.toLowerCase()]) {
      const res = await s.api.post('/users', body(variant), undefined, { 'X-Forwarded-For': '203.0.113.91' });
      expect(res.status).toBe(409);
      expect(res.body.message).toBe('OBP-50005: An unspecified or internal error occurred. User with the same username already exists.');
    }
    expect(s.services.hasher.stats.hashes).toBe(hashesBefore);
  });
}, {
  RATE_LIMITING_ENABLED: 'true',
  TRUST_PROXY: '1',
  ANONYMOUS_CALL_LIMIT_PER_HOUR: '0',
  // Below the queue's room (1 running + 2 waiting), so that the flood's admitted guesses never fill it.
  LOGIN_LIMIT_PER_IP_PER_MINUTE: '2',
  LOGIN_LIMIT_PER_USERNAME_PER_MINUTE: '0',
  USER_CREATION_LIMIT_PER_IP_PER_HOUR: '0',
  USER_CREATION_LIMIT_PER_USERNAME_PER_HOUR: '0',
  PASSWORD_HASH_CONCURRENCY: '1',
  PASSWORD_HASH_QUEUE_MAX: '2',
});
