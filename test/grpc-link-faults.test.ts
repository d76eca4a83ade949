/**
 * Deadlines and breakers across the link: a write whose caller gave up is rolled back in the adapter's store (on
 * each database), a slow method opens only its own circuit, back-pressure (RESOURCE_EXHAUSTED) is an answer, not
 * an outage, and the breaker gauge and retry counter say what happened.
 */
import * as grpc from '@grpc/grpc-js';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WriteScope } from '../src/adapter/server';
import { mappedStore } from '../src/adapter/store';
import { createKnex } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';
import { ConnectorService } from '../src/generated/obp/connector/v1/connector';
import { connectorRetries, grpcBreakerOpen } from '../src/observability/metrics';
import { cc, newBank, newCustomer } from './conformance/fixtures';
import { selectedBackends } from './support/backends';
import { failure, grpcLink, instrumented, rawServer } from './support/grpc';
import { createMemoryConnector } from './support/memory-connector';

const { adapter, client, cleanups } = grpcLink();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const backend of selectedBackends()) {
  describe(`a write whose caller gave up [${backend.name}]`, () => {
    let db: Knex;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const database = await backend.create();
      drop = database.drop;
      db = createKnex(database.url);
      await migrateLatest(db);
    });
    afterAll(async () => {
      await db.destroy();
      await drop();
    });

    /**
     * The reference store, made slow: each statement group answers `delay.ms` late, inside the transaction.
     * `settled` resolves once every unit of work has committed or rolled back.
     */
    function slowStore() {
      const store = mappedStore(db);
      const delay = { ms: 0 };
      const pending: Promise<unknown>[] = [];
      const writeScope: WriteScope = (work) => {
        const unit = store.writeScope((scoped) => {
          const slow = new Proxy(scoped, {
            get: (target, prop, receiver) => {
              const value = Reflect.get(target, prop, receiver);
              if (typeof value !== 'function') return value;
              return async (...args: unknown[]) => {
                const result = await (value as (...a: unknown[]) => unknown).apply(target, args);
                await sleep(delay.ms);
                return result;
              };
            },
          });
          return work(slow);
        });
        pending.push(unit.catch(() => undefined));
        return unit;
      };
      return { connector: store.connector, writeScope, delay, settled: () => Promise.all(pending) };
    }

    const countNamed = async (legalName: string) => Number((await db('customers').where({ legal_name: legalName }).count({ n: '*' }))[0]!.n);

    it('is rolled back when the deadline passes before the store commits; the same write in time commits', async () => {
      const store = slowStore();
      const running = await adapter(store);
      const hasty = client(running.port, { timeoutMs: 300 });
      const bank = await hasty.createOrUpdateBank(newBank(), cc);

      store.delay.ms = 900;
      const e = await failure(hasty.createCustomer(bank.bankId, newCustomer({ legalName: 'Late Writer' }), cc));
      expect(e.kind).toBe('DEADLINE_EXCEEDED');
      await store.settled();
      expect(await countNamed('Late Writer')).toBe(0);

      const patient = client(running.port, { timeoutMs: 5_000 });
      const saved = await patient.createCustomer(bank.bankId, newCustomer({ legalName: 'Patient Writer' }), cc);
      expect(await countNamed('Patient Writer')).toBe(1);
      expect((await patient.getCustomerByCustomerId(saved.customerId, cc))?.legalName).toBe('Patient Writer');
    });

    it('is rolled back when the caller cancels the call', async () => {
      const store = slowStore();
      const running = await adapter(store);
      const bank = await client(running.port).createOrUpdateBank(newBank(), cc);
      store.delay.ms = 600;

      const raw = new grpc.Client(`127.0.0.1:${running.port}`, grpc.credentials.createInsecure());
      cleanups.push(() => raw.close());
      const def = ConnectorService.createCustomer;
      const request = {
        callContext: { correlationId: 'cancelled-call', consumer: null, user: null, generalContext: [], operationId: '', idempotencyKey: '' },
        bankId: bank.bankId,
        customer: newCustomer({ legalName: 'Cancelled Writer' }),
      };
      const outcome = new Promise<grpc.status>((resolve) => {
        const call = raw.makeUnaryRequest(def.path, def.requestSerialize, def.responseDeserialize, request, (err) =>
          resolve(err ? err.code : grpc.status.OK),
        );
        setTimeout(() => call.cancel(), 150);
      });
      expect(await outcome).toBe(grpc.status.CANCELLED);
      await sleep(700);
      await store.settled();
      expect(await countNamed('Cancelled Writer')).toBe(0);
    });
  });
}

