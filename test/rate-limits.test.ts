import { expect, it } from 'vitest';
import { uniqueId } from './support/client';
import { loggedInUser, STRONG_PASSWORD } from './support/fixtures';
import { counterValue } from './support/metrics';
import { describeEachBackend, type TestService } from './support/service';

const ON = { RATE_LIMITING_ENABLED: 'true', ANONYMOUS_CALL_LIMIT_PER_HOUR: '0', LOGIN_LIMIT_PER_IP_PER_MINUTE: '0', LOGIN_LIMIT_PER_USERNAME_PER_MINUTE: '0' };
const FAR_PAST = '2000-01-01T00:00:00Z';
const FAR_FUTURE = '2100-01-01T00:00:00Z';

function limitsBody(perPeriod: Partial<Record<'second' | 'minute' | 'hour' | 'day' | 'week' | 'month', string>>, from = FAR_PAST, to = FAR_FUTURE) {
  const body: Record<string, string> = { from_date: from, to_date: to };
  for (const p of ['second', 'minute', 'hour', 'day', 'week', 'month'] as const) body[`per_${p}_call_limit`] = perPeriod[p] ?? '-1';
  return body;
}

/** A user whose token carries a consumer, and that consumer's id. */
async function consumerUser(s: TestService) {
  const user = await loggedInUser(s);
  const row = await s.db('direct_login_tokens').where({ user_id: user.userId }).first('consumer_id');
  return { ...user, consumerId: row.consumer_id as string };
}

const limitPath = (consumerId: string) => `/management/consumers/${consumerId}/consumer/call-limits`;

describeEachBackend('Rate limits: consumer call limits', (get) => {
  it('PUT call-limits needs a login, CanSetCallLimits, a valid body and a known consumer, in that order', async () => {
    const s = get();
    const target = await consumerUser(s);
    const nobody = await loggedInUser(s);
    const admin = await loggedInUser(s, [{ role: 'CanSetCallLimits' }]);
    expect((await s.api.put(limitPath(target.consumerId), limitsBody({}))).body).toEqual({
      code: 401,
      message: 'OBP-20001: User not logged in. Authentication is required!',
    });
    const forbidden = await s.api.put(limitPath(target.consumerId), limitsBody({}), nobody.auth);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.message).toBe('OBP-20006: User is missing one or more roles: CanSetCallLimits');
    for (const bad of [{ ...limitsBody({}), per_minute_call_limit: 'many' }, { ...limitsBody({}), to_date: 'tomorrow' }, { from_date: FAR_PAST }]) {
      const res = await s.api.put(limitPath(target.consumerId), bad, admin.auth);
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('OBP-10001: Incorrect json format. The Json body should be the CallLimitPostJson ');
    }
    const unknown = await s.api.put(limitPath('no-such-consumer'), limitsBody({}), admin.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('OBP-30019: Consumer not found. Please specify a valid value for CONSUMER_ID.');
    const reader = await loggedInUser(s, [{ role: 'CanReadCallLimits' }]);
    expect((await s.api.get(limitPath(target.consumerId), nobody.auth)).status).toBe(403);
    expect((await s.api.get(limitPath('no-such-consumer'), reader.auth)).status).toBe(404);
    expect((await s.api.get(limitPath(target.consumerId), reader.auth)).status).toBe(200);
  });

  it("answers 429 OBP-10018 with OBP's X-Rate-Limit headers once a consumer's limit is used up", async () => {
    const s = get();
    const target = await consumerUser(s);
    const admin = await loggedInUser(s, [{ role: 'CanSetCallLimits' }]);
    const set = await s.api.put(limitPath(target.consumerId), limitsBody({ minute: '3', day: '100' }), admin.auth);
    expect(set.status).toBe(200);
    expect(set.body).toEqual({
      from_date: FAR_PAST,
      to_date: FAR_FUTURE,
      per_second_call_limit: '-1',
      per_minute_call_limit: '3',
      per_hour_call_limit: '-1',
      per_day_call_limit: '100',
      per_week_call_limit: '-1',
      per_month_call_limit: '-1',
    });
    const refusedBefore = await counterValue('rate_limit_refusals_total', { limiter: 'consumer' });
    for (const remaining of ['2', '1', '0']) {
      const ok = await s.api.get('/users/current', target.auth);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-rate-limit-limit')).toBe('3');
      expect(ok.headers.get('x-rate-limit-remaining')).toBe(remaining);
      expect(Number(ok.headers.get('x-rate-limit-reset'))).toBeGreaterThanOrEqual(1);
      expect(Number(ok.headers.get('x-rate-limit-reset'))).toBeLessThanOrEqual(60);
    }
    const refused = await s.api.get('/users/current', target.auth);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ code: 429, message: 'OBP-10018: Too Many Requests. We only allow 3 requests per minute for this Consumer.' });
    expect(refused.headers.get('x-rate-limit-limit')).toBe('3');
    expect(refused.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await counterValue('rate_limit_refusals_total', { limiter: 'consumer' })).toBe(refusedBefore + 1);

    // Another consumer is not affected, and carries no headers (it has no limits).
    const other = await s.api.get('/users/current', admin.auth);
    expect(other.status).toBe(200);
    expect(other.headers.get('x-rate-limit-limit')).toBeNull();

    const state = await s.api.get(limitPath(target.consumerId), admin.auth);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ per_minute_call_limit: '3', per_day_call_limit: '100', per_second_call_limit: '-1' });
    expect(state.body.current_state.per_minute.calls_made).toBe(4);
    expect(state.body.current_state.per_day.calls_made).toBe(4);
    expect(state.body.current_state.per_second).toBeUndefined();

    // Limits outside their from/to dates are not in force.
    await s.api.put(limitPath(target.consumerId), limitsBody({ minute: '3' }, FAR_PAST, '2001-01-01T00:00:00Z'), admin.auth);
    expect((await s.api.get('/users/current', target.auth)).status).toBe(200);
  });

  it('counts the PUT itself, as OBP does: after setting a limit of 1, the next call passes and the one after is refused', async () => {
    const s = get();
    const admin = await consumerUser(s);
    await s.services.entitlements.grant(admin.userId, 'CanSetCallLimits', '');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await s.api.put(limitPath(admin.consumerId), limitsBody({ week: '1' }), admin.auth)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
}, ON);

