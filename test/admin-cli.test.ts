import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../dist/src/cli/admin.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obp-admin-'));
const env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'obp.sqlite')}` };

async function admin(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The CLI is exercised as operators run it: the compiled build, one JSON document on stdout.
describe('admin CLI (built)', () => {
  beforeAll(() => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does) first`);
  });

  it('migrates, creates a consumer, a validated user, and grants roles', async () => {
    const migrate = await admin('migrate');
    expect(migrate.code).toBe(0);
    expect(JSON.parse(migrate.stdout).applied.length).toBeGreaterThan(0);

    const consumer = await admin('create-consumer', '--name', 'demo app');
    expect(consumer.code).toBe(0);
    expect(JSON.parse(consumer.stdout)).toEqual({
      consumer_id: expect.any(String),
      name: 'demo app',
      key: expect.stringMatching(/^[a-z0-9]{40}$/),
      secret: expect.stringMatching(/^[a-z0-9]{40}$/),
    });

    const user = await admin('create-user', '--username', 'operator.one', '--password', 'Str0ng-Passw0rd!', '--email', 'op@example.com');
    expect(user.code).toBe(0);
    const created = JSON.parse(user.stdout);
    expect(created).toMatchObject({ user_id: expect.any(String), username: 'operator.one', email: 'op@example.com', validated: true });

    const grant = await admin('grant', '--user-id', created.user_id, '--role', 'CanCreateBank');
    expect(grant.code).toBe(0);
    expect(JSON.parse(grant.stdout)).toEqual({ entitlement_id: expect.any(String), role_name: 'CanCreateBank', bank_id: '' });
  });

  it('reports operator mistakes on stderr with a non-zero exit and nothing on stdout', async () => {
    for (const args of [
      ['grant', '--user-id', 'nobody', '--role', 'CanCreateBank'],
      ['grant', '--user-id', 'x', '--role', 'CanGetCustomer'],
      ['grant', '--user-id', 'x', '--role', 'NoSuchRole'],
      ['create-user', '--username', 'weak.user', '--password', 'weak', '--email', 'w@example.com'],
      ['create-consumer'],
      ['no-such-command'],
    ]) {
      const res = await admin(...args);
      expect(res.code, args.join(' ')).not.toBe(0);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().length).toBeGreaterThan(0);
    }
  });
});
