import { setTimeout as sleep } from 'node:timers/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedBackends } from './support/backends';
import { CLI, runCli, type CliResult } from './support/cli';
import { uniqueId } from './support/client';
import { freePort } from './support/ports';
import { startTestService, type TestService } from './support/service';

const PASSWORD = 'Str0ng-Passw0rd!';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obp-admin-accounts-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const json = (r: CliResult) => {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

/** A failure as operators must see it: one line on stderr, nothing on stdout, no stack trace, no SQL. */
function expectCleanFailure(r: CliResult, pattern: RegExp) {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+|select |insert |update |from `|Error:/i);
}

describe('admin CLI help (built)', () => {
  beforeAll(() => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does) first`);
  });

  it('answers --help with every command, and COMMAND --help with its options', async () => {
    const help = await runCli(['--help'], {});
    expect(help.code).toBe(0);
    for (const command of ['create-user', 'list-users', 'list-consumers', 'list-entitlements', 'revoke-entitlement', 'revoke-tokens', 'disable-user', 'delete-user', 'disable-consumer', 'purge-tokens', 'set-call-limits', 'import']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    const one = await runCli(['create-user', '--help'], {});
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('--password-stdin');
    expect(one.stdout).toContain('NEW_USER_PASSWORD');
    expect((await runCli(['help', 'list-users'], {})).stdout).toContain('--limit');
  });
});

