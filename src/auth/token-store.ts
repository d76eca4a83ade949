import type { Knex } from 'knex';
import { invalidating } from '../db/cache-generations';
import { digest, newToken } from './tokens';

/** Rows deleted per statement when purging, so that a large purge never holds long locks. */
const PURGE_BATCH = 1000;

/**
 * DirectLogin tokens, stored only as SHA-256 digests. Every revocation is a row deletion in a transaction that
 * invalidates the sessions instances cache (src/db/cache-generations.ts): this instance refuses the token on the
 * next request, every other within a second.
 */
export class TokenStore {
  constructor(private readonly db: Knex) {}

  async issue(userId: string, consumerId: string | null, lifetimeMs: number, now = Date.now()): Promise<string> {
    const token = newToken();
    await this.db('direct_login_tokens').insert({
      token_hash: digest(token),
      user_id: userId,
      consumer_id: consumerId,
      expires_at: now + lifetimeMs,
      created_at: now,
    });
    return token;
  }

  /** Logout: the token used stops working. */
  async revoke(token: string): Promise<boolean> {
    return invalidating(this.db, 'auth', async (trx) => (await trx('direct_login_tokens').where({ token_hash: digest(token) }).delete()) > 0, (n) => n);
  }

  async revokeForUser(userId: string): Promise<number> {
    return invalidating(this.db, 'auth', (trx) => trx('direct_login_tokens').where({ user_id: userId }).delete(), (n) => n > 0);
  }

  async revokeForConsumer(consumerId: string): Promise<number> {
    return invalidating(this.db, 'auth', (trx) => trx('direct_login_tokens').where({ consumer_id: consumerId }).delete(), (n) => n > 0);
  }

  /** Deletes expired tokens in batches (idempotent: several instances may purge at once). Returns how many. */
  async purgeExpired(now = Date.now()): Promise<number> {
    let total = 0;
    for (;;) {
      const batch: string[] = await this.db('direct_login_tokens')
        .where('expires_at', '<=', now)
        .limit(PURGE_BATCH)
        .pluck('token_hash');
      if (batch.length === 0) return total;
      total += await this.db('direct_login_tokens').whereIn('token_hash', batch).andWhere('expires_at', '<=', now).delete();
      if (batch.length < PURGE_BATCH) return total;
    }
  }
}
