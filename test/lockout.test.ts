import { expect, it } from 'vitest';
import { uniqueId } from './support/client';
import { STRONG_PASSWORD, createConsumer, createUserDirect } from './support/fixtures';
import { counterValue } from './support/metrics';
import { describeEachBackend, type TestService } from './support/service';

const MAX = 5;
const WRONG = 'Wrong-Passw0rd!';

async function newUser(s: TestService) {
  const consumer = await createConsumer(s);
  const username = uniqueId('lock.');
  const user = await createUserDirect(s, username);
  const login = (password: string) =>
    s.api.request('POST', '/my/logins/direct', { headers: { DirectLogin: `username=${username}, password=${password}, consumer_key=${consumer.key}` } });
  return { user, login };
}

const loginCount = (outcome: string) => counterValue('direct_login_total', { outcome });

describeEachBackend('Atomic lockout', (get) => {
  it(`runs at most MAX_BAD_LOGIN_ATTEMPTS+1 password checks for 50 parallel wrong guesses, and refuses the right password once locked`, async () => {
    const s = get();
    const { user, login } = await newUser(s);
    const checksBefore = s.services.hasher.stats.verifications;
    const lockedBefore = await loginCount('locked');

    // The right password is sent inside the burst, once more than MAX failures have been answered.
    let answered = 0;
    let rightInside: Promise<Awaited<ReturnType<typeof login>>> | undefined;
    const burst = Array.from({ length: 50 }, () =>
      login(WRONG).then((res) => {
        if (++answered === MAX + 1) rightInside = login(STRONG_PASSWORD);
        return res;
      }),
    );
    const results = await Promise.all(burst);
    const inside = await rightInside!;

    const messages = results.map((r) => r.body.message as string);
    expect(results.every((r) => r.status === 401)).toBe(true);
    expect(messages.filter((m) => m.startsWith('OBP-20004')).length).toBeLessThanOrEqual(MAX + 1);
    expect(messages.filter((m) => m.startsWith('OBP-20013')).length).toBeGreaterThanOrEqual(50 - (MAX + 1));
    expect(s.services.hasher.stats.verifications - checksBefore).toBeLessThanOrEqual(MAX + 1);
    expect(inside.status).toBe(401);
    expect(inside.body.message).toBe('OBP-20013: The account has been locked, please contact an administrator!');

    // After the burst: still locked, and no further password check is spent.
    const checksAfterBurst = s.services.hasher.stats.verifications;
    const after = await login(STRONG_PASSWORD);
    expect(after.body.message).toMatch(/^OBP-20013/);
    expect(s.services.hasher.stats.verifications).toBe(checksAfterBurst);
    expect((await loginCount('locked')) - lockedBefore).toBeGreaterThanOrEqual(50 - (MAX + 1));

    // An administrator can still unlock.
    expect(await s.services.attempts.unlock(user.userId)).toBe(true);
    expect((await login(STRONG_PASSWORD)).status).toBe(201);
  });

  it('counts failures sequentially as before: MAX failures leave the account open, one more locks it', async () => {
    const { login } = await newUser(get());
    for (let i = 0; i < MAX; i++) expect((await login(WRONG)).body.message).toMatch(/^OBP-20004/);
    expect((await login(STRONG_PASSWORD)).status).toBe(201);
    // The success cleared the counter: MAX more failures are allowed again, then the lock.
    for (let i = 0; i < MAX + 1; i++) expect((await login(WRONG)).body.message).toMatch(/^OBP-20004/);
    expect((await login(STRONG_PASSWORD)).body.message).toMatch(/^OBP-20013/);
  });

  it('ends a lock BAD_LOGIN_LOCKOUT_SECONDS after it began, and tokens work again', async () => {
    const s = get();
    const { user, login } = await newUser(s);
    const token = (await login(STRONG_PASSWORD)).body.token as string;
    for (let i = 0; i < MAX + 1; i++) await login(WRONG);
    expect((await s.api.get('/users/current', { token })).body.message).toMatch(/^OBP-20013/);
    expect((await login(STRONG_PASSWORD)).body.message).toMatch(/^OBP-20013/);
    // The lock began more than the lockout (60 s here) ago.
    await s.db('users').where({ user_id: user.userId }).update({ bad_login_locked_at: Date.now() - 61_000 });
    expect((await s.api.get('/users/current', { token })).status).toBe(200);
    expect((await login(STRONG_PASSWORD)).status).toBe(201);
    const row = await s.db('users').where({ user_id: user.userId }).first('bad_login_attempts', 'bad_login_locked_at');
    expect(Number(row.bad_login_attempts)).toBe(0);
    expect(row.bad_login_locked_at).toBeNull();
  });

  it("refuses a locked account's logins without spending a password check", async () => {
    const s = get();
    const { login } = await newUser(s);
    for (let i = 0; i < MAX + 1; i++) await login(WRONG);
    const before = s.services.hasher.stats.verifications;
    for (let i = 0; i < 5; i++) expect((await login(WRONG)).body.message).toMatch(/^OBP-20013/);
    expect(s.services.hasher.stats.verifications).toBe(before);
  });
}, { MAX_BAD_LOGIN_ATTEMPTS: String(MAX), BAD_LOGIN_LOCKOUT_SECONDS: '60', PASSWORD_HASH_QUEUE_MAX: '100' });

describeEachBackend('Lockout without expiry', (get) => {
  it('stays locked however old the lock is, until unlocked', async () => {
    const s = get();
    const { user, login } = await newUser(s);
    for (let i = 0; i < MAX + 1; i++) await login(WRONG);
    await s.db('users').where({ user_id: user.userId }).update({ bad_login_locked_at: 1 });
    expect((await login(STRONG_PASSWORD)).body.message).toMatch(/^OBP-20013/);
    await s.services.attempts.unlock(user.userId);
    expect((await login(STRONG_PASSWORD)).status).toBe(201);
  });
}, { MAX_BAD_LOGIN_ATTEMPTS: String(MAX), BAD_LOGIN_LOCKOUT_SECONDS: '0' });
