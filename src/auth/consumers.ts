import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { digest, randomAlphanumeric } from './tokens';

export interface Consumer {
  consumerId: string;
  name: string;
  key: string;
  isActive: boolean;
}

/** API consumers (apps). The key identifies the app at DirectLogin; the secret is stored only as a digest. */
export class ConsumerStore {
  constructor(private readonly db: Knex) {}

  async create(name: string): Promise<Consumer & { secret: string }> {
    const consumer = { consumerId: randomUUID(), name, key: randomAlphanumeric(40), isActive: true };
    const secret = randomAlphanumeric(40);
    await this.db('consumers').insert({
      consumer_id: consumer.consumerId,
      name,
      consumer_key: consumer.key,
      secret_hash: digest(secret),
      is_active: true,
      created_at: Date.now(),
    });
    return { ...consumer, secret };
  }

  async byKey(key: string): Promise<Consumer | undefined> {
    const r = await this.db('consumers').where({ consumer_key: key }).first();
    return r && { consumerId: r.consumer_id, name: r.name, key: r.consumer_key, isActive: Boolean(r.is_active) };
  }

  async setActive(consumerId: string, isActive: boolean): Promise<boolean> {
    return (await this.db('consumers').where({ consumer_id: consumerId }).update({ is_active: isActive })) > 0;
  }
}
