/**
 * getCustomerByCustomerId directly on a connector vs through grpc → reference adapter → the same connector.
 * Prints one JSON object: ops/s and latency percentiles for both paths, and how many times slower gRPC is.
 *
 *   npm run bench:grpc -- [--connector=mapped|memory] [--iterations=5000] [--concurrency=1]
 *
 * `mapped` (the default) is the Knex mapped connector on an in-memory SQLite database; `memory` is the test double,
 * which isolates the cost of the gRPC hop itself.
 */
import type { Knex } from 'knex';
import type { CallContext, Connector } from '../src/connector/connector';
import { createGrpcConnector } from '../src/connector/grpc';
import { createMappedConnector } from '../src/connector/mapped';
import { startAdapter } from '../src/adapter/server';
import { createKnex } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';
import { newBank, newCustomer } from '../test/conformance/fixtures';
import { createMemoryConnector } from '../test/support/memory-connector';

interface Args {
  connector: 'memory' | 'mapped';
  iterations: number;
  concurrency: number;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const connector = get('connector') ?? 'mapped';
  if (connector !== 'memory' && connector !== 'mapped') throw new Error('--connector must be memory or mapped');
  const iterations = Number(get('iterations') ?? 5_000);
  const concurrency = Number(get('concurrency') ?? 1);
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error('--iterations must be a positive integer');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency must be a positive integer');
  return { connector, iterations, concurrency };
}

async function makeConnector(kind: Args['connector']): Promise<{ connector: Connector; db?: Knex }> {
  if (kind === 'memory') return { connector: createMemoryConnector() };
  const db = createKnex('sqlite::memory:');
  await migrateLatest(db);
  return { connector: createMappedConnector(db), db };
}

interface Result {
  opsPerSec: number;
  /** CPU time of this process (both ends of the hop, when in-process) per call: steadier than ops/s on a busy machine. */
  cpuUsPerOp: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
}

async function measure(iterations: number, concurrency: number, op: () => Promise<unknown>): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < iterations) {
      next += 1;
      const t = process.hrtime.bigint();
      await op();
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  };
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  const { user, system } = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    opsPerSec: Math.round((iterations / elapsedMs) * 1000),
    cpuUsPerOp: Math.round(((user + system) / iterations) * 10) / 10,
    meanMs: round(latencies.reduce((s, x) => s + x, 0) / latencies.length),
    p50Ms: round(at(0.5)),
    p99Ms: round(at(0.99)),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const cc: CallContext = { correlationId: 'bench', user: { userId: 'u', username: 'bench' } };
  const { connector: direct, db } = await makeConnector(args.connector);
  const adapter = await startAdapter({ connector: direct, port: 0 });
  const grpc = createGrpcConnector({ url: `127.0.0.1:${adapter.port}`, timeoutMs: 10_000 });
  try {
    const bank = await direct.createOrUpdateBank(newBank(), cc);
    const { customerId } = await direct.createCustomer(bank.bankId, newCustomer(), cc);
    const viaDirect = () => direct.getCustomerByCustomerId(customerId, cc);
    const viaGrpc = () => grpc.getCustomerByCustomerId(customerId, cc);

    const warmup = Math.min(500, args.iterations);
    await measure(warmup, args.concurrency, viaDirect);
    await measure(warmup, args.concurrency, viaGrpc);
    const directResult = await measure(args.iterations, args.concurrency, viaDirect);
    const grpcResult = await measure(args.iterations, args.concurrency, viaGrpc);

    console.log(
      JSON.stringify(
        {
          method: 'getCustomerByCustomerId',
          connector: args.connector,
          iterations: args.iterations,
          concurrency: args.concurrency,
          direct: directResult,
          grpc: grpcResult,
          grpcSlowdown: Math.round((directResult.opsPerSec / grpcResult.opsPerSec) * 100) / 100,
        },
        null,
        2,
      ),
    );
  } finally {
    await grpc.close();
    await adapter.close();
    await direct.close();
    await db?.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
