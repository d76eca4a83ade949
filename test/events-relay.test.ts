import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../src/connector/connector';
import { createMappedConnector } from '../src/connector/mapped';
import { createKnex } from '../src/db/knex';
import { migrateLatest } from '../src/db/migrate';
import { OutboxRelay } from '../src/events/relay';
import { AMQP_URL, eventQueue, rabbitmq } from './support/amqp';
import { selectedBackends } from './support/backends';
import { uniqueId } from './support/client';
import { exampleNewCustomer } from './support/fixtures';

const cc = { correlationId: 'relay-test' };

/** The relay's guarantees against the real RabbitMQ, on each database: order per customer, one publisher, outages. */
for (const backend of selectedBackends()) {
  describe(`outbox relay [${backend.name}]`, () => {
    let db: Knex;
    let drop: () => Promise<void>;
    let connector: Connector;
    let bankId: string;
    beforeAll(async () => {
      const database = await backend.create();
      drop = database.drop;
      db = createKnex(database.url);
      await migrateLatest(db);
      connector = createMappedConnector(db, { outbox: true });
      bankId = uniqueId('bank.');
      await connector.createBank({ bankId, shortName: 'R', fullName: 'Relay', logoUrl: '', websiteUrl: '', swiftBic: '', nationalIdentifier: '', bankRoutingScheme: '', bankRoutingAddress: '' }, cc);
    });
    afterAll(async () => {
      await db.destroy();
      await drop();
    });
    const pending = async () => Number((await db('outbox').count({ n: '*' }))[0]!.n);
    const relay = (exchange: string) => new OutboxRelay({ db, url: AMQP_URL, exchange, pollIntervalMs: 20, batchSize: 7 });

    it('publishes every customer\'s events in its order, interleaved writes and small batches notwithstanding', async () => {
      const exchange = uniqueId('test.relay.');
      const queue = await eventQueue(exchange);
      const r = relay(exchange);
      try {
        const customers = await Promise.all([0, 1, 2].map(() => connector.createCustomer(bankId, exampleNewCustomer(), cc)));
        for (let i = 0; i < 8; i++) {
          await Promise.all(customers.map((c) => connector.updateCustomerScaData(c.customerId, { email: `n${i}@example.com` }, cc)));
        }
        r.start();
        const got = await queue.waitFor(27);
        for (const c of customers) {
          const sequences = got.filter((m) => m.event.subject === c.customerId).map((m) => Number(m.event.sequence));
          expect(sequences).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        }
        expect(new Set(got.map((m) => m.messageId)).size).toBe(27);
      } finally {
        await r.stop();
        await queue.close();
      }
    });

    it('two relays on one database: one holds the lease and publishes, every event arrives once', async () => {
      const exchange = uniqueId('test.relay.');
      const queue = await eventQueue(exchange);
      const [a, b] = [relay(exchange).start(), relay(exchange).start()];
      try {
        const customer = await connector.createCustomer(bankId, exampleNewCustomer(), cc);
        for (let i = 0; i < 19; i++) await connector.updateCustomerScaData(customer.customerId, { mobileNumber: `+49${i}` }, cc);
        const got = await queue.waitFor(20);
        while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 20));
        expect([a.published, b.published].sort((x, y) => x - y)).toEqual([0, 20]);
        expect(got.map((m) => Number(m.event.sequence))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      } finally {
        await a.stop();
        await b.stop();
        await queue.close();
      }
    });

    // One broker restart is enough to show it; on the second database it would only repeat the same path.
    it.runIf(backend === selectedBackends()[0])('the broker down for a while: events wait in the outbox and all arrive, in order, after it is back', async () => {
      const exchange = uniqueId('test.relay.');
      const queue = await eventQueue(exchange);
      const r = relay(exchange).start();
      try {
        const customer = await connector.createCustomer(bankId, exampleNewCustomer(), cc);
        await queue.waitFor(1);
        while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 20));
        rabbitmq('stop_app');
        try {
          for (let i = 0; i < 5; i++) await connector.updateCustomerScaData(customer.customerId, { email: `down${i}@example.com` }, cc);
          // Writes go on while the broker is away; their events wait.
          expect(await pending()).toBe(5);
        } finally {
          rabbitmq('start_app');
        }
        queue.reconnect();
        const got = await queue.waitFor(6);
        expect(got.map((m) => Number(m.event.sequence))).toEqual([1, 2, 3, 4, 5, 6]);
        expect(got[5]!.event.data.changes.email.after).toBe('down4@example.com');
      } finally {
        await r.stop();
        await queue.close();
      }
    }, 120_000);
  });
}
