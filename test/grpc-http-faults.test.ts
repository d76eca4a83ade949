/**
 * The whole service on CONNECTOR=grpc while the reference adapter misbehaves: every answer comes within the
 * deadline with an OBP error and an honest status, and the service recovers without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdapter, type RunningAdapter } from '../src/adapter/server';
import { loadConfig } from '../src/config';
import type { Connector } from '../src/connector/connector';
import { ConnectorError } from '../src/connector/errors';
import { createMappedConnector } from '../src/connector/mapped';
import { createKnex } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';
import { startService, type RunningService } from '../src/service';
import { ApiClient } from './support/client';
import { freePort } from './support/ports';
import { createBank, loggedInUser, type TestUser } from './support/fixtures';
import { postCustomerBody } from './support/customers';
import type { TestService } from './support/service';

const DEADLINE_MS = 800;

describe('HTTP over gRPC when the adapter fails', () => {
  const adapterDb = createKnex('sqlite::memory:');
  const behaviour = { delayMs: 0, exhausted: false };
  let mapped: Connector;
  let slowable: Connector;
  let port: number;
  let adapter: RunningAdapter | undefined;
  let service: RunningService & { api: ApiClient };
  let user: TestUser;
  let bankId: string;

  const start = async () => {
    adapter = await startAdapter({ connector: slowable, host: '127.0.0.1', port, shutdownGraceMs: 50 });
  };

  beforeAll(async () => {
    await migrateLatest(adapterDb);
    mapped = createMappedConnector(adapterDb);
    // Every call first waits `behaviour.delayMs`: an adapter slower than the deadline.
    slowable = new Proxy(mapped, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || prop === 'close') return value;
        return async (...args: unknown[]) => {
          if (behaviour.delayMs > 0) await new Promise((r) => setTimeout(r, behaviour.delayMs));
          if (behaviour.exhausted && prop !== 'checkReadiness') throw new ConnectorError('RESOURCE_EXHAUSTED', 'core banking quota used up');
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    port = await freePort();
    const settings = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: 'sqlite::memory:',
      LOG_LEVEL: 'silent',
      CONNECTOR: 'grpc',
      GRPC_ADAPTER_URL: `127.0.0.1:${port}`,
      CONNECTOR_TIMEOUT_MS: String(DEADLINE_MS),
      GRPC_BREAKER_COOLDOWN_MS: '300',
    };
    const running = await startService(loadConfig(settings), { env: settings });
    service = { ...running, api: new ApiClient(running.url) };
  });

  afterAll(async () => {
    adapter?.kill();
    await service.close();
    await adapterDb.destroy();
  });

  const asTest = () => service as unknown as TestService;

  /** Polls until the service answers through the adapter again (channel reconnect and breaker cool-down). */
  async function recovered(): Promise<void> {
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      if ((await service.api.get('/banks/probe.bank')).status < 500) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('service did not recover within 15 s of the adapter coming back');
  }

  async function timed<T>(p: Promise<T>): Promise<[T, number]> {
    const t = Date.now();
    const r = await p;
    return [r, Date.now() - t];
  }

  it('answers 503 OBP-50003 within the deadline while the adapter is not started', async () => {
    const [res, ms] = await timed(service.api.get('/banks/any.bank'));
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(/^OBP-50003: Adapter Or Core Banking System Exception\./);
    expect(ms).toBeLessThan(DEADLINE_MS + 1_000);
    expect(res.text).not.toMatch(/grpc|ECONNREFUSED|14 UNAVAILABLE/i);
  });

  it('serves normally once the adapter is up, without restarting the service', async () => {
    await start();
    await recovered();
    bankId = await createBank(asTest());
    user = await loggedInUser(asTest(), [{ role: 'CanCreateCustomer', bankId }, { role: 'CanGetCustomer', bankId }]);
    const created = await service.api.post(`/banks/${bankId}/customers`, postCustomerBody(), user.auth);
    expect(created.status).toBe(201);
    const read = await service.api.get(`/banks/${bankId}/customers/${created.body.customer_id}`, user.auth);
    expect(read.status).toBe(200);
  });

  it('answers 504 OBP-60014 within the deadline when the adapter is too slow', async () => {
    behaviour.delayMs = DEADLINE_MS * 3;
    try {
      const [res, ms] = await timed(service.api.get(`/banks/${bankId}/customers/x`, user.auth));
      expect(res.status).toBe(504);
      expect(res.body.message).toMatch(/^OBP-60014: Adapter Timeout Error\./);
      expect(ms).toBeLessThan(DEADLINE_MS * 2 + 1_000);
    } finally {
      behaviour.delayMs = 0;
    }
    await new Promise((r) => setTimeout(r, DEADLINE_MS * 3));
  });

  it('answers 429 OBP-10018 while the adapter refuses more work, without opening the breaker', async () => {
    behaviour.exhausted = true;
    try {
      // More refusals than the breaker's threshold: they are answers, not an unreachable adapter.
      for (let i = 0; i < 7; i++) {
        const res = await service.api.get(`/banks/${bankId}/customers/x`, user.auth);
        expect(res.status).toBe(429);
        expect(res.body.message).toMatch(/^OBP-10018: Too Many Requests\./);
      }
    } finally {
      behaviour.exhausted = false;
    }
    expect((await service.api.get(`/banks/${bankId}`)).status).toBe(200);
  });

  it('keeps every acknowledged write when the adapter is killed mid-run, and recovers when it is back', async () => {
    const acknowledged: string[] = [];
    const failures: number[] = [];
    const writes = (async () => {
      for (let i = 0; i < 30; i++) {
        const res = await service.api.post(`/banks/${bankId}/customers`, postCustomerBody({ legal_name: `Writer ${i}` }), user.auth);
        if (res.status === 201) acknowledged.push(res.body.customer_id);
        else failures.push(res.status);
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    adapter!.kill();
    await writes;
    for (const status of failures) expect([503, 504]).toContain(status);

    await start();
    await recovered();
    for (const id of acknowledged) {
      const res = await service.api.get(`/banks/${bankId}/customers/${id}`, user.auth);
      expect(res.status, id).toBe(200);
    }
    const fresh = await service.api.post(`/banks/${bankId}/customers`, postCustomerBody(), user.auth);
    expect(fresh.status).toBe(201);
  });
});
