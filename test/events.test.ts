import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RoleName } from '../src/auth/roles';
import { createCustomerAddress } from '../src/api/endpoints/addresses';
import { createCustomer } from '../src/api/endpoints/customers';
import { OutboxRelay } from '../src/events/relay';
import { AMQP_URL, eventQueue } from './support/amqp';
import { uniqueId } from './support/client';
import { createBank, loggedInUser } from './support/fixtures';
import { describeEachBackend } from './support/service';

const exchange = uniqueId('test.customer.events.');
const viaGrpc = process.env.TEST_CONNECTOR === 'grpc';
const ROLES: RoleName[] = ['CanCreateCustomer', 'CanUpdateCustomerEmail', 'CanCreateCustomerAddress', 'CanDeleteCustomerAddress', 'CanGetCustomerHistory'];

describeEachBackend(
  'change events to RabbitMQ',
  (get) => {
    let queue: Awaited<ReturnType<typeof eventQueue>>;
    let adapterRelay: OutboxRelay | undefined;
    beforeAll(async () => {
      queue = await eventQueue(exchange);
      // With CONNECTOR=grpc the outbox is the adapter's: its relay publishes (the service starts none).
      if (viaGrpc) adapterRelay = new OutboxRelay({ db: get().connectorDb, url: AMQP_URL, exchange, pollIntervalMs: 50 }).start();
    });
    afterAll(async () => {
      await adapterRelay?.stop();
      await queue.close();
    });

    it('each history record is published once as a CloudEvent, in order, with the history id as event id', async () => {
      const s = get();
      const bankId = await createBank(s);
      const user = await loggedInUser(s, ROLES.map((role) => ({ role, bankId })));
      const created = await s.api.post(`/banks/${bankId}/customers`, createCustomer.body!.example, user.auth, { 'Correlation-Id': 'events-1' });
      const base = `/banks/${bankId}/customers/${created.body.customer_id}`;
      expect((await s.api.put(`${base}/email`, { email: 'evt@example.com' }, user.auth)).status).toBe(200);
      const address = await s.api.post(`${base}/address`, createCustomerAddress.body!.example, user.auth);
      expect((await s.api.delete(`${base}/addresses/${address.body.customer_address_id}`, user.auth)).status).toBeLessThan(300);

      const before = queue.received.length;
      const mine = (await queue.waitFor(before + 4)).filter((m) => m.event.subject === created.body.customer_id);
      expect(mine.map((m) => [m.routingKey, m.event.type, m.event.sequence])).toEqual([
        ['obp.customer.created', 'obp.customer.created', '1'],
        ['obp.customer.updated', 'obp.customer.updated', '2'],
        ['obp.customer.address.created', 'obp.customer.address.created', '3'],
        ['obp.customer.address.deleted', 'obp.customer.address.deleted', '4'],
      ]);
      const history = (await s.api.get(`${base}/history`, user.auth)).body.customer_history.reverse();
      expect(mine.map((m) => m.event.id)).toEqual(history.map((h: { history_id: string }) => h.history_id));
      expect(mine.map((m) => m.messageId)).toEqual(history.map((h: { history_id: string }) => h.history_id));
      expect(mine[1]!.event).toEqual({
        specversion: '1.0',
        id: history[1].history_id,
        source: `/obp/v3.1.0/banks/${bankId}/customers`,
        type: 'obp.customer.updated',
        subject: created.body.customer_id,
        time: history[1].date,
        datacontenttype: 'application/json',
        sequence: '2',
        data: {
          bank_id: bankId,
          customer_id: created.body.customer_id,
          entity: 'customer',
          entity_id: created.body.customer_id,
          action: 'updated',
          changes: { email: { before: created.body.email, after: 'evt@example.com' } },
          user_id: user.userId,
          consumer_id: history[1].consumer_id,
          correlation_id: history[1].correlation_id,
          operation_id: 'OBPv3.1.0-updateCustomerEmail',
        },
      });
      expect(mine[0]!.event.data.correlation_id).toBe('events-1');
      // Published means gone from the outbox.
      while (Number((await s.connectorDb('outbox').count({ n: '*' }))[0]!.n) > 0) await new Promise((r) => setTimeout(r, 20));
    });
  },
  { EVENTS_AMQP_URL: AMQP_URL, EVENTS_EXCHANGE: exchange, EVENTS_POLL_INTERVAL_MS: '50' },
);
