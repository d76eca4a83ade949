/**
 * Structured logs at the level users see them: the lines a real service writes for real requests, captured
 * from its pino destination.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createBank, loggedInUser } from './support/fixtures';
import { LogCapture } from './support/log-capture';
import { selectedBackends } from './support/backends';
import { describeEachBackend, startTestService, type TestService } from './support/service';

const capture = new LogCapture();

/** The lines of one request, found by its Correlation-Id. */
function linesOf(correlationId: string) {
  return capture.entries().filter((e) => e.correlation_id === correlationId);
}

describeEachBackend(
  'Structured logs',
  (get) => {
    it('writes one access line per request: endpoint, status, duration, correlation id, consumer and user', async () => {
      const s = get();
      const bankId = await createBank(s);
      const user = await loggedInUser(s);
      const res = await s.api.get(`/banks/${bankId}`, user.auth, { 'Correlation-Id': `access-${s.backend}` });
      expect(res.status).toBe(200);
      const lines = linesOf(`access-${s.backend}`);
      expect(lines).toHaveLength(1);
      const consumerId = (await s.db('direct_login_tokens').where({ user_id: user.userId }).first()).consumer_id;
      expect(lines[0]).toEqual({
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        msg: 'request',
        method: 'GET',
        operation_id: 'OBPv3.0.0-bankById',
        route: '/obp/v3.1.0/banks/BANK_ID',
        status: 200,
        duration_ms: expect.any(Number),
        correlation_id: `access-${s.backend}`,
        consumer_id: consumerId,
        user_id: user.userId,
      });
      // The route is the declared path: the bank id sent in the URL is not in the line.
      expect(JSON.stringify(lines[0])).not.toContain(bankId);
    });

    it('labels a request that matches no endpoint with one fixed value, never its URL', async () => {
      const s = get();
      const res = await s.api.get('/no/such/private-looking-path?email=x@example.com', undefined, { 'Correlation-Id': `nomatch-${s.backend}` });
      expect(res.status).toBe(404);
      const [line] = linesOf(`nomatch-${s.backend}`);
      expect(line).toMatchObject({ operation_id: 'unmatched', route: 'unmatched', status: 404, error_code: 'OBP-10404' });
      expect(JSON.stringify(line)).not.toMatch(/private-looking|example\.com/);
    });

    it('answers a refused request with its OBP code in the access line, and no other line', async () => {
      const s = get();
      const user = await loggedInUser(s);
      const res = await s.api.post('/banks', { id: 'x' }, user.auth, { 'Correlation-Id': `refused-${s.backend}` });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      const lines = linesOf(`refused-${s.backend}`);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ msg: 'request', status: res.status, error_code: res.body.message.slice(0, 9) });
    });

    it('logs an unexpected failure as one error line with its class and code, no message, no stack at info', async () => {
      const s = get();
      await s.db.schema.renameTable('banks', 'banks_moved_away');
      try {
        const res = await s.api.get('/banks', undefined, { 'Correlation-Id': `fault-${s.backend}` });
        expect(res.status).toBe(500);
        expect(res.body.message).toMatch(/^OBP-50015: /);
      } finally {
        await s.db.schema.renameTable('banks_moved_away', 'banks');
      }
      const lines = linesOf(`fault-${s.backend}`);
      expect(lines.map((l) => l.level)).toEqual(['error', 'info']);
      const [error, access] = lines;
      expect(error).toMatchObject({ msg: 'unexpected error', obp_code: 'OBP-50015', err: { class: expect.any(String), code: expect.any(String) } });
      expect(error!.err.stack).toBeUndefined();
      expect(JSON.stringify(error)).not.toMatch(/banks|select|from/i);
      expect(access).toMatchObject({ status: 500, error_code: 'OBP-50015', operation_id: 'OBPv3.0.0-getBanks' });
    });

    it('writes nothing but JSON lines', () => {
      expect(capture.lines.length).toBeGreaterThan(0);
      for (const entry of capture.entries()) expect(entry).toMatchObject({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) });
    });
  },
  { LOG_LEVEL: 'info' },
  { logDestination: capture },
);

describe('LOG_LEVEL means what it says', () => {
  const [backend] = selectedBackends();
  const services: TestService[] = [];
  afterAll(async () => {
    for (const s of services) await s.close();
  });

  async function serviceAt(level: string) {
    const lines = new LogCapture();
    const s = await startTestService(backend!, { LOG_LEVEL: level }, { logDestination: lines });
    services.push(s);
    lines.clear();
    return { s, lines };
  }

  /** One ordinary request and one that fails unexpectedly. */
  async function traffic(s: TestService) {
    expect((await s.api.get('/root')).status).toBe(200);
    await s.db.schema.renameTable('banks', 'banks_moved_away');
    try {
      expect((await s.api.get('/banks')).status).toBe(500);
    } finally {
      await s.db.schema.renameTable('banks_moved_away', 'banks');
    }
  }

  it('warn: the error line, no access lines', async () => {
    const { s, lines } = await serviceAt('warn');
    await traffic(s);
    expect(lines.entries().map((l) => [l.level, l.msg])).toEqual([['error', 'unexpected error']]);
  });

  it('silent: nothing at all', async () => {
    const { s, lines } = await serviceAt('silent');
    await traffic(s);
    expect(lines.lines).toEqual([]);
  });

  it('debug: the error line carries the stack frames, still on one line and without the message', async () => {
    const { s, lines } = await serviceAt('debug');
    await traffic(s);
    const error = lines.entries().find((l) => l.level === 'error')!;
    expect(error.err.stack).toMatch(/^\s+at /);
    expect(error.err.stack).not.toMatch(/no such table|doesn't exist|select/i);
    expect(lines.lines.every((l) => !l.includes('\n'))).toBe(true);
  });

  it('refuses a level pino does not have', async () => {
    await expect(startTestService(backend!, { LOG_LEVEL: 'verbose' })).rejects.toThrow(/LOG_LEVEL: /);
  });
});
