/** REQUEST_TIMEOUT_MS: a request the back end does not finish in time is answered 504 OBP-01000, on time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedBackends } from './support/backends';
import { startGatedAdapter, type GatedAdapter } from './support/gated-adapter';
import { LogCapture } from './support/log-capture';
import { startTestService, type TestService } from './support/service';

describe('Request budget', () => {
  let adapter: GatedAdapter;
  let s: TestService;
  const logs = new LogCapture();

  beforeAll(async () => {
    adapter = await startGatedAdapter();
    s = await startTestService(
      selectedBackends()[0]!,
      // The adapter deadline is longer than the budget: the budget is what answers.
      { CONNECTOR: 'grpc', GRPC_ADAPTER_URL: adapter.url, CONNECTOR_TIMEOUT_MS: '10000', REQUEST_TIMEOUT_MS: '400', LOG_LEVEL: 'info' },
      { logDestination: logs },
    );
  });
  afterAll(async () => {
    await s?.close();
    await adapter?.close();
  });

  it('504 OBP-01000 when the budget runs out, then serves the next request normally', async () => {
    adapter.hold();
    const reached = adapter.reached();
    const started = Date.now();
    const pending = s.api.get('/banks', undefined, { 'Correlation-Id': 'budget-1' });
    await reached;
    const res = await pending;
    const ms = Date.now() - started;
    expect(res.status).toBe(504);
    expect(res.body).toEqual({
      code: 504,
      message:
        'OBP-01000: Request Timeout. The OBP API decided to return a timeout. This is probably because a backend service did not respond in time. ',
    });
    expect(res.headers.get('correlation-id')).toBe('budget-1');
    expect(ms).toBeGreaterThanOrEqual(390);
    expect(ms).toBeLessThan(2_000);

    // The abandoned call finishes later; its result goes nowhere and breaks nothing.
    adapter.open();
    const next = await s.api.get('/banks');
    expect(next.status).toBe(200);
    expect(next.body).toEqual({ banks: [] });
    const access = logs.entries().find((l) => l.correlation_id === 'budget-1' && l.msg === 'request');
    expect(access).toMatchObject({ status: 504, error_code: 'OBP-01000', operation_id: 'OBPv3.0.0-getBanks' });
  });
});
