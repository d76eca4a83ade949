import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { log, safeError } from '../observability/log';

export interface RelayOptions {
  /** The database holding the outbox: the service's (mapped) or the reference adapter's (grpc). */
  db: Knex;
  url: string;
  exchange: string;
  pollIntervalMs: number;
  /** How long the lease lasts without renewal: another relay takes over after it (its holder died). */
  leaseMs?: number;
  /** Outbox rows published per round. */
  batchSize?: number;
  logger?: Logger;
}

interface OutboxRow {
  event_id: string;
  customer_id: string;
  sequence: number | string;
  routing_key: string;
  event: string;
}

const LEASE = 'relay';

/**
 * Publishes the outbox to RabbitMQ: CloudEvents JSON, persistent, on a durable topic exchange, with publisher
 * confirms; a row is deleted only after the broker confirmed it, so every event is delivered at least once (a
 * crash between confirm and delete re-publishes it with the same id). One relay publishes at a time: the holder
 * of the lease row, renewed every round. Each round takes the customers with the oldest events and publishes all
 * of their pending events in sequence order, so a customer's events are published in the order of its history.
 */
export class OutboxRelay {
  readonly holder = randomUUID();
  /** Events this relay had confirmed by the broker (for tests and logs). */
  published = 0;
  private connection: amqp.ChannelModel | undefined;
  private channel: amqp.ConfirmChannel | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly leaseMs: number;
  private readonly batchSize: number;

  constructor(private readonly options: RelayOptions) {
    this.leaseMs = options.leaseMs ?? Math.max(5_000, options.pollIntervalMs * 10);
    this.batchSize = options.batchSize ?? 500;
  }

  private get logger(): Logger {
    return this.options.logger ?? log();
  }

  start(): this {
    this.loop ??= this.run();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    await this.disconnect();
    // Let another instance take over at once.
    await this.options.db('outbox_leases').where({ name: LEASE, holder: this.holder }).update({ expires_at: 0 }).catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failing = false;
    while (!this.stopped) {
      let published = 0;
      try {
        if (await this.holdLease()) published = await this.publishRound();
        if (failing) this.logger.info('events relay: publishing again');
        failing = false;
      } catch (e) {
        // The broker or the database is away: the events wait in the outbox.
        if (!failing) this.logger.warn({ err: safeError(e) }, 'events relay: cannot publish now, retrying');
        failing = true;
        await this.disconnect();
      }
      if (published === 0 && !this.stopped) await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.options.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Takes the lease if it is free or expired, or renews it: one UPDATE, so two relays cannot both succeed. */
  private async holdLease(): Promise<boolean> {
    const now = Date.now();
    const count = await this.options
      .db('outbox_leases')
      .where({ name: LEASE })
      .andWhere((q) => q.where({ holder: this.holder }).orWhere('expires_at', '<', now))
      .update({ holder: this.holder, expires_at: now + this.leaseMs });
    return count === 1;
  }

  private async confirmChannel(): Promise<amqp.ConfirmChannel> {
    if (this.channel) return this.channel;
    const connection = await amqp.connect(this.options.url);
    connection.on('error', () => undefined);
    connection.on('close', () => {
      this.connection = undefined;
      this.channel = undefined;
    });
    this.connection = connection;
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    await channel.assertExchange(this.options.exchange, 'topic', { durable: true });
    this.channel = channel;
    return channel;
  }

  private async disconnect(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.channel = undefined;
    await connection?.close().catch(() => undefined);
  }

  /** One round: resolves to the number of events published (0: the outbox was empty). */
  private async publishRound(): Promise<number> {
    const { db } = this.options;
    const oldest = await db('outbox').orderBy('created_at').orderBy('event_id').limit(this.batchSize).select<{ customer_id: string }[]>('customer_id');
    if (oldest.length === 0) return 0;
    const customers = [...new Set(oldest.map((r) => r.customer_id))];
    const rows = await db<OutboxRow>('outbox')
      .whereIn('customer_id', customers)
      .orderBy('customer_id')
      .orderBy('sequence')
      .limit(this.batchSize * 4)
      .select('event_id', 'customer_id', 'sequence', 'routing_key', 'event');
    const channel = await this.confirmChannel();
    for (const row of rows) {
      channel.publish(this.options.exchange, row.routing_key, Buffer.from(row.event), {
        persistent: true,
        contentType: 'application/cloudevents+json',
        messageId: row.event_id,
        type: row.routing_key,
      });
    }
    await channel.waitForConfirms();
    for (let i = 0; i < rows.length; i += 500) {
      await db('outbox')
        .whereIn(
          'event_id',
          rows.slice(i, i + 500).map((r) => r.event_id),
        )
        .delete();
    }
    this.published += rows.length;
    return rows.length;
  }
}

/** The relay the settings ask for, started; undefined when events are off (no EVENTS_AMQP_URL). */
export function startRelay(
  db: Knex,
  settings: { EVENTS_AMQP_URL?: string; EVENTS_EXCHANGE: string; EVENTS_POLL_INTERVAL_MS: number },
  logger?: Logger,
): OutboxRelay | undefined {
  if (!settings.EVENTS_AMQP_URL) return undefined;
  return new OutboxRelay({
    db,
    url: settings.EVENTS_AMQP_URL,
    exchange: settings.EVENTS_EXCHANGE,
    pollIntervalMs: settings.EVENTS_POLL_INTERVAL_MS,
    logger,
  }).start();
}
