/**
 * The production install as the Dockerfile's runtime stage gets it, in a temporary copy of the project: the tracked
 * files plus the dist/ that `npm run build` made, then `npm ci --omit=dev` (no TypeScript, no test tools), then the
 * service started by `npm start` and, as an unprivileged user, by `node dist/src/main.js`.
 * Run by `npm run test:deploy` (CI runs it after `npm test`, which builds dist/).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports';

const root = path.resolve(__dirname, '../..');
const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'obp-prod-'));
const running: ChildProcess[] = [];

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return execFileSync(command, args, { cwd: copy, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Starts a process in its own process group (npm start runs node as a child) and remembers it for cleanup. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv, user?: { uid: number; gid: number }): ChildProcess {
  const child = spawn(command, args, { cwd: copy, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...user });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  child.on('exit', (code) => {
    if (code) console.error(`${command} ${args.join(' ')} exited ${code}:\n${output}`);
  });
  running.push(child);
  return child;
}

/** GETs a URL until it answers (the service is starting), for at most `budgetMs`. */
async function getWhenUp(url: string, child: ChildProcess, budgetMs = 30_000): Promise<Response> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    if (!alive(child)) throw new Error(`the service exited (${child.exitCode ?? child.signalCode}) before answering ${url}`);
    try {
      return await fetch(url);
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function stop(child: ChildProcess) {
  if (alive(child) && child.pid) process.kill(-child.pid, 'SIGTERM');
}

beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'dist/src/main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const tracked = run('git', ['ls-files', '-z'], { cwd: root }).split('\0').filter(Boolean);
  for (const file of tracked) {
    if (!fs.existsSync(path.join(root, file))) continue; // deleted in the work tree
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(copy, file));
  }
  fs.cpSync(path.join(root, 'dist'), path.join(copy, 'dist'), { recursive: true });
  run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline']);
}, 600_000);

afterAll(async () => {
  for (const child of running) stop(child);
  await Promise.all(running.map((c) => (alive(c) ? new Promise((r) => c.once('exit', r)) : undefined)));
  fs.rmSync(copy, { recursive: true, force: true });
});

describe('npm ci --omit=dev, then the built service', () => {
  it('installs production dependencies only, with the native SQLite driver built', () => {
    const installed = (name: string) => fs.existsSync(path.join(copy, 'node_modules', name, 'package.json'));
    for (const dev of ['typescript', 'vitest', 'playwright-core', '@redocly/cli']) expect(installed(dev), dev).toBe(false);
    for (const prod of ['koa', 'knex', 'better-sqlite3', 'swagger-ui-dist']) expect(installed(prod), prod).toBe(true);
    expect(fs.existsSync(path.join(copy, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
  });

  it('runs admin commands without compiling anything', () => {
    const env = { ...process.env, DATABASE_URL: `sqlite:${path.join(copy, 'data/admin.sqlite')}` };
    const out = JSON.parse(run('npm', ['run', '--silent', 'admin', '--', 'migrate'], { env }));
    expect(out.applied.length).toBeGreaterThan(0);
    expect(JSON.parse(run('npm', ['run', '--silent', 'admin', '--', 'create-consumer', '--name', 'prod app'], { env }))).toMatchObject({
      name: 'prod app',
    });
  });

  it('`npm start` serves /obp/v3.1.0/root and the /docs page', async () => {
    const port = await freePort();
    const child = start('npm', ['start'], { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: 'sqlite::memory:' });
    const res = await getWhenUp(`http://127.0.0.1:${port}/obp/v3.1.0/root`, child);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: 'v3.1.0', connector: 'mapped' });
    const docs = await fetch(`http://127.0.0.1:${port}/docs/`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
    stop(child);
  });

  it.runIf(process.getuid?.() === 0)('runs as an unprivileged user that may write only its data directory', async () => {
    const nobody = { uid: 65534, gid: 65534 };
    fs.chmodSync(copy, 0o755);
    const data = path.join(copy, 'data-nobody');
    fs.mkdirSync(data);
    fs.chownSync(data, nobody.uid, nobody.gid);
    const port = await freePort();
    const env = { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${data}/obp.sqlite` };
    const child = start(process.execPath, ['dist/src/main.js'], env, nobody);
    const res = await getWhenUp(`http://127.0.0.1:${port}/obp/v3.1.0/root`, child);
    expect(res.status).toBe(200);
    expect(fs.statSync(path.join(data, 'obp.sqlite')).uid).toBe(nobody.uid);
    stop(child);
  });
});
