import { execFileSync } from 'node:child_process';
import * as amqp from 'amqplib';
import { uniqueId } from './client';

export const AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface Received {
  routingKey: string;
  messageId: string;
  event: any;
}

/**
 * A durable queue bound to every routing key of `exchange` (declared as the relay declares it). Durable, so that it
 * and the persistent messages in it survive a broker restart; deleted by `close`.
 */
export async function eventQueue(exchange: string) {
  const queue = uniqueId('test-events-');
  const received: Received[] = [];
  let connection: amqp.ChannelModel | undefined;

  const setUp = async () => {
    const c = await amqp.connect(AMQP_URL);
    const ch = await c.createChannel();
    await ch.assertExchange(exchange, 'topic', { durable: true });
    await ch.assertQueue(queue, { durable: true });
    await ch.bindQueue(queue, exchange, '#');
    await c.close();
  };
  await setUp();

  return {
    received,
    /** Consumes until `count` messages in all have arrived (the test's own timeout bounds the wait). */
    async waitFor(count: number): Promise<Received[]> {
      if (!connection) {
        connection = await amqp.connect(AMQP_URL);
        const ch = await connection.createChannel();
        await ch.consume(queue, (m) => {
          if (!m) return;
          received.push({ routingKey: m.fields.routingKey, messageId: String(m.properties.messageId), event: JSON.parse(m.content.toString()) });
          ch.ack(m);
        });
      }
      while (received.length < count) await new Promise((r) => setTimeout(r, 20));
      return received;
    },
    /** The consumer's connection is gone (broker restarted): consume again on a new one. */
    reconnect() {
      connection = undefined;
    },
    async close() {
      await connection?.close().catch(() => undefined);
      const c = await amqp.connect(AMQP_URL);
      const ch = await c.createChannel();
      await ch.deleteQueue(queue);
      await ch.deleteExchange(exchange);
      await c.close();
    },
  };
}

/** Stops or starts the RabbitMQ application on this machine (the node keeps running). */
export function rabbitmq(action: 'stop_app' | 'start_app'): void {
  execFileSync('rabbitmqctl', [action], { stdio: 'ignore', timeout: 60_000 });
}
