/**
 * `npm run bench:http`: the service against the floor of this machine, over real HTTP, each server its own
 * process and the load generator (autocannon, 64 connections) in another. Seeds 100,000 customers in a throw-away
 * MariaDB database and a SQLite file, then alternates floor and service runs and prints one JSON document:
 * throughput and p50/p99 per endpoint, the ratios of issue 11, SQL statements per request and RSS.
 *
 *   BENCH_SECONDS=10 (each measured run)  BENCH_ROUNDS=2  BENCH_OTHER_SECONDS=3  BENCH_CUSTOMERS=100000
 *   BENCH_CONNECTIONS=64  BENCH_LOG_LEVEL=warn  BENCH_SCOPE=get|firehose (one endpoint only, for development)
 *   BENCH_CPU_PROF=<dir> (node --cpu-prof of every service process and the adapter, one file per pid)
 *   BENCH_NODE_FLAGS="--max-semi-space-size=4" (V8 flags for the servers under test, floor included)
 *   TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306/test)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKnex } from '../../src/db/knex';
import { migrateLatest } from '../../src/db/migrate';
import { selectedBackends } from '../../test/support/backends';
import type { LoadResult, LoadSpec } from './load';
import { counter, cpuMicros, freePort, load, rssMb, start, stop, type Proc } from './procs';
import { BANK_ID, seed, STRONG_PASSWORD, USERNAME, type Seeded } from './seed';
import { walk } from './walk';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = env('BENCH_SECONDS', 10);
const ROUNDS = env('BENCH_ROUNDS', 2);
const OTHER_SECONDS = env('BENCH_OTHER_SECONDS', 3);
const CUSTOMERS = env('BENCH_CUSTOMERS', 100_000);
const CONNECTIONS = env('BENCH_CONNECTIONS', 64);
const POOL = 10;
const PROF = process.env.BENCH_CPU_PROF;
const ONLY_GET = process.env.BENCH_SCOPE === 'get';
const ONLY_FIREHOSE = process.env.BENCH_SCOPE === 'firehose';
const V310 = `/obp/v3.1.0/banks/${BANK_ID}`;

/** A server under test: where to send load, and where its SQL statements are counted. */
interface Target {
  name: string;
  origin: string;
  headers: Record<string, string>;
  statements: () => Promise<number>;
  /** The processes that serve it (the gRPC target: the service and the adapter), whose CPU time is counted. */
  pids: (number | undefined)[];
}

interface Measured extends LoadResult {
  statements_per_request: number;
  /** CPU time of the target's own processes per answered request (database and load generator not counted). */
  cpu_us_per_request: number;
}

const cpuOf = (t: Target) => t.pids.reduce((sum: number, pid) => sum + cpuMicros(pid), 0);

