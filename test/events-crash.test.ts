import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMappedConnector } from '../src/connector/mapped';
import { createKnex } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';
import { OutboxRelay } from '../src/events/relay';
import { AMQP_URL, eventQueue } from './support/amqp';
import { selectedBackends } from './support/backends';
import { uniqueId } from './support/client';
import { exampleNewCustomer } from './support/fixtures';

const DIST = path.resolve(__dirname, '../dist/src');
const mysql = selectedBackends().find((b) => b.name === 'mysql');

/**
 * A process commits a change (its event in the outbox) and is killed before its relay published it: the event is
 * delivered after restart. The child is the built code, as deployed; its relay points at a port where no broker
 * listens, so that it commits and cannot publish, and holds the relay lease when it dies.
 */
describe.runIf(mysql)('change events survive a process killed between commit and publish', () => {
  let db: Knex;
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    if (!fs.existsSync(path.join(DIST, 'events/relay.js'))) throw new Error(`${DIST} is missing: run \`npm run build\` (npm test does) first`);
    const database = await mysql!.create();
    ({ url, drop } = database);
    db = createKnex(url);
    await migrateLatest(db);
  });
  afterAll(async () => {
    await db.destroy();
    await drop();
  });

  it('the event is published by the next relay, once the dead one\'s lease expired', async () => {
    const bankId = uniqueId('bank.');
    const connector = createMappedConnector(db, { outbox: true });
    const cc = { correlationId: 'crash-test' };
    await connector.createBank({ bankId, shortName: 'C', fullName: 'Crash', logoUrl: '', websiteUrl: '', swiftBic: '', nationalIdentifier: '', bankRoutingScheme: '', bankRoutingAddress: '' }, cc);
    const customer = await connector.createCustomer(bankId, exampleNewCustomer(), cc);

    const child = spawn(process.execPath, ['-e', CHILD, DIST, url, customer.customerId], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const committed = await new Promise<string>((resolve) => child.stdout.on('data', (d: Buffer) => resolve(d.toString().trim())));
    expect(committed).toBe('committed');
    child.kill('SIGKILL');
    await exited;
    // The dead process's change and its event are stored; nothing was published.
    expect((await db('outbox').where({ customer_id: customer.customerId }).orderBy('sequence')).map((r) => Number(r.sequence))).toEqual([1, 2]);

    const exchange = uniqueId('test.crash.');
    const queue = await eventQueue(exchange);
    const relay = new OutboxRelay({ db, url: AMQP_URL, exchange, pollIntervalMs: 50, leaseMs: 1000 }).start();
    try {
      const got = await queue.waitFor(2);
      expect(got.map((m) => [m.event.type, m.event.sequence])).toEqual([
        ['obp.customer.created', '1'],
        ['obp.customer.updated', '2'],
      ]);
      expect(got[1]!.event.data.changes.email.after).toBe('after-crash@example.com');
    } finally {
      await relay.stop();
      await queue.close();
    }
  }, 60_000);
});

// The child: the built store and relay on the same database, one write committed, then it waits to be killed.
const CHILD = `
const [dist, url, customerId] = process.argv.slice(1);
const { createKnex } = require(dist + '/db/knex');
const { createMappedConnector } = require(dist + '/connector/mapped');
const { OutboxRelay } = require(dist + '/events/relay');
(async () => {
  const db = createKnex(url);
  const relay = new OutboxRelay({ db, url: 'amqp://guest:guest@127.0.0.1:1', exchange: 'unused', pollIntervalMs: 20, leaseMs: 2000 }).start();
  const connector = createMappedConnector(db, { outbox: true });
  await connector.updateCustomerScaData(customerId, { email: 'after-crash@example.com' }, { correlationId: 'child' });
  // The relay has had its rounds: it holds the lease and could not publish.
  while ((await db('outbox_leases').where({ name: 'relay', holder: relay.holder }).first()) === undefined) await new Promise((r) => setTimeout(r, 10));
  process.stdout.write('committed\\n');
  setInterval(() => {}, 1000);
})();
`;
