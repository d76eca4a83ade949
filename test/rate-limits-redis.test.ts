import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedBackends } from './support/backends';
import { uniqueId } from './support/client';
import { loggedInUser } from './support/fixtures';
import { freePort } from './support/ports';
import { startTestService, type TestService } from './support/service';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obp-redis-rl-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const limits = (perMinute: string) => ({
  from_date: '2000-01-01T00:00:00Z',
  to_date: '2100-01-01T00:00:00Z',
  per_second_call_limit: '-1',
  per_minute_call_limit: perMinute,
  per_hour_call_limit: '-1',
  per_day_call_limit: '-1',
  per_week_call_limit: '-1',
  per_month_call_limit: '-1',
});

/** Waits (bounded) until the instance's Redis connection is up. */
async function redisReady(s: TestService) {
  for (let i = 0; i < 100 && !s.services.rateLimits.info().service_available; i++) await new Promise((r) => setTimeout(r, 20));
}

// Two instances share one database and one Redis, as behind a load balancer: the counts are shared.
for (const backend of selectedBackends()) {
  describe(`Rate limits shared through Redis by two instances [${backend.name}]`, () => {
    const prefix = uniqueId('obp-test-');
    let a: TestService;
    let b: TestService;
    beforeAll(async () => {
      const shared = {
        RATE_LIMITING_ENABLED: 'true',
        REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        ANONYMOUS_CALL_LIMIT_PER_HOUR: '3',
        TRUST_PROXY: '1',
        LOGIN_LIMIT_PER_IP_PER_MINUTE: '0',
        LOGIN_LIMIT_PER_USERNAME_PER_MINUTE: '0',
      };
      const sqliteFile: Record<string, string> = backend.name === 'sqlite' ? { DATABASE_URL: `sqlite:${path.join(dir, `${prefix}.sqlite`)}` } : {};
      a = await startTestService(backend, { ...shared, ...sqliteFile });
      b = await startTestService(backend, { ...shared, DATABASE_URL: a.services.config.DATABASE_URL });
      await redisReady(a);
      await redisReady(b);
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    });

    it('reports Redis as the shared store', async () => {
      expect((await a.api.get('/rate-limiting')).body).toEqual({ enabled: true, technology: 'REDIS', service_available: true, is_active: true });
    });

    it("counts a consumer's calls across both instances", async () => {
      const user = await loggedInUser(a, [{ role: 'CanSetCallLimits' }]);
      const { consumer_id: consumerId } = await a.db('direct_login_tokens').where({ user_id: user.userId }).first('consumer_id');
      expect((await a.api.put(`/management/consumers/${consumerId}/consumer/call-limits`, limits('4'), user.auth)).status).toBe(200);
      const remaining: (string | null)[] = [];
      for (const s of [b, a, b, a]) {
        const res = await s.api.get('/users/current', user.auth);
        expect(res.status).toBe(200);
        remaining.push(res.headers.get('x-rate-limit-remaining'));
      }
      expect(remaining).toEqual(['3', '2', '1', '0']);
      expect((await b.api.get('/users/current', user.auth)).status).toBe(429);
      expect((await a.api.get('/users/current', user.auth)).status).toBe(429);
      const state = await b.api.get(`/management/consumers/${consumerId}/consumer/call-limits`, user.auth);
      expect(state.status).toBe(429);
    });

    it('counts anonymous calls of one address across both instances', async () => {
      const statuses: number[] = [];
      for (const s of [a, b, a, b]) statuses.push((await s.api.get('/banks', undefined, { 'X-Forwarded-For': '203.0.113.50' })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    });
  });
}

describe('Rate limits when Redis does not answer', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService(selectedBackends()[0]!, {
      RATE_LIMITING_ENABLED: 'true',
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      REDIS_KEY_PREFIX: uniqueId('obp-test-'),
      ANONYMOUS_CALL_LIMIT_PER_HOUR: '2',
      TRUST_PROXY: '1',
    });
  });
  afterAll(async () => s?.close());

  it("keeps answering, counting in the instance's memory, and says the shared store is unavailable", async () => {
    expect((await s.api.get('/rate-limiting')).body).toEqual({ enabled: true, technology: 'REDIS', service_available: false, is_active: false });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await s.api.get('/banks', undefined, { 'X-Forwarded-For': '203.0.113.60' })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
