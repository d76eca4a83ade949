import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/knex';
import type { CallContext } from '../connector';
import { ConnectorError } from '../errors';

const KEEP_MS = 24 * 60 * 60 * 1000;
const PURGE_EVERY = 500;
let creates = 0;

/** The obpCode of a create whose Idempotency-Key another call is still using. */
export const KEY_IN_FLIGHT_CODE = 'OBP-10064';

/** Who the key belongs to: the same key sent by another caller is another key. */
export function keyOwner(cc: CallContext): string {
  return `${cc.consumer?.consumerId ?? ''}/${cc.user?.userId ?? ''}`.slice(0, 200);
}

// Results cross JSON with their instants tagged, so that they come back as Dates.
const DATE_TAG = '$date';
const encode = (value: unknown) =>
  JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { [DATE_TAG]: raw.getTime() } : v;
  });
const decode = <T>(text: string): T =>
  JSON.parse(text, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && DATE_TAG in v && Object.keys(v).length === 1 ? new Date((v as Record<string, number>)[DATE_TAG]!) : v,
  ) as T;

/**
 * Runs a create on `trx` once per (caller, Idempotency-Key, operation): a key seen before answers the stored
 * result, a key another transaction is using right now is refused (the primary key decides), and the result is
 * recorded in the create's own transaction. Without a key, just runs the create.
 */
export async function idempotentCreate<T>(trx: Knex, cc: CallContext, operation: string, create: () => Promise<T>): Promise<T> {
  const key = cc.idempotencyKey;
  if (!key) return create();
  const owner = keyOwner(cc);
  if (++creates % PURGE_EVERY === 0) await trx('idempotent_creates').where('created_at', '<', Date.now() - KEEP_MS).delete();
  const stored = await trx('idempotent_creates').where({ caller: owner, idempotency_key: key, operation }).first<{ result: string }>('result');
  if (stored) return decode<T>(stored.result);
  const result = await create();
  // Nothing created (e.g. no such customer): nothing to answer again.
  if (result === undefined) return result;
  try {
    await trx('idempotent_creates').insert({ caller: owner, idempotency_key: key, operation, result: encode(result), created_at: Date.now() });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ConnectorError('ALREADY_EXISTS', 'a create with this idempotency key is in flight', { obpCode: KEY_IN_FLIGHT_CODE, cause: e });
    throw e;
  }
  return result;
}
