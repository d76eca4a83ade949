/**
 * Recognises a database that cannot serve right now (refused, unreachable, dropped, too slow, pool exhausted,
 * a cluster node not ready) by the drivers' error codes, so the API answers 503 instead of 500. Nothing here
 * imports a driver: the codes are data.
 */

/** Network and driver codes meaning "no usable connection". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'DB_QUERY_TIMEOUT',
  // MySQL/MariaDB server states
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  // A conflict that outlasted its retries (src/db/conflict-retry.ts): rolled back, worth trying again later.
  'ER_LOCK_DEADLOCK',
  'ER_STATEMENT_TIMEOUT',
  'ER_QUERY_TIMEOUT',
  'ER_UNKNOWN_COM_ERROR', // Galera: "WSREP has not yet prepared node for application use"
  // SQLite: another process holds the lock beyond busy_timeout
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/** Error classes meaning the same: Knex's pool acquire timeout. */
const UNAVAILABLE_NAMES = new Set(['KnexTimeoutError', 'QueryTimeoutError']);

function matches(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { code?: unknown; name?: unknown; fatal?: unknown };
  if (typeof err.code === 'string' && UNAVAILABLE_CODES.has(err.code)) return true;
  if (typeof err.name === 'string' && UNAVAILABLE_NAMES.has(err.name)) return true;
  // mysql2 marks errors that killed the connection (or met an already dead one) as fatal.
  return err.fatal === true;
}

/** True when `e` (or the error it wraps) says the database is unavailable rather than that the request is wrong. */
export function isDatabaseUnavailable(e: unknown): boolean {
  return matches(e) || matches((e as { cause?: unknown } | null)?.cause);
}