describeEachBackend('Rate limits: anonymous callers, without TRUST_PROXY', (get) => {
  it('allows ANONYMOUS_CALL_LIMIT_PER_HOUR calls per address, and ignores X-Forwarded-For', async () => {
    const s = get();
    for (const remaining of ['2', '1', '0']) {
      const res = await s.api.get('/banks');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-rate-limit-remaining')).toBe(remaining);
    }
    const refused = await s.api.get('/banks');
    expect(refused.status).toBe(429);
    expect(refused.body.message).toBe('OBP-10018: Too Many Requests. We only allow 3 requests per hour for anonymous access.');
    expect((await s.api.get('/banks', undefined, { 'X-Forwarded-For': '203.0.113.99' })).status).toBe(429);
    // Refused tokens count against the address too: guessing tokens is limited like anonymous calls.
    const guess = await s.api.get('/users/current', { token: 'guessed-token' });
    expect(guess.status).toBe(429);
    // A logged-in consumer is counted by its own limits, not by the address.
    const user = await loggedInUser(s);
    expect((await s.api.get('/banks', user.auth)).status).toBe(200);
  });
}, { ...ON, ANONYMOUS_CALL_LIMIT_PER_HOUR: '3', TRUST_PROXY: 'false' });

describeEachBackend('Rate limits: anonymous callers behind one trusted proxy', (get) => {
  it('counts the address the proxy saw (the rightmost X-Forwarded-For entry), not one the client wrote', async () => {
    const s = get();
    const from = (ip: string) => s.api.get('/banks', undefined, { 'X-Forwarded-For': ip });
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.10')).status).toBe(200);
    expect((await from('203.0.113.10')).status).toBe(429);
    expect((await from('203.0.113.11')).status).toBe(200);
    // The client prepends an address of its own; the proxy appends the real one.
    expect((await from('198.51.100.1, 203.0.113.10')).status).toBe(429);
  });
}, { ...ON, ANONYMOUS_CALL_LIMIT_PER_HOUR: '3', TRUST_PROXY: 'true' });

