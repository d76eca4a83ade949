import { expect, it } from 'vitest';
import { STRONG_PASSWORD, createConsumer, loggedInUser } from './support/fixtures';
import { describeEachBackend, type TestService } from './support/service';
import { uniqueId } from './support/client';

const login = (s: TestService, headers: Record<string, string>) => s.api.request('POST', '/my/logins/direct', { headers });

describeEachBackend('DirectLogin', (get) => {
  async function userAndConsumer(validated = true) {
    const s = get();
    const consumer = await createConsumer(s);
    const username = uniqueId('login.');
    const user = await s.services.users.create({
      username,
      password: STRONG_PASSWORD,
      email: `${username}@example.com`,
      firstName: 'A',
      lastName: 'B',
      provider: 'test',
      validated,
    });
    return { consumer, username, user };
  }

  it('issues a token with the DirectLogin header and with the Authorization header', async () => {
    const { consumer, username } = await userAndConsumer();
    const a = await login(get(), { DirectLogin: `username=${username}, password=${STRONG_PASSWORD}, consumer_key=${consumer.key}` });
    expect(a.status).toBe(201);
    expect(a.body.token).toMatch(/^eyJhbGciOiJIUzI1NiJ9\.eyIiOiIifQ\.[A-Za-z0-9_-]+$/);
    const b = await login(get(), {
      Authorization: `DirectLogin username="${username}", password="${STRONG_PASSWORD}", consumer_key="${consumer.key}"`,
    });
    expect(b.status).toBe(201);
    expect(b.body.token).not.toBe(a.body.token);
    const headerForms: Record<string, string>[] = [{ DirectLogin: `token=${a.body.token}` }, { Authorization: `DirectLogin token="${b.body.token}"` }];
    for (const header of headerForms) {
      const me = await get().api.get('/users/current', undefined, header);
      expect(me.status).toBe(200);
      expect(me.body.username).toBe(username);
    }
  });

  it('stores tokens only as hashes', async () => {
    const user = await loggedInUser(get());
    const rows = await get().db('direct_login_tokens').select('token_hash');
    expect(rows.some((r: { token_hash: string }) => r.token_hash === user.auth.token)).toBe(false);
    expect(rows.every((r: { token_hash: string }) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('refuses a missing or foreign header', async () => {
    expect((await login(get(), {})).body).toEqual({ code: 400, message: 'OBP-20082: Missing DirectLogin or Authorization header.' });
    expect((await login(get(), { Authorization: 'Bearer abc' })).body).toEqual({
      code: 400,
      message: 'OBP-20083: Missing DirectLogin word at the value of Authorization header.',
    });
  });

  it('names missing parameters', async () => {
    const res = await login(get(), { DirectLogin: 'username=someone' });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('OBP-20002: These DirectLogin parameters are missing:password, consumer_key');
  });

  it('reports invalid values', async () => {
    const res = await login(get(), { DirectLogin: 'username=bad/name, password=x, consumer_key=bad_key' });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'OBP-20011: Value contains invalid charactersOBP-35030: The Consumer Key must be alphanumeric. (A-Z, a-z, 0-9)',
    );
    const long = await login(get(), { DirectLogin: `username=${'a'.repeat(513)}, password=x, consumer_key=abc` });
    expect(long.body.message).toBe('OBP-20010: Value too long');
  });

  it('refuses an unknown or disabled consumer key', async () => {
    const { consumer, username } = await userAndConsumer();
    const unknown = await login(get(), { DirectLogin: `username=${username}, password=${STRONG_PASSWORD}, consumer_key=nosuchkey` });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe('OBP-20008: Invalid Consumer Key.');
    expect(unknown.headers.get('www-authenticate')).toContain('DirectLogin realm=');
    await get().services.consumers.setActive(consumer.consumerId, false);
    const disabled = await login(get(), { DirectLogin: `username=${username}, password=${STRONG_PASSWORD}, consumer_key=${consumer.key}` });
    expect(disabled.body.message).toBe('OBP-20008: Invalid Consumer Key.');
  });

  it('refuses wrong passwords, unknown and unvalidated users alike', async () => {
    const { consumer, username } = await userAndConsumer();
    const expected = { code: 401, message: 'OBP-20004: Invalid login credentials. Check username/password.' };
    expect((await login(get(), { DirectLogin: `username=${username}, password=Wrong-Passw0rd!, consumer_key=${consumer.key}` })).body).toEqual(expected);
    expect((await login(get(), { DirectLogin: `username=nobody.here, password=${STRONG_PASSWORD}, consumer_key=${consumer.key}` })).body).toEqual(expected);
    const unvalidated = await userAndConsumer(false);
    expect(
      (await login(get(), { DirectLogin: `username=${unvalidated.username}, password=${STRONG_PASSWORD}, consumer_key=${unvalidated.consumer.key}` })).body,
    ).toEqual(expected);
  });

  it('locks the account after more than MAX_BAD_LOGIN_ATTEMPTS failures, even for the right password', async () => {
    const { consumer, username, user } = await userAndConsumer();
    const session = await login(get(), { DirectLogin: `username=${username}, password=${STRONG_PASSWORD}, consumer_key=${consumer.key}` });
    for (let i = 0; i < 6; i++) {
      const bad = await login(get(), { DirectLogin: `username=${username}, password=Wrong-Passw0rd!, consumer_key=${consumer.key}` });
      expect(bad.body.message).toMatch(/^OBP-20004/);
    }
    const locked = await login(get(), { DirectLogin: `username=${username}, password=${STRONG_PASSWORD}, consumer_key=${consumer.key}` });
    expect(locked.status).toBe(401);
    expect(locked.body.message).toBe('OBP-20013: The account has been locked, please contact an administrator!');
    // Tokens issued before the lock stop working too.
    const me = await get().api.get('/users/current', { token: session.body.token });
    expect(me.status).toBe(401);
    expect(me.body.message).toMatch(/^OBP-20013/);
    await get().services.attempts.unlock(user.userId);
    expect((await get().api.get('/users/current', { token: session.body.token })).status).toBe(200);
  });

  it('refuses invalid and expired tokens', async () => {
    const bogus = await get().api.get('/users/current', { token: 'not-a-token' });
    expect(bogus.status).toBe(401);
    expect(bogus.body.message).toBe('OBP-20003: This DirectLogin token is invalid or expired:not-a-token');
    const user = await loggedInUser(get());
    await get().db('direct_login_tokens').where({ user_id: user.userId }).update({ expires_at: Date.now() - 1000 });
    const expired = await get().api.get('/users/current', user.auth);
    expect(expired.status).toBe(401);
    // A token is quoted only by its first 20 characters (see response-headers.test.ts).
    expect(expired.body.message).toBe(`OBP-20003: This DirectLogin token is invalid or expired:${user.auth.token.slice(0, 20)}...`);
  });

  it('answers 401 with WWW-Authenticate when no user is logged in, and refuses other Authorization schemes', async () => {
    const res = await get().api.get('/users/current');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 401, message: 'OBP-20001: User not logged in. Authentication is required!' });
    // Exactly the schemes this instance accepts: DirectLogin only, without OIDC_ISSUERS (OAuth 1.0a never).
    expect(res.headers.get('www-authenticate')).toBe('DirectLogin realm="127.0.0.1:8080"');
    const basic = await get().api.get('/users/current', undefined, { Authorization: 'Basic Zm9vOmJhcg==' });
    expect(basic.status).toBe(401);
    expect(basic.body.message).toBe('OBP-20080: Authorization Header format is not supported at this instance.');
    expect(basic.headers.get('www-authenticate')).toBe('DirectLogin realm="127.0.0.1:8080"');
    const bearer = await get().api.get('/users/current', undefined, { Authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln' });
    expect(bearer.status).toBe(401);
    expect(bearer.body.message).toBe('OBP-20201: OAuth2 is not allowed at this instance.');
    expect(bearer.headers.get('www-authenticate')).toBe('DirectLogin realm="127.0.0.1:8080"');
  });
}, { MAX_BAD_LOGIN_ATTEMPTS: '5' });

describeEachBackend('DirectLogin without a mandatory consumer key', (get) => {
  it('logs in with username and password only', async () => {
    const username = uniqueId('nokey.');
    await get().services.users.create({
      username,
      password: STRONG_PASSWORD,
      email: 'x@example.com',
      firstName: 'A',
      lastName: 'B',
      provider: 'test',
      validated: true,
    });
    const res = await login(get(), { DirectLogin: `username=${username}, password=${STRONG_PASSWORD}` });
    expect(res.status).toBe(201);
  });
}, { DIRECT_LOGIN_CONSUMER_KEY_MANDATORY: 'false' });
