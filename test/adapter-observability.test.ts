/**
 * The adapter as a platform team watches it: JSON log lines carrying the caller's correlation id (and no personal
 * data), Prometheus metrics per RPC and outcome, grpc.health.v1 following its store, and server reflection.
 */
import { Writable } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { describe, expect, it } from 'vitest';
import { createAdapterMetrics, serveMetrics } from '../src/adapter/metrics';
import { mappedStore } from '../src/adapter/store';
import type { Connector } from '../src/connector/connector';
import { createKnex } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';
import { createLogger, log } from '../src/observability/log';
import { cc, newBank, newCustomer } from './conformance/fixtures';
import { selectedBackends } from './support/backends';
import { eventually, grpcLink } from './support/grpc';
import { createMemoryConnector } from './support/memory-connector';
import { descriptorSet, ReflectionClient } from './support/reflection-client';
import { startTcpProxy } from './support/tcp-proxy';

const { adapter, client, cleanups } = grpcLink({ retry: { maxAttempts: 1 } });

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'info', name: 'adapter', destination }), lines };
}

describe('adapter logs', () => {
  it('one JSON line per call, and every line of the call, carry the correlation id received', async () => {
    const { logger, lines } = capturedLogger();
    const inner = createMemoryConnector();
    const store: Connector = {
      ...inner,
      getBanks: async (ctx) => {
        log().info({ banks: 'listing' }, 'store work');
        return inner.getBanks(ctx);
      },
    };
    const connector = client((await adapter({ connector: store, logger })).port);
    await connector.getBanks({ ...cc, correlationId: 'corr-123' });
    await connector.getBank('missing.bank', { ...cc, correlationId: 'corr-456' });

    const ofCall = (id: string) => lines.filter((l) => l.correlation_id === id);
    expect(ofCall('corr-123')).toEqual([
      expect.objectContaining({ level: 'info', name: 'adapter', rpc: 'getBanks', msg: 'store work', time: expect.any(String) }),
      expect.objectContaining({ level: 'info', rpc: 'getBanks', msg: 'call', code: 'OK', duration_ms: expect.any(Number) }),
    ]);
    expect(ofCall('corr-456')).toEqual([expect.objectContaining({ rpc: 'getBank', code: 'NOT_FOUND' })]);
  });

  it('says what failed by code only: no driver message, no personal data', async () => {
    const { logger, lines } = capturedLogger();
    const inner = createMemoryConnector();
    const failing: Connector = {
      ...inner,
      createCustomer: async () => {
        throw Object.assign(new Error("connect ECONNREFUSED secret-db.internal:3306 for 'Eveline Tripman'"), { code: 'ECONNREFUSED' });
      },
    };
    const connector = client((await adapter({ connector: failing, logger })).port);
    const bank = await connector.createOrUpdateBank(newBank(), cc);
    await connector.createCustomer(bank.bankId, newCustomer({ email: 'eveline@example.com' }), { ...cc, correlationId: 'corr-err' }).catch(() => undefined);

    const [line] = lines.filter((l) => l.correlation_id === 'corr-err');
    expect(line).toMatchObject({ level: 'error', rpc: 'createCustomer', code: 'INTERNAL', error: 'ECONNREFUSED' });
    const text = JSON.stringify(lines);
    for (const secret of ['secret-db', 'Eveline', 'Tripman', 'eveline@example.com', '+44']) expect(text).not.toContain(secret);
  });
});

describe('adapter metrics', () => {
  it('serves call durations per RPC and outcome, and the process metrics, on their own port', async () => {
    const metrics = createAdapterMetrics();
    const server = await serveMetrics(metrics, '127.0.0.1', 0);
    cleanups.push(() => server.close());
    const connector = client((await adapter({ connector: createMemoryConnector(), metrics })).port);
    await connector.getBanks(cc);
    await connector.getBanks(cc);
    await connector.getBank('missing.bank', cc);

    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await res.text();
    expect(body).toContain('adapter_call_duration_seconds_count{method="getBanks",outcome="OK"} 2');
    expect(body).toContain('adapter_call_duration_seconds_count{method="getBank",outcome="NOT_FOUND"} 1');
    expect(body).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(body).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
  });
});

