/**
 * Seeds one bank with 100,000 customers (and attributes on every tenth) and times the customer endpoints through
 * the real HTTP server: firehose pages (first, middle, last), an attribute-filtered page, get by id, get by number,
 * and a user's customer list. Prints one JSON document.
 *
 *   npm run bench:customers -- [--customers=100000] [--requests=200] [--database=sqlite|mysql]
 *
 * `mysql` uses TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306/test) and a throw-away database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { startService } from '../src/service';
import { selectedBackends } from '../test/support/backends';
import { ApiClient } from '../test/support/client';
import { bankBody, STRONG_PASSWORD } from '../test/support/fixtures';
import { insertCustomers } from './bulk-customers';

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;

const CUSTOMERS = Number(arg('customers', '100000'));
const REQUESTS = Number(arg('requests', '200'));
const DATABASE = arg('database', 'sqlite');

async function databaseUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  if (DATABASE === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obp-bench-'));
    return { url: `sqlite:${path.join(dir, 'bench.sqlite')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  process.env.TEST_DATABASES = 'mysql';
  return selectedBackends()[0]!.create();
}

function percentile(sorted: number[], p: number) {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2));
}

async function time(label: string, n: number, op: (i: number) => Promise<{ status: number }>) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    const res = await op(i);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
  }
  ms.sort((a, b) => a - b);
  return { label, requests: n, p50_ms: percentile(ms, 50), p95_ms: percentile(ms, 95), max_ms: percentile(ms, 100) };
}

async function main() {
  const database = await databaseUrl();
  const settings = { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: database.url, LOG_LEVEL: 'silent', ALLOW_CUSTOMER_FIREHOSE: 'true' };
  const service = await startService(loadConfig(settings), { env: settings });
  const api = new ApiClient(service.url);
  try {
    const { db, services } = service;
    const bankId = 'bench.bank';
    const seedStart = Date.now();
    await services.connector.createOrUpdateBank(
      {
        bankId,
        shortName: 'Bench',
        fullName: 'Bench Bank',
        logoUrl: '',
        websiteUrl: '',
        swiftBic: '',
        nationalIdentifier: '',
        bankRoutingScheme: 'OBP',
        bankRoutingAddress: bankId,
      },
      { correlationId: 'bench' },
    );
    const now = Date.now();
    const ids = await insertCustomers(db, bankId, CUSTOMERS, () => '+44 1');
    const seedMs = Date.now() - seedStart;

    const consumer = await services.consumers.create('bench');
    const user = await services.users.create({
      username: 'bench.user',
      password: STRONG_PASSWORD,
      email: 'bench@example.com',
      firstName: 'Bench',
      lastName: 'User',
      provider: 'bench',
      validated: true,
    });
    await services.entitlements.grant(user.userId, 'CanUseCustomerFirehoseAtAnyBank', '');
    await services.entitlements.grant(user.userId, 'CanGetCustomer', bankId);
    await services.entitlements.grant(user.userId, 'CanCreateBank', '');
    for (const id of ids.slice(0, 100)) await services.connector.createUserCustomerLink(user.userId, id, { correlationId: 'bench' });
    const login = await api.request('POST', '/my/logins/direct', {
      headers: { DirectLogin: `username=bench.user, password=${STRONG_PASSWORD}, consumer_key=${consumer.key}` },
    });
    const auth = { token: login.body.token as string };
    await api.post('/banks', bankBody('unused.bank'), auth);

    const results = [
      await time('firehose first page (limit 50)', REQUESTS, () => api.get(`/banks/${bankId}/firehose/customers?limit=50`, auth)),
      await time('firehose middle page (offset 50000)', Math.min(REQUESTS, 50), () =>
        api.get(`/banks/${bankId}/firehose/customers?limit=50&offset=${Math.floor(CUSTOMERS / 2)}`, auth),
      ),
      await time('firehose filtered by attribute (SEGMENT=premium)', REQUESTS, () =>
        api.get(`/banks/${bankId}/firehose/customers?SEGMENT=premium&limit=50`, auth),
      ),
      await time('firehose from_date window', REQUESTS, () =>
        api.get(`/banks/${bankId}/firehose/customers?from_date=${new Date(now - 3_600_000).toISOString()}&limit=50`, auth),
      ),
      await time('get customer by id', REQUESTS, (i) => api.get(`/banks/${bankId}/customers/${ids[(i * 7919) % ids.length]}`, auth)),
      await time('get customer by number', REQUESTS, (i) =>
        api.post(`/banks/${bankId}/customers/customer-number`, { customer_number: String((i * 7919) % CUSTOMERS) }, auth),
      ),
      await time('customers of current user (100 links)', REQUESTS, () => api.get('/users/current/customers', auth)),
    ];
    console.log(JSON.stringify({ database: DATABASE, customers: CUSTOMERS, seed_ms: seedMs, results }, null, 2));
  } finally {
    await service.close();
    await database.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