describeEachBackend('Rate limits: logins and sign-ups', (get) => {
  const loginFrom = (s: TestService, ip: string, username: string, password = 'Wrong-Passw0rd!') =>
    s.api.request('POST', '/my/logins/direct', {
      headers: { DirectLogin: `username=${username}, password=${password}, consumer_key=nokey`, 'X-Forwarded-For': ip },
    });

  it('limits DirectLogin attempts per username (in any letter case) and per address', async () => {
    const s = get();
    const name = uniqueId('Rate.User.');
    const throttledBefore = await counterValue('direct_login_total', { outcome: 'throttled' });
    expect((await loginFrom(s, '203.0.113.20', name)).status).toBe(401);
    expect((await loginFrom(s, '203.0.113.21', name.toUpperCase())).status).toBe(401);
    const byName = await loginFrom(s, '203.0.113.22', name.toLowerCase());
    expect(byName.status).toBe(429);
    expect(byName.body.message).toBe('OBP-10018: Too Many Requests. We only allow 2 login attempts per minute for one username.');
    expect(byName.headers.get('retry-after')).not.toBeNull();

    for (let i = 0; i < 4; i++) expect((await loginFrom(s, '203.0.113.30', uniqueId('someone.'))).status).toBe(401);
    const byIp = await loginFrom(s, '203.0.113.30', uniqueId('someone.'));
    expect(byIp.status).toBe(429);
    expect(byIp.body.message).toBe('OBP-10018: Too Many Requests. We only allow 4 login attempts per minute from one address.');
    expect((await loginFrom(s, '203.0.113.31', uniqueId('someone.'))).status).toBe(401);
    expect(await counterValue('direct_login_total', { outcome: 'throttled' })).toBe(throttledBefore + 2);
    expect(await counterValue('rate_limit_refusals_total', { limiter: 'login' })).toBeGreaterThanOrEqual(2);
  });

  it('limits POST /users per address and per requested username', async () => {
    const s = get();
    const signUp = (ip: string, username: string) =>
      s.api.post(
        '/users',
        { email: `${uniqueId('e')}@example.com`, username, password: STRONG_PASSWORD, first_name: 'R', last_name: 'L' },
        undefined,
        { 'X-Forwarded-For': ip },
      );
    expect((await signUp('203.0.113.40', uniqueId('signup.'))).status).toBe(201);
    expect((await signUp('203.0.113.40', uniqueId('signup.'))).status).toBe(201);
    const refused = await signUp('203.0.113.40', uniqueId('signup.'));
    expect(refused.status).toBe(429);
    expect(refused.body.message).toBe('OBP-10018: Too Many Requests. We only allow 2 new users per hour from one address.');
    const name = uniqueId('taken.');
    expect((await signUp('203.0.113.41', name)).status).toBe(201);
    expect((await signUp('203.0.113.42', name)).status).toBe(409);
    const sameName = await signUp('203.0.113.43', name);
    expect(sameName.status).toBe(429);
    expect(sameName.body.message).toBe('OBP-10018: Too Many Requests. We only allow 2 new users per hour for one username.');
  });

  it('GET /rate-limiting reports in-memory counting', async () => {
    expect((await get().api.get('/rate-limiting')).body).toEqual({ enabled: true, technology: 'MEMORY', service_available: true, is_active: true });
  });
}, {
  ...ON,
  TRUST_PROXY: '1',
  LOGIN_LIMIT_PER_USERNAME_PER_MINUTE: '2',
  LOGIN_LIMIT_PER_IP_PER_MINUTE: '4',
  USER_CREATION_LIMIT_PER_IP_PER_HOUR: '2',
  USER_CREATION_LIMIT_PER_USERNAME_PER_HOUR: '2',
  USER_ACCOUNT_VALIDATED: 'true',
});

describeEachBackend('Rate limits switched off', (get) => {
  it('sends no headers and refuses nothing', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await get().api.get('/banks');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-rate-limit-limit')).toBeNull();
    }
    expect((await get().api.get('/rate-limiting')).body).toEqual({ enabled: false, technology: 'MEMORY', service_available: true, is_active: false });
  });
}, { RATE_LIMITING_ENABLED: 'false', ANONYMOUS_CALL_LIMIT_PER_HOUR: '1' });

