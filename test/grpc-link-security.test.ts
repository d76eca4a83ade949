/**
 * The adapter link as an attacker or a misbehaving peer would meet it: signed calls (wrong secret, replay,
 * tampering, stale timestamp), the obp-error-code trailer, message size and list caps on both sides.
 */
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { Connector } from '../src/connector/connector';
import { CallSigner, SIGNATURE_KEY } from '../src/connector/grpc/call-signature';
import type { AdapterOptions } from '../src/adapter/server';
import { GetBanksRequest, GetBanksResponse } from '../src/generated/obp/connector/v1/connector';
import { cc, newBank, newCustomer } from './conformance/fixtures';
import { failure, grpcLink, instrumented, rawServer } from './support/grpc';
import { createMemoryConnector } from './support/memory-connector';

const link = grpcLink();
const { client, cleanups } = link;

const SECRET = 'k'.repeat(40);
const PREVIOUS = 'p'.repeat(40);

/** An adapter whose store counts the calls that reach it. */
async function adapter(options: Partial<AdapterOptions> = {}) {
  const spy = instrumented(options.connector ?? createMemoryConnector());
  const running = await link.adapter({ ...options, connector: spy.connector });
  return { port: running.port, calls: spy.calls };
}

/** getBanks sent by hand, with exactly the metadata given: what a replaying attacker controls. */
function rawGetBanks(port: number, metadata: grpc.Metadata, body: Buffer): Promise<grpc.status> {
  const raw = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  cleanups.push(() => raw.close());
  return new Promise((resolve) => {
    raw.makeUnaryRequest('/obp.connector.v1.Connector/getBanks', (b: Buffer) => b, GetBanksResponse.decode, body, metadata, (err) =>
      resolve(err ? err.code : grpc.status.OK),
    );
  });
}

const getBanksBody = () => Buffer.from(GetBanksRequest.encode({ callContext: { correlationId: 'x', consumer: null, user: null, generalContext: [], operationId: '', idempotencyKey: '' } }).finish());

describe('signed calls', () => {
  const auth = { secrets: [SECRET, PREVIOUS], maxSkewMs: 10_000 };

  it('serves calls signed with the current or the previous secret', async () => {
    const { port } = await adapter({ auth });
    const bank = await client(port, { authSecret: SECRET }).createOrUpdateBank(newBank(), cc);
    expect(await client(port, { authSecret: PREVIOUS }).getBank(bank.bankId, cc)).toEqual(bank);
  });

  it('refuses unsigned calls and calls signed with another secret, without touching the store', async () => {
    const { port, calls } = await adapter({ auth });
    for (const unsigned of [client(port), client(port, { authSecret: 'x'.repeat(40) })]) {
      const e = await failure(unsigned.createOrUpdateBank(newBank(), cc));
      expect(e.kind).toBe('INTERNAL');
      expect(e.message).toMatch(/UNAUTHENTICATED/);
    }
    expect(calls.createOrUpdateBank).toBeUndefined();
  });

  it('refuses a replayed call, a tampered body and a timestamp outside the window', async () => {
    const { port, calls } = await adapter({ auth });
    const signer = new CallSigner(SECRET);
    const path = '/obp.connector.v1.Connector/getBanks';
    const body = getBanksBody();
    const signed = (signature: string) => {
      const m = new grpc.Metadata();
      m.set(SIGNATURE_KEY, signature);
      return m;
    };

    const captured = signed(signer.sign(path, body));
    expect(await rawGetBanks(port, captured, body)).toBe(grpc.status.OK);
    expect(await rawGetBanks(port, captured, body)).toBe(grpc.status.UNAUTHENTICATED);

    const tampered = Buffer.from(body);
    tampered[tampered.length - 1] ^= 1;
    expect(await rawGetBanks(port, signed(signer.sign(path, body)), tampered)).toBe(grpc.status.UNAUTHENTICATED);
    expect(await rawGetBanks(port, signed(signer.sign('/obp.connector.v1.Connector/getBank', body)), body)).toBe(
      grpc.status.UNAUTHENTICATED,
    );
    for (const skew of [-11_000, 11_000]) {
      expect(await rawGetBanks(port, signed(signer.sign(path, body, Date.now() + skew)), body)).toBe(grpc.status.UNAUTHENTICATED);
    }
    expect(await rawGetBanks(port, signed('t=1,n=abc,v1=not-a-signature'), body)).toBe(grpc.status.UNAUTHENTICATED);
    expect(calls.getBanks).toBe(1);
  });

  it('does not require signatures from health checks', async () => {
    const { port } = await adapter({ auth });
    expect(await client(port).checkReadiness(2_000)).toEqual([{ dependency: 'adapter', ok: true }]);
  });
});

