import { expect, it } from 'vitest';
import { digest } from '../src/auth/tokens';
import { uniqueId } from './support/client';
import { STRONG_PASSWORD, loggedInUser } from './support/fixtures';
import { describeEachBackend, type TestService } from './support/service';

async function consumerOf(s: TestService, userId: string): Promise<string> {
  return (await s.db('direct_login_tokens').where({ user_id: userId }).first('consumer_id')).consumer_id;
}

const put = (s: TestService, consumerId: string, body: unknown, auth?: { token: string }) =>
  s.api.put(`/management/consumers/${consumerId}`, body, auth);

describeEachBackend('Token lifecycle', (get) => {
  it('disabling a consumer (PUT /management/consumers/CONSUMER_ID) invalidates its tokens at once; enabling does not revive them', async () => {
    const s = get();
    const app = await loggedInUser(s);
    const consumerId = await consumerOf(s, app.userId);
    const disabler = await loggedInUser(s, [{ role: 'CanDisableConsumers' }]);
    const enabler = await loggedInUser(s, [{ role: 'CanEnableConsumers' }]);
    expect((await s.api.get('/users/current', app.auth)).status).toBe(200);

    expect((await put(s, consumerId, { enabled: false })).status).toBe(401);
    const wrongRole = await put(s, consumerId, { enabled: false }, enabler.auth);
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.message).toBe('OBP-20006: User is missing one or more roles: CanDisableConsumers');
    expect((await put(s, consumerId, { enabled: 'no' }, disabler.auth)).body.message).toBe(
      'OBP-10001: Incorrect json format. The Json body should be the PutEnabledJSON ',
    );
    const unknown = await put(s, 'no-such-consumer', { enabled: false }, disabler.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/^OBP-30019/);

    const disabled = await put(s, consumerId, { enabled: false }, disabler.auth);
    expect(disabled.status).toBe(200);
    expect(disabled.body).toEqual({ enabled: false });
    const refused = await s.api.get('/users/current', app.auth);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/^OBP-20003/);
    const key = (await s.db('consumers').where({ consumer_id: consumerId }).first('consumer_key')).consumer_key;
    const login = await s.api.request('POST', '/my/logins/direct', {
      headers: { DirectLogin: `username=${app.username}, password=${STRONG_PASSWORD}, consumer_key=${key}` },
    });
    expect(login.body.message).toBe('OBP-20008: Invalid Consumer Key.');

    expect((await put(s, consumerId, { enabled: true }, disabler.auth)).status).toBe(403);
    expect((await put(s, consumerId, { enabled: true }, enabler.auth)).body).toEqual({ enabled: true });
    expect((await s.api.get('/users/current', app.auth)).status).toBe(401);
  });

  it("refuses a token of a disabled consumer even when it was issued in a race with the disable", async () => {
    const s = get();
    const app = await loggedInUser(s);
    const consumerId = await consumerOf(s, app.userId);
    await s.db('consumers').where({ consumer_id: consumerId }).update({ is_active: false });
    const res = await s.api.get('/users/current', app.auth);
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('OBP-20058: Consumer is disabled.');
  });

  it('DELETE /my/logins/direct revokes the token used, and only that one', async () => {
    const s = get();
    const user = await loggedInUser(s);
    const consumerKey = (await s.db('consumers').where({ consumer_id: await consumerOf(s, user.userId) }).first('consumer_key')).consumer_key;
    const second = await s.api.request('POST', '/my/logins/direct', {
      headers: { DirectLogin: `username=${user.username}, password=${STRONG_PASSWORD}, consumer_key=${consumerKey}` },
    });
    expect((await s.api.request('DELETE', '/my/logins/direct')).status).toBe(401);
    const out = await s.api.request('DELETE', '/my/logins/direct', { auth: user.auth });
    expect(out.status).toBe(200);
    expect(out.body).toBe(true);
    expect((await s.api.get('/users/current', user.auth)).body.message).toMatch(/^OBP-20003/);
    expect((await s.api.request('DELETE', '/my/logins/direct', { auth: user.auth })).status).toBe(401);
    expect((await s.api.get('/users/current', { token: second.body.token })).status).toBe(200);
  });

  it('purges expired tokens, in batches, leaving live ones', async () => {
    const s = get();
    const user = await loggedInUser(s);
    const expired = Array.from({ length: 1500 }, (_, i) => ({
      token_hash: digest(uniqueId(`expired-${i}-`)),
      user_id: user.userId,
      consumer_id: null,
      expires_at: Date.now() - 1000,
      created_at: Date.now() - 2000,
    }));
    for (let i = 0; i < expired.length; i += 250) await s.db('direct_login_tokens').insert(expired.slice(i, i + 250));
    expect(await s.services.tokens.purgeExpired()).toBeGreaterThanOrEqual(1500);
    expect(Number((await s.db('direct_login_tokens').where('expires_at', '<=', Date.now()).count('* as n'))[0]!.n)).toBe(0);
    expect((await s.api.get('/users/current', user.auth)).status).toBe(200);
  });

  it('issues tokens for TOKEN_EXPIRATION_MINUTES when set', async () => {
    const s = get();
    const before = Date.now();
    const user = await loggedInUser(s);
    const row = await s.db('direct_login_tokens').where({ user_id: user.userId }).first('expires_at');
    const lifetime = Number(row.expires_at) - before;
    expect(lifetime).toBeGreaterThan(29 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(30 * 60_000 + 60_000);
  });
}, { TOKEN_EXPIRATION_MINUTES: '30' });

describeEachBackend('Usernames unique regardless of case', (get) => {
  it('the database refuses a username that differs from another only in case, on its own', async () => {
    const s = get();
    const name = uniqueId('Case.Sensitive.');
    const base = { email: 'c@example.com', first_name: 'C', last_name: 'S', provider: 'test', password_hash: 'x', validated: true, created_at: Date.now() };
    await s.db('users').insert({ ...base, user_id: uniqueId('u-'), username: name });
    await expect(s.db('users').insert({ ...base, user_id: uniqueId('u-'), username: name.toUpperCase() })).rejects.toMatchObject({
      code: expect.stringMatching(/^(ER_DUP_ENTRY|SQLITE_CONSTRAINT_UNIQUE)$/),
    });
  });

  it('logs in whatever the letter case of the username, and refuses non-ASCII usernames at sign-up', async () => {
    const s = get();
    const user = await loggedInUser(s);
    const key = (await s.db('consumers').where({ consumer_id: await consumerOf(s, user.userId) }).first('consumer_key')).consumer_key;
    const res = await s.api.request('POST', '/my/logins/direct', {
      headers: { DirectLogin: `username=${user.username.toUpperCase()}, password=${STRONG_PASSWORD}, consumer_key=${key}` },
    });
    expect(res.status).toBe(201);
    const bad = await s.api.post('/users', { email: 'n@example.com', username: 'jörg@exämple.com', password: STRONG_PASSWORD, first_name: 'J', last_name: 'K' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^OBP-50005: .*ASCII/);
  });
});