describe('breakers', () => {
  const gauge = async () => (await grpcBreakerOpen.get()).values[0]?.value;
  const retries = async (method: string) =>
    (await connectorRetries.get()).values.find((v) => v.labels.method === method && v.labels.connector === 'grpc')?.value ?? 0;

  it('a slow method opens its own circuit only; the others and readiness carry on', async () => {
    const slow = instrumented(createMemoryConnector());
    const running = await adapter({ connector: slow.connector });
    const connector = client(running.port, { timeoutMs: 150, circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 } });
    slow.behaviour.slowMethod = 'getCrmEvents';
    slow.behaviour.delayMs = 1_000;

    for (let i = 0; i < 2; i++) expect((await failure(connector.getCrmEvents('b', { limit: 50, offset: 0 }, cc))).kind).toBe('DEADLINE_EXCEEDED');
    const fast = await failure(connector.getCrmEvents('b', { limit: 50, offset: 0 }, cc));
    expect(fast.kind).toBe('UNAVAILABLE');
    expect(fast.message).toMatch(/method circuit open/);
    expect(slow.calls.getCrmEvents).toBe(2);

    for (let i = 0; i < 5; i++) expect(await connector.getBanks(cc)).toEqual([]);
    expect(await connector.checkReadiness(1_000)).toEqual([{ dependency: 'adapter', ok: true }]);
    expect(await gauge()).toBe(0);
  });

  it('an unreachable adapter opens the circuit for every method, shown by grpc_breaker_open and readiness', async () => {
    const running = await adapter({ connector: createMemoryConnector() });
    const connector = client(running.port, { retry: { maxAttempts: 1 }, circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 } });
    expect(await connector.getBanks(cc)).toEqual([]);
    running.kill();

    for (let i = 0; i < 2; i++) expect((await failure(connector.getBanks(cc))).kind).toBe('UNAVAILABLE');
    expect((await failure(connector.getBank('b', cc))).message).toMatch(/adapter circuit open/);
    expect(await gauge()).toBe(1);
    expect(await connector.checkReadiness(500)).toEqual([{ dependency: 'adapter', ok: false, detail: 'circuit breaker open' }]);
  });

  it('counts retried reads in connector_retries_total', async () => {
    const flaky = instrumented(createMemoryConnector());
    const running = await adapter({ connector: flaky.connector });
    const connector = client(running.port, { retry: { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 5 } });
    const before = await retries('getTaxResidence');
    flaky.behaviour.failuresLeft = 2;
    expect(await connector.getTaxResidence('c', cc)).toEqual([]);
    expect((await retries('getTaxResidence')) - before).toBe(2);
  });

  it('RESOURCE_EXHAUSTED is back-pressure: not retried, not counted as an outage', async () => {
    let calls = 0;
    const port = await rawServer(
      {
        getBanks: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
          calls += 1;
          callback({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'core banking quota used up' });
        },
      },
      cleanups,
    );
    const connector = client(port, { retry: { maxAttempts: 3, initialBackoffMs: 1 }, circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 } });
    for (let i = 1; i <= 5; i++) {
      expect((await failure(connector.getBanks(cc))).kind).toBe('RESOURCE_EXHAUSTED');
      expect(calls).toBe(i);
    }
  });
});
