import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../db/knex';
import { ObpError } from '../errors';
import type { Endpoint } from './endpoint';

/** How long a key's first response is replayed (the IETF httpapi draft's suggested 24 hours). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const PURGE_EVERY = 500;
/** A claim never completed nor released for this long was abandoned (its process died): the key is free again. */
const ABANDONED_AFTER_MS = 5 * 60 * 1000;
const KEY = /^[\x20-\x7e]{1,255}$/;

/** POSTs that create something: they answer 201. Logging in is not a create of the caller's (no caller yet). */
export function acceptsIdempotencyKey(e: Endpoint<any>): boolean {
  return e.method === 'POST' && e.successStatus === 201 && e.readsSession !== false;
}

/** The key as sent: a structured-field string (`"…"`) or, leniently, the bare text. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const raw = (Array.isArray(header) ? header.join(',') : header).trim();
  const key = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  if (!KEY.test(key)) throw new ObpError('InvalidIdempotencyKey');
  return key;
}

export type Claim = { replay: { status: number; body: string } } | { claimed: true };

interface KeyRow {
  fingerprint: string;
  response_status: number | null;
  response_body: string | null;
  created_at: number | string;
  expires_at: number | string;
}

/**
 * The HTTP layer's idempotency keys: one row per (caller, key), inserted when a request with the key starts, so
 * that the primary key refuses a second one running at the same time; completed with the response to replay.
 */
export class IdempotencyKeys {
  private calls = 0;

  constructor(private readonly db: Knex) {}

  /** Same method, path and body: the same request. */
  static fingerprint(method: string, url: string, body: string): string {
    return createHash('sha256').update(method).update('\0').update(url).update('\0').update(body).digest('hex');
  }

  async claim(caller: string, key: string, fingerprint: string, now = Date.now()): Promise<Claim> {
    if (++this.calls % PURGE_EVERY === 0) await this.db('idempotency_keys').where('expires_at', '<', now).delete();
    for (let attempt = 0; ; attempt++) {
      try {
        await this.db('idempotency_keys').insert({
          caller,
          idempotency_key: key,
          fingerprint,
          created_at: now,
          expires_at: now + IDEMPOTENCY_TTL_MS,
        });
        return { claimed: true };
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
      const row = (await this.db('idempotency_keys').where({ caller, idempotency_key: key }).first()) as KeyRow | undefined;
      if (!row) continue; // released meanwhile: claim again
      const abandoned = row.response_status === null && Number(row.created_at) <= now - ABANDONED_AFTER_MS;
      if ((Number(row.expires_at) <= now || abandoned) && attempt === 0) {
        // An expired or abandoned key is a new key: the delete only removes the row it looked at.
        await this.db('idempotency_keys').where({ caller, idempotency_key: key, created_at: row.created_at }).delete();
        continue;
      }
      if (row.fingerprint !== fingerprint) throw new ObpError('IdempotencyKeyReused');
      if (row.response_status === null || row.response_body === null) throw new ObpError('IdempotencyKeyInFlight');
      return { replay: { status: Number(row.response_status), body: row.response_body } };
    }
  }

  async complete(caller: string, key: string, status: number, body: string): Promise<void> {
    await this.db('idempotency_keys').where({ caller, idempotency_key: key }).update({ response_status: status, response_body: body });
  }

  /** The request failed: its outcome is not replayed, and a retry with the key runs again. */
  async release(caller: string, key: string): Promise<void> {
    await this.db('idempotency_keys').where({ caller, idempotency_key: key }).whereNull('response_status').delete();
  }
}
