/** GET /health/live and GET /health/ready, with real dependencies up, down and coming back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedBackends } from './support/backends';
import { freePort } from './support/ports';
import { describeEachBackend, startTestService, type TestService } from './support/service';
import { READINESS_REUSE_MS } from '../src/observability/readiness';

const backend = selectedBackends()[0]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function probe(baseUrl: string, path: '/health/live' | '/health/ready') {
  const res = await fetch(`${baseUrl}${path}`);
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}

describeEachBackend('Health probes (mapped)', (get) => {
  it('live: 200 while the process serves', async () => {
    const res = await probe(get().url, '/health/live');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('ready: 200 naming the database once (the mapped connector probes the service database)', async () => {
    const res = await probe(get().url, '/health/ready');
    expect(res).toMatchObject({ status: 200, body: { status: 'ready', checks: [{ dependency: 'database', ok: true }] } });
    expect(res.body.checks).toHaveLength(1);
  });

  it('a flood of probes costs one database round trip, not one per request', async () => {
    const s = get();
    await sleep(READINESS_REUSE_MS + 50);
    let probes = 0;
    const count = (q: { sql: string }) => {
      if (q.sql === 'select 1') probes++;
    };
    s.db.on('query', count);
    try {
      const answers = await Promise.all(Array.from({ length: 50 }, () => probe(s.url, '/health/ready')));
      expect(answers.every((a) => a.status === 200)).toBe(true);
    } finally {
      s.db.off('query', count);
    }
    expect(probes).toBe(1);
  });
});

describe('Health probes (grpc): the adapter and the service database', () => {
  let s: TestService;
  let adapterPort: number;
  beforeAll(async () => {
    adapterPort = await freePort();
    s = await startTestService(backend, { CONNECTOR: 'grpc', GRPC_ADAPTER_URL: `127.0.0.1:${adapterPort}`, READINESS_TIMEOUT_MS: '500' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('503 naming the adapter while nothing answers there, the database still ok', async () => {
    const started = Date.now();
    const res = await probe(s.url, '/health/ready');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'not_ready',
      checks: [
        { dependency: 'database', ok: true },
        { dependency: 'adapter', ok: false, detail: expect.any(String) },
      ],
    });
  });

  it('counts the failed calls by outcome', async () => {
    expect((await s.api.get('/banks')).status).toBe(503);
    const text = await (await fetch(`${s.url}/metrics`)).text();
    expect(text).toMatch(/connector_call_duration_seconds_count\{connector="grpc",method="getBanks",outcome="UNAVAILABLE"\} [1-9]/);
  });
});

describe('Readiness during shutdown', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService(backend, { SHUTDOWN_DELAY_MS: '600', SHUTDOWN_GRACE_MS: '5000' });
  });

  it('turns 503 the moment shutdown starts; live stays 200; requests still served, asked to reconnect', async () => {
    expect((await probe(s.url, '/health/ready')).status).toBe(200);
    const closing = s.close();
    try {
      const ready = await probe(s.url, '/health/ready');
      expect(ready).toMatchObject({ status: 503, body: { status: 'shutting_down' } });
      expect(ready.headers.get('connection')).toBe('close');
      expect((await probe(s.url, '/health/live')).status).toBe(200);
      const root = await s.api.get('/root');
      expect(root.status).toBe(200);
      expect(root.headers.get('connection')).toBe('close');
    } finally {
      await closing;
    }
    await expect(fetch(`${s.url}/health/live`)).rejects.toThrow();
  });
});
