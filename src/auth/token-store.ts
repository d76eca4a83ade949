import type { Knex } from 'knex';
import { digest, newToken } from './tokens';

/** Rows deleted per statement when purging, so that a large purge never holds long locks. */
const PURGE_BATCH = 1000;

/**
 * DirectLogin tokens, stored only as SHA-256 digests. Every revocation is a row deletion, so that every instance
 * sees it on its next lookup (no instance keeps a token valid from memory).
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
    return (await this.db('direct_login_tokens').where({ token_hash: digest(token) }).delete()) > 0;
  }

  async revokeForUser(userId: string): Promise<number> {
    return this.db('direct_login_tokens').where({ user_id: userId }).delete();
  }

  async revokeForConsumer(consumerId: string): Promise<number> {
    return this.db('direct_login_tokens').where({ consumer_id: consumerId }).delete();
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
