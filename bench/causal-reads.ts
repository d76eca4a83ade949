/**
 * What read-your-writes costs on Galera (src/db/causal-reads.ts): the connector's customer lookup by id, timed
 * sequentially on one Galera node, for a customer that exists (one plain read), one that does not (the plain read
 * and the causal re-read), and the causal read alone; beside it the same miss on a server without Galera. Prints
 * one JSON document (microseconds per lookup, median of five rounds).
 *
 *   npm run bench:causal-reads -- --galera=mysql://root@127.0.0.1:PORT/ [--plain=mysql://root@127.0.0.1:3306/] [--lookups=2000]
 *
 * Start a cluster first: scripts/galera-cluster.sh start (its status prints the ports).
 */
import { randomUUID } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { createMappedConnector } from '../src/connector/mapped';
import { readCausally } from '../src/db/causal-reads';
import { createKnex } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';
import { exampleNewCustomer } from '../test/support/fixtures';

const arg = (name: string, fallback?: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

const LOOKUPS = Number(arg('lookups', '2000'));
const cc = { correlationId: 'bench' };

async function withDatabase<T>(server: string, work: (db: Knex) => Promise<T>): Promise<T> {
  const name = `obp_bench_${randomUUID().slice(0, 8)}`;
  const admin = knexFactory({ client: 'mysql2', connection: server });
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  const db = createKnex(new URL(name, server).toString(), 4);
  try {
    await migrateLatest(db);
    return await work(db);
  } finally {
    await db.destroy();
    await admin.raw(`DROP DATABASE \`${name}\``);
    await admin.destroy();
  }
}

async function perLookup(run: () => Promise<unknown>): Promise<number> {
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < LOOKUPS / 5; i++) await run();
    rounds.push(Number(process.hrtime.bigint() - started) / 1000 / (LOOKUPS / 5));
  }
  return Math.round(rounds.sort((a, b) => a - b)[2]!);
}

async function measure(db: Knex, causalAlone: boolean) {
  const connector = createMappedConnector(db);
  const bankId = 'bench.bank';
  await connector.createBank(
    { bankId, shortName: 'B', fullName: 'Bench', logoUrl: '', websiteUrl: '', swiftBic: '', nationalIdentifier: '', bankRoutingScheme: 'OBP', bankRoutingAddress: bankId },
    cc,
  );
  const customer = await connector.createCustomer(bankId, exampleNewCustomer(), cc);
  const missing = randomUUID();
  const plainMiss = (q: Knex) => q('customers').where({ customer_id: missing }).first();
  return {
    hit_us: await perLookup(() => connector.getCustomerByCustomerId(customer.customerId, cc)),
    miss_us: await perLookup(() => connector.getCustomerByCustomerId(missing, cc)),
    plain_miss_query_us: await perLookup(() => plainMiss(db)),
    ...(causalAlone ? { causal_read_alone_us: await perLookup(() => readCausally(db, plainMiss)) } : {}),
  };
}

async function main() {
  const galera = arg('galera');
  if (!galera) throw new Error('--galera=mysql://root@127.0.0.1:PORT/ is required (scripts/galera-cluster.sh status)');
  const plain = arg('plain', 'mysql://root@127.0.0.1:3306/')!;
  const result = {
    lookups: LOOKUPS,
    galera_node: await withDatabase(galera, (db) => measure(db, true)),
    single_server: await withDatabase(plain, (db) => measure(db, false)),
  };
  console.log(JSON.stringify(result, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