for (const backend of selectedBackends()) {
  describe(`admin CLI: accounts, tokens, entitlements [${backend.name}]`, () => {
    let s: TestService;
    let env: Record<string, string>;
    const cli = (args: string[], input?: string, extra: Record<string, string> = {}) => runCli(args, { ...env, ...extra }, input);
    const login = (username: string, key: string, password = PASSWORD) =>
      s.api.request('POST', '/my/logins/direct', { headers: { DirectLogin: `username=${username}, password=${password}, consumer_key=${key}` } });

    beforeAll(async () => {
      const sqlite: Record<string, string> = backend.name === 'sqlite' ? { DATABASE_URL: `sqlite:${path.join(dir, `${uniqueId('db-')}.sqlite`)}` } : {};
      s = await startTestService(backend, { ...sqlite, MAX_BAD_LOGIN_ATTEMPTS: '2' });
      env = { DATABASE_URL: s.services.config.DATABASE_URL, MAX_BAD_LOGIN_ATTEMPTS: '2' };
    });
    afterAll(async () => s?.close());

    it('creates users with the password from stdin or NEW_USER_PASSWORD, never echoing it; names are unique regardless of case', async () => {
      const name = uniqueId('Cli.User.');
      const fromStdin = json(await cli(['create-user', '--username', name, '--email', 'c@example.com', '--password-stdin'], `${PASSWORD}\n`));
      expect(fromStdin).toMatchObject({ username: name, validated: true });
      const other = uniqueId('cli.env.');
      const fromEnv = await cli(['create-user', '--username', other, '--email', 'e@example.com'], undefined, { NEW_USER_PASSWORD: PASSWORD });
      expect(json(fromEnv).username).toBe(other);
      expect(fromEnv.stdout).not.toContain(PASSWORD);
      expectCleanFailure(await cli(['create-user', '--username', name.toUpperCase(), '--email', 'x@example.com', '--password-stdin'], PASSWORD), /already exists/);
      expectCleanFailure(
        await cli(['create-user', '--username', uniqueId('two.'), '--email', 'x@example.com', '--password-stdin'], PASSWORD, { NEW_USER_PASSWORD: PASSWORD }),
        /exactly one way/,
      );
      expectCleanFailure(await cli(['create-user', '--username', uniqueId('none.'), '--email', 'x@example.com']), /exactly one way/);
    });

    it('lists users and consumers, grants, lists and revokes entitlements', async () => {
      const consumer = json(await cli(['create-consumer', '--name', 'listed app']));
      const user = json(await cli(['create-user', '--username', uniqueId('listed.'), '--email', 'l@example.com', '--password-stdin'], PASSWORD));
      const users = json(await cli(['list-users', '--limit', '10000']));
      expect(users.find((u: { user_id: string }) => u.user_id === user.user_id)).toMatchObject({ username: user.username, disabled: false, deleted: false, locked: false });
      expect(JSON.stringify(users)).not.toContain('scrypt');
      const consumers = json(await cli(['list-consumers', '--limit', '10000']));
      const listed = consumers.find((c: { consumer_id: string }) => c.consumer_id === consumer.consumer_id);
      expect(listed).toEqual({
        consumer_id: consumer.consumer_id,
        name: 'listed app',
        key: consumer.key,
        enabled: true,
        created_at: expect.any(String),
        oidc_clients: [],
      });
      expect(JSON.stringify(consumers)).not.toContain(consumer.secret);
      expect(json(await cli(['list-users', '--limit', '1'])).length).toBe(1);
      expectCleanFailure(await cli(['list-users', '--limit', '0']), /--limit must be/);

      const grant = json(await cli(['grant', '--user-id', user.user_id, '--role', 'CanGetAdapterInfo']));
      expect(json(await cli(['list-entitlements', '--user-id', user.user_id]))).toEqual([
        { entitlement_id: grant.entitlement_id, user_id: user.user_id, role_name: 'CanGetAdapterInfo', bank_id: '' },
      ]);
      expect(json(await cli(['list-entitlements', '--role', 'CanGetAdapterInfo', '--limit', '10000'])).map((e: { user_id: string }) => e.user_id)).toContain(user.user_id);
      expect(json(await cli(['revoke-entitlement', '--entitlement-id', grant.entitlement_id]))).toMatchObject({ revoked: true, role_name: 'CanGetAdapterInfo' });
      expect(json(await cli(['list-entitlements', '--user-id', user.user_id]))).toEqual([]);
      expectCleanFailure(await cli(['revoke-entitlement', '--entitlement-id', grant.entitlement_id]), /no entitlement/);
    });

    // The CLI is another process on the database: a running instance sees its changes within a second (its next
    // poll of the cache generations, src/db/cache-generations.ts), as it sees another instance's.
    const seen = () => sleep(1000);

    it('disables, enables, unlocks and deletes users, and revokes tokens, each seen by the service within a second', async () => {
      const consumer = json(await cli(['create-consumer', '--name', 'cli app']));
      const user = json(await cli(['create-user', '--username', uniqueId('life.'), '--email', 'l@example.com', '--password-stdin'], PASSWORD));
      const token = (await login(user.username, consumer.key)).body.token;
      expect((await s.api.get('/users/current', { token })).status).toBe(200);

      expect(json(await cli(['disable-user', '--user-id', user.user_id]))).toEqual({ user_id: user.user_id, disabled: true });
      await seen();
      expect((await s.api.get('/users/current', { token })).status).toBe(401);
      expect((await login(user.username, consumer.key)).body.message).toMatch(/^OBP-20013/);
      json(await cli(['enable-user', '--user-id', user.user_id]));
      const second = (await login(user.username, consumer.key)).body.token;
      expect((await s.api.get('/users/current', { token: second })).status).toBe(200);

      expect(json(await cli(['revoke-tokens', '--user-id', user.user_id]))).toEqual({ user_id: user.user_id, revoked: 1 });
      await seen();
      expect((await s.api.get('/users/current', { token: second })).status).toBe(401);
      const third = (await login(user.username, consumer.key)).body.token;
      expect(json(await cli(['revoke-tokens', '--consumer-id', consumer.consumer_id]))).toEqual({ consumer_id: consumer.consumer_id, revoked: 1 });
      await seen();
      expect((await s.api.get('/users/current', { token: third })).status).toBe(401);
      expectCleanFailure(await cli(['revoke-tokens']), /exactly one of/);

      json(await cli(['disable-consumer', '--consumer-id', consumer.consumer_id]));
      expect((await login(user.username, consumer.key)).body.message).toMatch(/^OBP-20008/);
      json(await cli(['enable-consumer', '--consumer-id', consumer.consumer_id]));

      for (let i = 0; i < 3; i++) await login(user.username, consumer.key, 'Wrong-Passw0rd!');
      expect((await login(user.username, consumer.key)).body.message).toMatch(/^OBP-20013/);
      expect(json(await cli(['list-users', '--limit', '10000'])).find((u: { user_id: string }) => u.user_id === user.user_id).locked).toBe(true);
      json(await cli(['unlock-user', '--user-id', user.user_id]));
      const fourth = (await login(user.username, consumer.key)).body.token;
      expect(fourth).toBeDefined();

      expect(json(await cli(['delete-user', '--user-id', user.user_id]))).toEqual({ user_id: user.user_id, deleted: true });
      await seen();
      expect((await s.api.get('/users/current', { token: fourth })).status).toBe(401);
      expect((await login(user.username, consumer.key)).body.message).toMatch(/^OBP-20004/);
      expectCleanFailure(await cli(['delete-user', '--user-id', user.user_id]), /already deleted/);
      expectCleanFailure(await cli(['disable-user', '--user-id', 'nobody']), /no user/);
    });

    it('sets and shows call limits, and purges expired tokens', async () => {
      const consumer = json(await cli(['create-consumer', '--name', 'limited app']));
      const set = json(await cli(['set-call-limits', '--consumer-id', consumer.consumer_id, '--per-minute', '5', '--per-day', '1000']));
      expect(set).toMatchObject({ per_minute_call_limit: '5', per_day_call_limit: '1000', per_second_call_limit: '-1' });
      const again = json(await cli(['set-call-limits', '--consumer-id', consumer.consumer_id, '--per-second', '2']));
      expect(again).toMatchObject({ per_second_call_limit: '2', per_minute_call_limit: '5' });
      expect(json(await cli(['get-call-limits', '--consumer-id', consumer.consumer_id]))).toEqual(again);
      expectCleanFailure(await cli(['set-call-limits', '--consumer-id', consumer.consumer_id, '--per-hour=-2']), /--per-hour must be/);
      await s.db('direct_login_tokens').insert({ token_hash: 'e'.repeat(64), user_id: (await s.db('users').first('user_id')).user_id, consumer_id: null, expires_at: 1, created_at: 0 });
      expect(json(await cli(['purge-tokens'])).purged).toBeGreaterThanOrEqual(1);
    });

    it('registers OpenID Connect clients for consumers, at the configured issuer, once each', async () => {
      const oidc = { OIDC_ISSUERS: 'https://idp.bank.test/realms/obp', OIDC_AUDIENCES: 'obp-api' };
      const client = uniqueId('web-app-');
      const created = json(await cli(['create-consumer', '--name', 'oidc app', '--oidc-client-id', client], undefined, oidc));
      expect(created.oidc_client).toEqual({ issuer: 'https://idp.bank.test/realms/obp', client_id: client });
      const other = uniqueId('svc-');
      const linked = json(await cli(['link-oidc-client', '--consumer-id', created.consumer_id, '--client-id', other], undefined, oidc));
      expect(linked).toEqual({ consumer_id: created.consumer_id, issuer: 'https://idp.bank.test/realms/obp', client_id: other });
      const listed = json(await cli(['list-consumers', '--limit', '10000'])).find((c: { consumer_id: string }) => c.consumer_id === created.consumer_id);
      expect(listed.oidc_clients).toEqual([
        { issuer: 'https://idp.bank.test/realms/obp', client_id: client },
        { issuer: 'https://idp.bank.test/realms/obp', client_id: other },
      ]);
      // A client calls as one consumer only; an issuer must be one the service trusts; there must be one to default to.
      expectCleanFailure(await cli(['link-oidc-client', '--consumer-id', created.consumer_id, '--client-id', client], undefined, oidc), /registered already/);
      expectCleanFailure(
        await cli(['link-oidc-client', '--consumer-id', created.consumer_id, '--client-id', 'x', '--issuer', 'https://evil.test'], undefined, oidc),
        /not one of OIDC_ISSUERS/,
      );
      expectCleanFailure(await cli(['link-oidc-client', '--consumer-id', created.consumer_id, '--client-id', 'x']), /give --issuer/);
      expectCleanFailure(await cli(['link-oidc-client', '--consumer-id', 'nobody', '--client-id', 'x'], undefined, oidc), /no consumer/);
      const before = json(await cli(['list-consumers', '--limit', '10000'])).length;
      expectCleanFailure(await cli(['create-consumer', '--name', 'x', '--oidc-client-id', 'y']), /give --oidc-issuer/);
      expect(json(await cli(['list-consumers', '--limit', '10000'])).length).toBe(before);
      expect(json(await cli(['unlink-oidc-client', '--client-id', other], undefined, oidc))).toMatchObject({ unlinked: true });
      expectCleanFailure(await cli(['unlink-oidc-client', '--client-id', other], undefined, oidc), /not registered/);
    });

    it('prints no stack trace and no SQL when the database fails', async () => {
      const empty = backend.name === 'sqlite' ? `sqlite:${path.join(dir, `${uniqueId('empty-')}.sqlite`)}` : undefined;
      if (empty) expectCleanFailure(await runCli(['list-users'], { DATABASE_URL: empty, AUTO_MIGRATE: 'false' }), /^admin failed: database or system error SQLITE_ERROR/);
      const port = await freePort();
      expectCleanFailure(
        await runCli(['list-users'], { DATABASE_URL: `mysql://root@127.0.0.1:${port}/nothing` }),
        /^admin failed: database or system error ECONNREFUSED/,
      );
    });
  });
}
