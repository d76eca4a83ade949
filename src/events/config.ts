import { z } from 'zod';
import { envInteger } from '../env-schema';

/**
 * Change events: read by the service (CONNECTOR=mapped or star) and by the reference adapter (the process whose
 * store holds the customer data writes the outbox and runs the relay). Unset URL: no outbox, no relay.
 */
export const eventsEnvShape = {
  EVENTS_AMQP_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || /^amqps?:\/\/[^\s]+$/.test(v), { message: 'must be amqp://user:pass@host:port/vhost or amqps://…' })
    .describe(
      'RabbitMQ (AMQP 0-9-1) URL that customer change events are published to, from the transactional outbox; unset: no events (README "Data governance")',
    ),
  EVENTS_EXCHANGE: z
    .string()
    .min(1)
    .max(255)
    .default('obp.customer.events')
    .describe('Durable topic exchange the events are published to; the routing key is the event type (e.g. `obp.customer.updated`)'),
  EVENTS_POLL_INTERVAL_MS: envInteger(500, 10, 60_000).describe(
    'How often the relay looks for new outbox rows, and how long it waits before trying the broker again after a failure',
  ),
};

export interface EventsSettings {
  EVENTS_AMQP_URL?: string;
  EVENTS_EXCHANGE: string;
  EVENTS_POLL_INTERVAL_MS: number;
}
