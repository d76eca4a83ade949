/** GET /metrics as Prometheus scrapes it, on the main port and on METRICS_PORT. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBank, loggedInUser } from './support/fixtures';
import { selectedBackends } from './support/backends';
import { describeEachBackend, startTestService, type TestService } from './support/service';

async function scrape(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one series, e.g. sample(text, 'db_pool_connections', { state: 'max' }). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').pop());
  }
  return undefined;
}

describeEachBackend('GET /metrics', (get) => {
  it('counts requests by the operation id of the endpoint table, method and status', async () => {
    const s = get();
    const bankId = await createBank(s);
    const before = sample(await scrape(s.url), 'http_request_duration_seconds_count', { operation_id: 'OBPv3.0.0-bankById', status: '200' }) ?? 0;
    expect((await s.api.get(`/banks/${bankId}`)).status).toBe(200);
    expect((await s.api.get('/banks/no.such.bank')).status).toBe(404);
    const text = await scrape(s.url);
    expect(sample(text, 'http_request_duration_seconds_count', { operation_id: 'OBPv3.0.0-bankById', method: 'GET', status: '200' })).toBe(before + 1);
    expect(sample(text, 'http_request_duration_seconds_count', { operation_id: 'OBPv3.0.0-bankById', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_request_duration_seconds_bucket', { operation_id: 'OBPv3.0.0-bankById', status: '200', le: '+Inf' })).toBe(before + 1);
  });

  it('never takes a label value from the URL: unmatched paths share one series', async () => {
    const s = get();
    await s.api.get('/some/invented/path-with-a-secret-123');
    await s.api.get('/banks/b/customers/c/unknown-suffix');
    await s.api.request('OPTIONS', '/banks/preflight-path-xyz', { headers: { Origin: 'https://a.example', 'Access-Control-Request-Method': 'GET' } });
    const text = await scrape(s.url);
    expect(text).not.toContain('preflight-path-xyz');
    expect(sample(text, 'http_request_duration_seconds_count', { operation_id: 'cors_preflight', method: 'OPTIONS', status: '204' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('secret-123');
    expect(text).not.toContain('unknown-suffix');
    expect(sample(text, 'http_request_duration_seconds_count', { operation_id: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(2);
    // Every operation_id is one of the table's, "unmatched" or "cors_preflight".
    const ids = new Set([...text.matchAll(/operation_id="([^"]+)"/g)].map((m) => m[1]));
    for (const id of ids) expect(id).toMatch(/^(OBPv\d\.\d\.\d-\w+|unmatched|cors_preflight)$/);
  });

  it('measures connector calls by connector, method and outcome', async () => {
    const s = get();
    const bankId = await createBank(s);
    await s.api.get(`/banks/${bankId}`);
    await s.api.get('/banks/no.such.bank');
    const text = await scrape(s.url);
    expect(sample(text, 'connector_call_duration_seconds_count', { connector: 'mapped', method: 'getBank', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'connector_call_duration_seconds_count', { connector: 'mapped', method: 'getBank', outcome: 'not_found' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'connector_call_duration_seconds_count', { connector: 'mapped', method: 'createBank', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
  });

  it('reports the database pool and the metrics declared for logins, rate limits and the adapter link', async () => {
    const s = get();
    await loggedInUser(s);
    const text = await scrape(s.url);
    expect(sample(text, 'db_pool_connections', { state: 'max' })).toBe(s.backend === 'sqlite' ? 1 : 10);
    expect(sample(text, 'db_pool_connections', { state: 'used' })).toBe(0);
    expect(sample(text, 'db_pool_connections', { state: 'free' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'db_pool_pending_acquires')).toBe(0);
    for (const name of ['connector_retries_total', 'grpc_breaker_open', 'direct_login_total', 'rate_limit_refusals_total']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('is not an OBP endpoint: no resource doc, no OpenAPI path, no access line of its own', async () => {
    const s = get();
    const docs = await s.api.get('/resource-docs/v3.1.0/obp');
    expect(JSON.stringify(docs.body)).not.toMatch(/metrics|health/);
    const openapi = await s.api.get('/resource-docs/v3.1.0/openapi');
    expect(Object.keys(openapi.body.paths).filter((p) => /metrics|health/.test(p))).toEqual([]);
    const before = sample(await scrape(s.url), 'http_request_duration_seconds_count', { operation_id: 'unmatched', status: '200' });
    expect(before).toBeUndefined();
  });
});

describe('METRICS_PORT', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService(selectedBackends()[0]!, { METRICS_PORT: '0' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('serves /metrics and the probes on the metrics port only', async () => {
    expect(s.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.metricsUrl).not.toBe(s.url);
    expect(await scrape(s.metricsUrl!)).toContain('http_request_duration_seconds');
    expect((await fetch(`${s.metricsUrl}/health/ready`)).status).toBe(200);
    const main = await fetch(`${s.url}/metrics`);
    expect(main.status).toBe(404);
    expect(await main.json()).toEqual({ code: 404, message: expect.stringMatching(/^OBP-10404: /) });
    const other = await fetch(`${s.metricsUrl}/obp/v3.1.0/root`);
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ code: 404, message: expect.stringMatching(/^OBP-10404: /) });
  });
});