describe('adapter health follows its store', () => {
  it('NOT_SERVING while the store does not answer, SERVING again once it does', async () => {
    const inner = createMemoryConnector();
    const store = { up: true };
    const connector: Connector = {
      ...inner,
      checkReadiness: async () => [store.up ? { dependency: 'database', ok: true } : { dependency: 'database', ok: false, detail: 'ECONNREFUSED' }],
    };
    const api = client((await adapter({ connector, healthIntervalMs: 100 })).port);
    expect(await api.checkReadiness(1_000)).toEqual([{ dependency: 'adapter', ok: true }]);

    store.up = false;
    await eventually(async () =>
      expect(await api.checkReadiness(1_000)).toEqual([{ dependency: 'adapter', ok: false, detail: 'adapter health NOT_SERVING' }]),
    );
    store.up = true;
    await eventually(async () => expect(await api.checkReadiness(1_000)).toEqual([{ dependency: 'adapter', ok: true }]));
  });

  it.skipIf(!selectedBackends().some((b) => b.name === 'mysql'))('with MariaDB stopped and started behind a proxy', async () => {
    const database = await selectedBackends().find((b) => b.name === 'mysql')!.create();
    cleanups.push(() => database.drop());
    const url = new URL(database.url);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 3306) });
    cleanups.push(() => proxy.close());
    url.host = `127.0.0.1:${proxy.port}`;
    const db = createKnex(url.toString());
    cleanups.push(() => db.destroy());
    await migrateLatest(db);

    const api = client((await adapter({ ...mappedStore(db), healthIntervalMs: 200 })).port);
    expect(await api.checkReadiness(1_000)).toEqual([{ dependency: 'adapter', ok: true }]);
    await proxy.stop();
    await eventually(async () => expect((await api.checkReadiness(1_000))[0]).toMatchObject({ ok: false, detail: 'adapter health NOT_SERVING' }));
    await proxy.resume();
    await eventually(async () => expect(await api.checkReadiness(1_000)).toEqual([{ dependency: 'adapter', ok: true }]), 10_000);
    expect(await api.getBanks(cc)).toEqual([]);
  });
});

describe('server reflection', () => {
  it('lists the services and describes them well enough to call the adapter without the proto files', async () => {
    const running = await adapter({ connector: createMemoryConnector() });
    const reflection = new ReflectionClient(`127.0.0.1:${running.port}`);
    cleanups.push(() => reflection.close());

    expect(await reflection.services()).toEqual(expect.arrayContaining(['obp.connector.v1.Connector', 'grpc.health.v1.Health']));
    const files = await reflection.filesContaining('obp.connector.v1.Connector');
    const described = protoLoader.loadFileDescriptorSetFromBuffer(descriptorSet(files));
    const Connector = (grpc.loadPackageDefinition(described) as unknown as { obp: { connector: { v1: { Connector: grpc.ServiceClientConstructor } } } })
      .obp.connector.v1.Connector;
    const dynamic = new Connector(`127.0.0.1:${running.port}`, grpc.credentials.createInsecure());
    cleanups.push(() => dynamic.close());
    const answer = await new Promise<{ adapterInfo: { name: string } }>((resolve, reject) =>
      (dynamic as unknown as Record<string, (req: object, cb: (e: Error | null, r: never) => void) => void>).getAdapterInfo({}, (e, r) =>
        e ? reject(e) : resolve(r),
      ),
    );
    expect(answer.adapterInfo.name).toBe('obp-customer-reference-adapter');
    expect(Object.keys(Connector.service)).toContain('getCustomerByCustomerId');
  });

  it('can be switched off', async () => {
    const running = await adapter({ connector: createMemoryConnector(), reflection: false });
    const reflection = new ReflectionClient(`127.0.0.1:${running.port}`);
    cleanups.push(() => reflection.close());
    await expect(reflection.services()).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
  });
});