async function measure(t: Target, spec: Omit<LoadSpec, 'origin' | 'connections' | 'seconds'>, seconds = SECONDS): Promise<Measured> {
  const before = await t.statements();
  const cpuBefore = cpuOf(t);
  const r = await load({ ...spec, origin: t.origin, headers: { ...t.headers, ...spec.headers }, connections: CONNECTIONS, seconds });
  // Requests the load generator gave up on at the end still run in the server: let them finish before the count
  // and the next run (a slow endpoint would otherwise weigh on the next one's numbers).
  await sleep(Math.min(5000, Math.max(500, 2 * r.p99_ms)));
  const after = await t.statements();
  const cpu = cpuOf(t) - cpuBefore;
  if (r.non2xx > 0 || r.errors > 0) console.error(`${t.name} ${spec.path}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  const perRequest = (total: number, digits: number) => (r.requests > 0 ? Math.round((total / r.requests) * 10 ** digits) / 10 ** digits : 0);
  return { ...r, statements_per_request: perRequest(after - before, 2), cpu_us_per_request: perRequest(cpu, 0) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function summary(runs: Measured[]) {
  return {
    rps: Math.round(runs.reduce((s, r) => s + r.rps, 0) / runs.length),
    p50_ms: median(runs.map((r) => r.p50_ms)),
    p99_ms: median(runs.map((r) => r.p99_ms)),
    statements_per_request: median(runs.map((r) => r.statements_per_request)),
    cpu_us_per_request: median(runs.map((r) => r.cpu_us_per_request)),
    ...(runs.length > 1 ? { runs: runs.map((r) => ({ rps: r.rps, p50_ms: r.p50_ms, p99_ms: r.p99_ms, cpu_us_per_request: r.cpu_us_per_request })) } : {}),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
    errors: runs.reduce((s, r) => s + r.errors, 0),
  };
}

async function login(origin: string, consumerKey: string): Promise<string> {
  const res = await fetch(`${origin}/my/logins/direct`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', DirectLogin: `username=${USERNAME}, password=${STRONG_PASSWORD}, consumer_key=${consumerKey}` },
  });
  if (res.status !== 201) throw new Error(`login: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

async function seeded(url: string): Promise<Seeded> {
  const db = createKnex(url, POOL);
  try {
    await migrateLatest(db);
    return await seed(db, url, CUSTOMERS);
  } finally {
    await db.destroy();
  }
}

function serviceEnv(port: number, databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: String(POOL),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ALLOW_CUSTOMER_FIREHOSE: 'true',
    ...extra,
  };
}

async function main() {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'obp-bench-http-'));
  process.env.TEST_DATABASES = 'mysql';
  const mysqlDb = await selectedBackends()[0]!.create();
  const sqliteUrl = `sqlite:${path.join(tmp, 'bench.sqlite')}`;
  const procs: Proc[] = [];
  try {
    const [my, lite] = [await seeded(mysqlDb.url), await seeded(sqliteUrl)];
    const seedSeconds = Math.round((Date.now() - started) / 1000);
    const files = { ids: path.join(tmp, 'ids.json'), detailed: path.join(tmp, 'detailed.json'), liteIds: path.join(tmp, 'lite.json') };
    fs.writeFileSync(files.ids, JSON.stringify(my.ids));
    fs.writeFileSync(files.detailed, JSON.stringify(my.detailed));
    fs.writeFileSync(files.liteIds, JSON.stringify(lite.ids));

    const [floorPort, mappedPort, adapterPort, adapterMetricsPort, grpcPort, litePort] = await Promise.all(
      Array.from({ length: 6 }, freePort),
    );
    const floor = await start('floor', 'bench/http/floor.js', floorPort, {
      FLOOR_PORT: String(floorPort),
      FLOOR_DATABASE_URL: mysqlDb.url,
      FLOOR_POOL_SIZE: String(POOL),
    });
    procs.push(floor);
    const mapped = await start('mapped', 'src/main.js', mappedPort, serviceEnv(mappedPort, mysqlDb.url), PROF);
    procs.push(mapped);
    const adapter = await start('adapter', 'src/adapter/main.js', adapterPort, {
      ADAPTER_PORT: String(adapterPort),
      ADAPTER_METRICS_PORT: String(adapterMetricsPort),
      DATABASE_URL: mysqlDb.url,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    }, PROF);
    procs.push(adapter);
    const grpc = await start(
      'grpc',
      'src/main.js',
      grpcPort,
      serviceEnv(grpcPort, mysqlDb.url, { CONNECTOR: 'grpc', GRPC_ADAPTER_URL: `127.0.0.1:${adapterPort}` }),
      PROF,
    );
    procs.push(grpc);
    const liteService = await start('sqlite', 'src/main.js', litePort, serviceEnv(litePort, sqliteUrl), PROF);
    procs.push(liteService);

    const origin = (p: Proc) => `http://127.0.0.1:${p.port}`;
    const metrics = (p: Proc) => () => counter(`${origin(p)}/metrics`, 'db_statements_total');
    const token = await login(origin(mapped), my.consumerKey);
    const liteToken = await login(origin(liteService), lite.consumerKey);
    const auth = { DirectLogin: `token=${token}` };
    const targets = {
      floor: { name: 'floor', origin: origin(floor), headers: {}, pids: [floor.child.pid], statements: async () => ((await (await fetch(`${origin(floor)}/statements`)).json()) as { statements: number }).statements },
      mapped: { name: 'mapped_mysql', origin: origin(mapped), headers: auth, pids: [mapped.child.pid], statements: metrics(mapped) },
      grpc: {
        name: 'grpc_mysql',
        origin: origin(grpc),
        headers: auth,
        pids: [grpc.child.pid, adapter.child.pid],
        statements: async () => (await metrics(grpc)()) + (await counter(`http://127.0.0.1:${adapterMetricsPort}/metrics`, 'db_statements_total')),
      },
      sqlite: { name: 'mapped_sqlite', origin: origin(liteService), headers: { DirectLogin: `token=${liteToken}` }, pids: [liteService.child.pid], statements: metrics(liteService) },
    } satisfies Record<string, Target>;

    const getCustomer = (t: Target, seconds = SECONDS) =>
      measure(t, t === targets.floor ? { path: '/c/{id}', idsFile: files.ids } : { path: `${V310}/customers/{id}`, idsFile: t === targets.sqlite ? files.liteIds : files.ids }, seconds);
    const firehose = (t: Target) => measure(t, { path: `${V310}/firehose/customers?limit=50&offset={offset}`, maxOffset: 4950 });

    // Warm-up: JIT, pools, caches.
    for (const t of Object.values(targets)) await getCustomer(t, 3);

    if (ONLY_FIREHOSE) {
      const fire = summary([await firehose(targets.mapped), await firehose(targets.mapped)]);
      console.log(JSON.stringify({ firehose_mapped_mysql: fire, rss_mb: Object.fromEntries(procs.map((p) => [p.name, rssMb(p)])), pids: Object.fromEntries(procs.map((p) => [p.name, p.child.pid])) }, null, 2));
      return;
    }
    const runs: Record<keyof typeof targets, Measured[]> = { floor: [], mapped: [], grpc: [], sqlite: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const next of ['mapped', 'grpc', 'sqlite'] as const) {
        runs.floor.push(await getCustomer(targets.floor));
        runs[next].push(await getCustomer(targets[next]));
      }
    }
    const get = { floor: summary(runs.floor), mapped_mysql: summary(runs.mapped), grpc_mysql: summary(runs.grpc), mapped_sqlite: summary(runs.sqlite) };
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const getRatios = {
      mapped_mysql_vs_floor: ratio(get.mapped_mysql.rps, get.floor.rps),
      mapped_sqlite_vs_floor: ratio(get.mapped_sqlite.rps, get.floor.rps),
      grpc_vs_mapped_mysql: ratio(get.grpc_mysql.rps, get.mapped_mysql.rps),
      // The same comparisons by CPU time per request (floor's ÷ service's): what the servers cost, without the
      // waits for a CPU that the shared machine adds to throughput.
      mapped_mysql_vs_floor_by_cpu: ratio(get.floor.cpu_us_per_request, get.mapped_mysql.cpu_us_per_request),
      grpc_vs_mapped_mysql_by_cpu: ratio(get.mapped_mysql.cpu_us_per_request, get.grpc_mysql.cpu_us_per_request),
    };
    if (ONLY_GET) {
      const pids = Object.fromEntries(procs.map((p) => [p.name, p.child.pid]));
      console.log(JSON.stringify({ ratios: getRatios, get_customer: get, rss_mb: Object.fromEntries(procs.map((p) => [p.name, rssMb(p)])), pids }, null, 2));
      return;
    }
    // Peak RSS after each phase: where the high-water mark was reached.
    const peaks: Record<string, Record<string, number>> = {};
    const notePeaks = (phase: string) => (peaks[phase] = Object.fromEntries(procs.map((p) => [p.name, rssMb(p).peak_rss_mb])));
    notePeaks('after GET customer');
    const fire = {
      mapped_mysql: summary([await firehose(targets.mapped)]),
      grpc_mysql: summary([await firehose(targets.grpc)]),
      mapped_sqlite: summary([await firehose(targets.sqlite)]),
    };

    notePeaks('after firehose');
    const other: Record<string, ReturnType<typeof summary>> = {};
    const detailedPath = (segment: string) => ({ path: `${V310}/customers/{id}/${segment}`, idsFile: files.detailed });
    const others: [string, Omit<LoadSpec, 'origin' | 'connections' | 'seconds'>][] = [
      ['GET /banks', { path: '/obp/v3.1.0/banks' }],
      ['GET /banks/BANK_ID', { path: V310 }],
      ['POST /banks/BANK_ID/customers/customer-number', { path: `${V310}/customers/customer-number`, method: 'POST', body: '{"customer_number":"4242"}' }],
      ['GET /users/current/customers (100 linked)', { path: '/obp/v3.1.0/users/current/customers' }],
      ['GET /users/current', { path: '/obp/v3.1.0/users/current' }],
      ['GET /my/entitlements', { path: '/obp/v3.1.0/my/entitlements' }],
      ['GET …/customers/CUSTOMER_ID/addresses', detailedPath('addresses')],
      ['GET …/customers/CUSTOMER_ID/tax-residences', detailedPath('tax-residences')],
      ['GET …/customers/CUSTOMER_ID/social_media_handles', detailedPath('social_media_handles')],
      ['GET v4.0.0 …/customers/CUSTOMER_ID/attributes', { path: `/obp/v4.0.0/banks/${BANK_ID}/customers/{id}/attributes`, idsFile: files.detailed }],
      ['GET /banks/BANK_ID/crm-events', { path: `${V310}/crm-events` }],
      ['GET firehose ?SEGMENT=premium', { path: `${V310}/firehose/customers?SEGMENT=premium&limit=50&offset={offset}`, maxOffset: 450 }],
      ['POST v4.0.0 search by mobile number', { path: `/obp/v4.0.0/banks/${BANK_ID}/search/customers/mobile-phone-number`, method: 'POST', body: '{"mobile_phone_number":"+44 7700 000042"}' }],
      ['POST v5.1.0 search by legal name', { path: `/obp/v5.1.0/banks/${BANK_ID}/customers/legal-name`, method: 'POST', body: '{"legal_name":"Customer 42"}' }],
    ];
    for (const [name, spec] of others) other[name] = summary([await measure(targets.mapped, spec, OTHER_SECONDS)]);

    notePeaks('after other endpoints');
    const walks = { mapped_mysql: await walk(origin(mapped), auth, CUSTOMERS), mapped_sqlite: await walk(origin(liteService), targets.sqlite.headers, CUSTOMERS) };
    const rss = Object.fromEntries(procs.map((p) => [p.name, rssMb(p)]));

    const ratios = {
      ...getRatios,
      firehose_vs_get_mysql: ratio(fire.mapped_mysql.rps, get.mapped_mysql.rps),
      firehose_vs_get_sqlite: ratio(fire.mapped_sqlite.rps, get.mapped_sqlite.rps),
      walk_last_vs_first_page_mysql: walks.mapped_mysql.last_vs_first,
      walk_last_vs_first_page_sqlite: walks.mapped_sqlite.last_vs_first,
    };
    const targetsMet = {
      'GET customer (MariaDB) >= 0.8x floor': ratios.mapped_mysql_vs_floor >= 0.8,
      'GET customer (MariaDB) p99 <= 15 ms': get.mapped_mysql.p99_ms <= 15,
      'gRPC >= 0.6x mapped': ratios.grpc_vs_mapped_mysql >= 0.6,
      'firehose >= 0.5x GET': ratios.firehose_vs_get_mysql >= 0.5,
      'walk: last page <= 2x first': ratios.walk_last_vs_first_page_mysql <= 2,
      'RSS < 200 MB (service and adapter)': ['mapped', 'grpc', 'sqlite', 'adapter'].every((n) => rss[n]!.peak_rss_mb < 200),
    };
    const document = {
      machine: {
        cpus: os.cpus().length,
        cpu_model: os.cpus()[0]?.model,
        memory_gb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        load_average_at_start: os.loadavg().map((l) => Math.round(l * 100) / 100),
      },
      settings: { customers: CUSTOMERS, seconds_per_run: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, pool: POOL, log_level: process.env.BENCH_LOG_LEVEL ?? 'warn' },
      seed_seconds: seedSeconds,
      ratios,
      targets_met: targetsMet,
      get_customer: get,
      firehose_random_offset_below_5000: fire,
      other_endpoints_mapped_mysql: other,
      whole_bank_walk_pages_of_500: walks,
      rss_mb: rss,
      peak_rss_mb_by_phase: peaks,
      total_seconds: Math.round((Date.now() - started) / 1000),
    };
    console.log(JSON.stringify(document, null, 2));
  } finally {
    for (const p of procs.reverse()) await stop(p);
    await mysqlDb.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
