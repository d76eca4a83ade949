/**
 * The service over MariaDB through a TCP proxy the test breaks on purpose: a database that refuses connections
 * or stops answering gives 503 OBP-50019 within the configured timeouts (never a hang, never a 500), readiness
 * names it, and the pool recovers by itself when the database is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedBackends, type Backend } from './support/backends';
import { loggedInUser, type TestUser } from './support/fixtures';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';
import { startTestService, type TestService } from './support/service';

const mysql = selectedBackends().find((b) => b.name === 'mysql');

/** Every answer of a broken database, and how long it may take: acquire, connect and query limits plus slack. */
const BOUND_MS = 3_000;

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

describe.runIf(mysql)('Database faults [mysql, through a TCP proxy]', () => {
  let proxy: TcpProxy;
  let s: TestService;
  let user: TestUser;

  beforeAll(async () => {
    const real = mysql!;
    let target = { host: '127.0.0.1', port: 3306 };
    // The same throw-away database, reached through the proxy.
    const proxied: Backend = {
      name: 'mysql',
      async create() {
        const db = await real.create();
        const url = new URL(db.url);
        target = { host: url.hostname, port: Number(url.port || 3306) };
        proxy = await startTcpProxy(target);
        url.hostname = '127.0.0.1';
        url.port = String(proxy.port);
        return { url: url.toString(), drop: db.drop };
      },
    };
    s = await startTestService(proxied, {
      DATABASE_POOL_MAX: '2',
      DATABASE_CONNECT_TIMEOUT_MS: '500',
      DATABASE_ACQUIRE_TIMEOUT_MS: '1000',
      DATABASE_QUERY_TIMEOUT_MS: '700',
      READINESS_TIMEOUT_MS: '500',
    });
    user = await loggedInUser(s);
  });

  afterAll(async () => {
    await proxy?.resume();
    await s?.close();
    await proxy?.close();
  });

  async function expectUnavailable(path: string, auth?: { token: string }) {
    const { value: res, ms } = await timed(() => s.api.get(path, auth));
    expect(res.body, path).toEqual({ code: 503, message: 'OBP-50019: Cannot connect to the OBP database.' });
    expect(res.status).toBe(503);
    expect(ms, `${path} answered after ${ms} ms`).toBeLessThan(BOUND_MS);
  }

  async function expectRecovered() {
    // No restart, no manual step: the next requests find a working pool again.
    await expect.poll(async () => (await s.api.get('/banks')).status, { timeout: 5_000, interval: 100 }).toBe(200);
    expect((await s.api.get('/users/current', user.auth)).status).toBe(200);
  }

  it('serves normally through the proxy', async () => {
    expect((await s.api.get('/banks')).status).toBe(200);
    expect((await s.api.get('/users/current', user.auth)).status).toBe(200);
  });

  it('frozen (accepts, answers nothing): 503 OBP-50019 within the query timeout, on connector and token reads', async () => {
    proxy.freeze();
    await expectUnavailable('/banks');
    await expectUnavailable('/users/current', user.auth);
    const ready = await fetch(`${s.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not_ready', checks: [{ dependency: 'database', ok: false, detail: expect.any(String) }] });
  });

  it('frozen, more requests than connections: every one 503 within the bound (acquire and connect timeouts)', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => timed(() => s.api.get('/banks'))));
    for (const { value, ms } of answers) {
      expect(value.status).toBe(503);
      expect(value.body.message).toMatch(/^OBP-50019: /);
      expect(ms).toBeLessThan(BOUND_MS + 1_000);
    }
  });

  it('recovers by itself once the database answers again', async () => {
    await proxy.resume();
    await expectRecovered();
    await expect.poll(async () => (await fetch(`${s.url}/health/ready`)).status, { timeout: 3_000 }).toBe(200);
  });

  it('refused (stopped): 503 OBP-50019 at once, and recovers when it listens again', async () => {
    await proxy.stop();
    await expectUnavailable('/banks');
    await expectUnavailable('/users/current', user.auth);
    const login = await s.api.request('POST', '/my/logins/direct', { headers: { DirectLogin: 'username=a, password=b, consumer_key=c' } });
    expect(login.status).toBe(503);
    await proxy.resume();
    await expectRecovered();
  });

  it('counts the failures as UNAVAILABLE connector calls', async () => {
    const text = await (await fetch(`${s.url}/metrics`)).text();
    expect(text).toMatch(/connector_call_duration_seconds_count\{connector="mapped",method="getBanks",outcome="UNAVAILABLE"\} [1-9]/);
  });
});