describe('the obp-error-code trailer', () => {
  it('is passed on only as OBP-NNNNN', async () => {
    const codes = ['OBP-30006', 'OBP-3000', 'OBP-300067', 'obp-30006', 'OBP-30006: secret db.internal', 'Internal detail'];
    let next = 0;
    const port = await rawServer(
      {
        getBank: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
          const metadata = new grpc.Metadata();
          metadata.set('obp-error-code', codes[next++]!);
          callback({ code: grpc.status.INVALID_ARGUMENT, details: 'refused', metadata });
        },
      },
      cleanups,
    );
    const connector = client(port);
    const seen = [];
    for (const _ of codes) seen.push((await failure(connector.getBank('b', cc))).obpCode);
    expect(seen).toEqual(['OBP-30006', undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('message sizes', () => {
  const manyBanks = async (connector: Connector, count: number) => {
    for (let i = 0; i < count; i++) await connector.createOrUpdateBank(newBank(`bank.${i}.${'x'.repeat(200)}`), cc);
  };

  it('an answer larger than the limit is an adapter fault, not retried', async () => {
    const inner = createMemoryConnector();
    await manyBanks(inner, 100); // about 40 KiB of banks
    const { port, calls } = await adapter({ connector: inner, maxMessageBytes: 16 * 1024 });
    const e = await failure(client(port).getBanks(cc));
    expect(e.kind).toBe('INTERNAL');
    expect(calls.getBanks).toBe(1);
    // The client's own limit holds too, against an adapter that would send it.
    const { port: generous } = await adapter({ connector: inner });
    expect((await failure(client(generous, { maxMessageBytes: 16 * 1024 }).getBanks(cc))).kind).toBe('INTERNAL');
    expect(await client(generous).getBanks(cc)).toHaveLength(100);
  });

  it('a request larger than either side accepts is refused before the store sees it', async () => {
    const { port, calls } = await adapter({ maxMessageBytes: 16 * 1024 });
    const big = newBank(`bank.${'y'.repeat(20 * 1024)}`);
    expect((await failure(client(port).createOrUpdateBank(big, cc))).kind).toBe('INTERNAL');
    expect((await failure(client(port, { maxMessageBytes: 16 * 1024 }).createOrUpdateBank(big, cc))).kind).toBe('INTERNAL');
    expect(calls.createOrUpdateBank).toBeUndefined();
  });
});

describe('list caps in the adapter', () => {
  it('refuses larger lists and pages than it serves, as INVALID_ARGUMENT', async () => {
    const { port, calls } = await adapter({ maxListItems: 50 });
    const connector = client(port);
    const bank = await connector.createOrUpdateBank(newBank(), cc);
    const customer = await connector.createCustomer(bank.bankId, newCustomer(), cc);
    const query = { limit: 50, offset: 0, sortDirection: 'DESC' as const, attributeFilters: {} };

    expect(await connector.getCustomers(bank.bankId, query, cc)).toHaveLength(1);
    expect((await failure(connector.getCustomers(bank.bankId, { ...query, limit: 51 }, cc))).kind).toBe('INVALID_ARGUMENT');
    const values = Array.from({ length: 51 }, (_, i) => String(i));
    expect((await failure(connector.getCustomers(bank.bankId, { ...query, attributeFilters: { TAX: values } }, cc))).kind).toBe(
      'INVALID_ARGUMENT',
    );
    expect((await failure(connector.getCustomerAttributesForCustomers(Array(51).fill(customer), cc))).kind).toBe('INVALID_ARGUMENT');
    const dobs = Array.from({ length: 51 }, () => new Date('2010-01-01T00:00:00Z'));
    expect((await failure(connector.createCustomer(bank.bankId, newCustomer({ dependents: 51, dobOfDependents: dobs }), cc))).kind).toBe(
      'INVALID_ARGUMENT',
    );
    expect(calls.getCustomers).toBe(1);
    expect(calls.getCustomerAttributesForCustomers).toBeUndefined();
    expect(calls.createCustomer).toBe(1);
  });
});
