import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { invalidating } from '../db/cache-generations';
import { digest, randomAlphanumeric } from './tokens';

export interface Consumer {
  consumerId: string;
  name: string;
  key: string;
  isActive: boolean;
}

interface ConsumerRow {
  consumer_id: string;
  name: string;
  consumer_key: string;
  is_active: number | boolean;
  created_at: number | string;
}

function toConsumer(r: ConsumerRow): Consumer {
  return { consumerId: r.consumer_id, name: r.name, key: r.consumer_key, isActive: Boolean(r.is_active) };
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
    const r = await this.db<ConsumerRow>('consumers').where({ consumer_key: key }).first();
    return r && toConsumer(r);
  }

  async byId(consumerId: string): Promise<Consumer | undefined> {
    const r = await this.db<ConsumerRow>('consumers').where({ consumer_id: consumerId }).first();
    return r && toConsumer(r);
  }

  async list(limit: number, offset: number): Promise<(Consumer & { createdAt: number })[]> {
    const rows: ConsumerRow[] = await this.db('consumers').orderBy('created_at').orderBy('consumer_id').limit(limit).offset(offset);
    return rows.map((r) => ({ ...toConsumer(r), createdAt: Number(r.created_at) }));
  }

  /**
   * Enables or disables a consumer. Disabling deletes its tokens in the same transaction: they stop working on
   * the next request on this instance and within a second on every other (the transaction invalidates cached
   * sessions), and re-enabling does not bring them back. (A login racing with the disable may still insert a
   * token; the session checks refuse tokens of a disabled consumer as well.)
   */
  async setActive(consumerId: string, isActive: boolean): Promise<boolean> {
    return invalidating(
      this.db,
      'auth',
      async (trx) => {
        const found = (await trx('consumers').where({ consumer_id: consumerId }).update({ is_active: isActive })) > 0;
        if (found && !isActive) await trx('direct_login_tokens').where({ consumer_id: consumerId }).delete();
        return found;
      },
      (found) => found,
    );
  }
}
