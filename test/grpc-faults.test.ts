/**
 * The gRPC connector under failure: adapter down, killed and restarted, too slow, flapping. Waits are bounded
 * generously; assertions are about outcomes (kinds, call counts, data), with timing only as upper bounds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Connector } from '../src/connector/connector';
import { ConnectorError } from '../src/connector/errors';
import { createGrpcConnector, type GrpcConnectorOptions } from '../src/connector/grpc';
import { startAdapter, type RunningAdapter } from '../src/adapter/server';
import type { Customer } from '../src/connector/types';
import { cc, newBank, newCustomer } from './conformance/fixtures';
import { createMemoryConnector, createMemoryStore } from './support/memory-connector';
import { eventually, failure, instrumented } from './support/grpc';
import { freePort } from './support/ports';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function client(port: number, options: Partial<GrpcConnectorOptions> = {}): Connector {
  const connector = createGrpcConnector({
    url: `127.0.0.1:${port}`,
    timeoutMs: 2_000,
    reconnectBackoff: { initialMs: 50, maxMs: 200 },
    ...options,
  });
  cleanups.push(() => connector.close());
  return connector;
}

async function adapterFor(connector: Connector, port = 0): Promise<RunningAdapter> {
  const adapter = await startAdapter({ connector, port, shutdownGraceMs: 100 });
  cleanups.push(() => adapter.kill());
  return adapter;
}

describe('gRPC connector faults', () => {
  it('fails fast with UNAVAILABLE when no adapter is running, within the deadline', async () => {
    const connector = client(await freePort(), { timeoutMs: 3_000 });
    const started = Date.now();
    const read = await failure(connector.getBank('b', cc));
    const write = await failure(connector.createOrUpdateBank(newBank(), cc));
    expect(read.kind).toBe('UNAVAILABLE');
    expect(write.kind).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('answers DEADLINE_EXCEEDED when the adapter is slower than the deadline', async () => {
    const slow = instrumented(createMemoryConnector());
    slow.behaviour.delayMs = 2_000;
    const adapter = await adapterFor(slow.connector);
    const connector = client(adapter.port, { timeoutMs: 200 });

    for (const call of [() => connector.getBank('b', cc), () => connector.createOrUpdateBank(newBank(), cc)]) {
      const started = Date.now();
      const e = await failure(call());
      expect(e.kind).toBe('DEADLINE_EXCEEDED');
      expect(Date.now() - started).toBeLessThan(200 + 700);
    }
  });

  it('retries reads that fail UNAVAILABLE, never writes', async () => {
    const flaky = instrumented(createMemoryConnector());
    const adapter = await adapterFor(flaky.connector);
    const connector = client(adapter.port, {
      retry: { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 20 },
      circuitBreaker: false,
    });
    const bank = await connector.createOrUpdateBank(newBank(), cc);
    flaky.calls.createOrUpdateBank = 0;

    flaky.behaviour.failuresLeft = 2;
    expect(await connector.getBank(bank.bankId, cc)).toEqual(bank);
    expect(flaky.calls.getBank).toBe(3);

    flaky.behaviour.failuresLeft = 5;
    const read = await failure(connector.getBanks(cc));
    expect(read.kind).toBe('UNAVAILABLE');
    expect(read.obpCode).toBe('OBP-50003');
    expect(flaky.calls.getBanks).toBe(3);

    flaky.behaviour.failuresLeft = 1;
    expect((await failure(connector.createOrUpdateBank(newBank(), cc))).kind).toBe('UNAVAILABLE');
    expect(flaky.calls.createOrUpdateBank).toBe(1);
    flaky.behaviour.failuresLeft = 1;
    expect((await failure(connector.createCustomer(bank.bankId, newCustomer(), cc))).kind).toBe('UNAVAILABLE');
    expect(flaky.calls.createCustomer).toBe(1);
  });

  it('opens the circuit after consecutive failures, fails fast while open, closes after a good probe', async () => {
    const flaky = instrumented(createMemoryConnector());
    const adapter = await adapterFor(flaky.connector);
    const connector = client(adapter.port, {
      retry: { maxAttempts: 1 },
      circuitBreaker: { failureThreshold: 3, cooldownMs: 300 },
    });

    flaky.behaviour.failuresLeft = 100;
    for (let i = 0; i < 3; i++) expect((await failure(connector.getBanks(cc))).kind).toBe('UNAVAILABLE');
    expect(flaky.calls.getBanks).toBe(3);

    // Open: the adapter is not called at all.
    const open = await failure(connector.getBanks(cc));
    expect(open.kind).toBe('UNAVAILABLE');
    expect(open.message).toMatch(/circuit open/);
    expect(flaky.calls.getBanks).toBe(3);

    // After the cool-down one probe goes through; it fails, so the circuit opens again.
    await new Promise((r) => setTimeout(r, 350));
    expect((await failure(connector.getBanks(cc))).message).not.toMatch(/circuit open/);
    expect(flaky.calls.getBanks).toBe(4);
    expect((await failure(connector.getBanks(cc))).message).toMatch(/circuit open/);

    // The back end recovers: the next probe succeeds and closes the circuit.
    flaky.behaviour.failuresLeft = 0;
    await new Promise((r) => setTimeout(r, 350));
    expect(await connector.getBanks(cc)).toEqual([]);
    expect(await connector.getBanks(cc)).toEqual([]);
    expect(flaky.calls.getBanks).toBe(6);
  });

  it('application errors do not open the circuit', async () => {
    const adapter = await adapterFor(createMemoryConnector());
    const connector = client(adapter.port, { circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 } });
    for (let i = 0; i < 5; i++) {
      expect((await failure(connector.createCustomerAddress('missing', newAddress(), cc))).kind).toBe('NOT_FOUND');
    }
    expect(await connector.getBanks(cc)).toEqual([]);
  });

  it('recovers after the adapter is killed mid-run and restarted on the same port, losing no acknowledged write', async () => {
    const store = createMemoryStore(); // the "database": survives adapter restarts
    let adapter = await adapterFor(createMemoryConnector(store));
    const port = adapter.port;
    const connector = client(port, { timeoutMs: 1_000, circuitBreaker: { failureThreshold: 3, cooldownMs: 100 } });
    const bank = await connector.createOrUpdateBank(newBank(), cc);

    const acknowledged: Customer[] = [];
    let failed = 0;
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        try {
          acknowledged.push(await connector.createCustomer(bank.bankId, newCustomer({ legalName: `W${i}` }), cc));
        } catch (e) {
          expect(e).toBeInstanceOf(ConnectorError);
          expect(['UNAVAILABLE', 'DEADLINE_EXCEEDED']).toContain((e as ConnectorError).kind);
          failed += 1;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();

    await eventually(async () => expect(acknowledged.length).toBeGreaterThanOrEqual(5));
    adapter.kill();
    await eventually(async () => expect(failed).toBeGreaterThan(0));
    const beforeRestart = acknowledged.length;
    adapter = await adapterFor(createMemoryConnector(store), port);

    // The same client object reconnects by itself and writes get through again.
    await eventually(async () => expect(acknowledged.length).toBeGreaterThanOrEqual(beforeRestart + 5));
    stop = true;
    await writer;

    for (const customer of acknowledged) {
      expect(await connector.getCustomerByCustomerId(customer.customerId, cc)).toEqual(customer);
    }
  });
});

function newAddress() {
  return {
    line1: 'a',
    line2: '',
    line3: '',
    city: 'c',
    county: '',
    state: '',
    postcode: '1',
    countryCode: 'DE',
    status: '',
    tags: [],
  };
}
