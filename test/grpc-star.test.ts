import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Connector } from '../src/connector/connector';
import { createStarConnector, loadRoutingTable, loadRoutingTableFile, RoutingTableError } from '../src/connector/star';
import { cc, newBank, newCustomer } from './conformance/fixtures';
import { createMemoryConnector } from './support/memory-connector';

function invalid(json: unknown): string {
  try {
    loadRoutingTable(json);
  } catch (e) {
    expect(e).toBeInstanceOf(RoutingTableError);
    return (e as Error).message;
  }
  throw new Error('expected the table to be rejected');
}

/** A memory connector that records which methods it served. */
function recording(name: string) {
  const calls: string[] = [];
  const inner = createMemoryConnector();
  const connector = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'close') return value;
      return (...args: unknown[]) => {
        calls.push(String(prop));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as Connector;
  return { name, connector, calls };
}

describe('loadRoutingTable', () => {
  it('accepts the documented format and defaults to mapped', () => {
    const table = loadRoutingTable({
      default: 'mapped',
      routes: [
        { method: 'getCustomerByCustomerId', connector: 'grpc' },
        { method: '*', bankIdPattern: '^gh\\..*', connector: 'grpc' },
      ],
    });
    expect(table.default).toBe('mapped');
    expect(table.routes[1].bankIdPattern).toEqual(/^gh\..*/);
    expect(loadRoutingTable('{}')).toEqual({ default: 'mapped', routes: [] });
  });

  it('names the entry with an unknown method, an unknown connector or an invalid regex', () => {
    expect(invalid({ routes: [{ method: 'getCustomer', connector: 'grpc' }] })).toContain(
      'routes[0].method: unknown connector method "getCustomer"',
    );
    expect(invalid({ routes: [{ method: '*', connector: 'mapped' }, { method: 'getBank', connector: 'kafka' }] })).toContain(
      'routes[1].connector: unknown connector "kafka"',
    );
    expect(invalid({ default: 'rest' })).toContain('default: unknown connector "rest"');
    expect(invalid({ routes: [{ method: '*', bankIdPattern: '([', connector: 'grpc' }] })).toMatch(
      /routes\[0\]\.bankIdPattern: invalid regular expression "\(\["/,
    );
  });

  it('rejects a pattern on a method without a bank id, unknown keys, and text that is not JSON', () => {
    expect(invalid({ routes: [{ method: 'getCustomerByCustomerId', bankIdPattern: '.*', connector: 'grpc' }] })).toContain(
      'getCustomerByCustomerId has no bank id argument',
    );
    expect(invalid({ routes: [{ method: '*', connector: 'grpc', url: 'x' }] })).toContain('routes[0]');
    expect(invalid('{"routes": [')).toContain('not JSON');
  });

  it('loadRoutingTableFile names the file in its errors', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'routing-')), 'routes.json');
    fs.writeFileSync(file, JSON.stringify({ routes: [{ method: 'nope', connector: 'grpc' }] }));
    expect(() => loadRoutingTableFile(file)).toThrow(file);
    expect(() => loadRoutingTableFile(`${file}.missing`)).toThrow(/Cannot read routing table/);
  });
});

describe('createStarConnector', () => {
  it('routes by method, then by bank id pattern, first match wins, else the default', async () => {
    const mapped = recording('mapped');
    const grpc = recording('grpc');
    const star = createStarConnector({
      routes: loadRoutingTable({
        routes: [
          { method: 'getCustomerByCustomerId', connector: 'grpc' },
          { method: 'getBank', bankIdPattern: '^gh\\.', connector: 'mapped' },
          { method: '*', bankIdPattern: '^gh\\.', connector: 'grpc' },
        ],
      }),
      connectors: { mapped: mapped.connector, grpc: grpc.connector },
    });
    expect(star.name).toBe('star');

    await star.getCustomerByCustomerId('id', cc);
    await star.getBank('gh.29.uk', cc);
    await star.createOrUpdateBank(newBank('gh.29.uk'), cc);
    await star.getCustomers('gh.29.uk', { limit: 1, offset: 0, fromDate: new Date(0), toDate: new Date(), sortDirection: 'ASC', attributeFilters: {} }, cc);
    await star.getCustomerByCustomerNumber('1', 'gh.29.uk', cc);
    await star.getCrmEvents('other.bank', { limit: 50, offset: 0 }, cc);
    await star.getCustomerAddress('id', cc);
    await star.getCustomerAttributesForCustomers([{ ...newCustomer(), customerId: 'c', bankId: 'gh.1', number: '1', version: 1 }], cc);

    expect(grpc.calls).toEqual([
      'getCustomerByCustomerId',
      'createOrUpdateBank',
      'getCustomers',
      'getCustomerByCustomerNumber',
      'getCustomerAttributesForCustomers',
    ]);
    expect(mapped.calls).toEqual(['getBank', 'getCrmEvents', 'getCustomerAddress']);
  });

  it('a method without a bank id argument skips routes with a pattern', async () => {
    const mapped = recording('mapped');
    const grpc = recording('grpc');
    const star = createStarConnector({
      routes: loadRoutingTable({ routes: [{ method: '*', bankIdPattern: '.*', connector: 'grpc' }] }),
      connectors: { mapped: mapped.connector, grpc: grpc.connector },
    });
    await star.getCustomersByUserId('u', cc);
    await star.getBanks(cc);
    await star.getBank('any', cc);
    expect(mapped.calls).toEqual(['getCustomersByUserId', 'getBanks']);
    expect(grpc.calls).toEqual(['getBank']);
  });

  it('refuses a table that routes to a connector it was not given', () => {
    const mapped = recording('mapped');
    expect(() =>
      createStarConnector({
        routes: loadRoutingTable({ routes: [{ method: 'getBank', connector: 'grpc' }] }),
        connectors: { mapped: mapped.connector },
      }),
    ).toThrow(/no grpc connector is configured/);
  });
});
