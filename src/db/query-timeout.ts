/**
 * A client-side limit on every MySQL statement. A database that stops answering (a frozen network, a node that
 * died without closing its sockets) otherwise leaves a query waiting for minutes: after the limit the statement
 * fails with a QueryTimeoutError and its connection is destroyed, so the pool opens a fresh one next time.
 * Knex has no global statement timeout, so the limit wraps the dialect's one entry point that sends SQL
 * (`_query`); the configuration keeps saying `client: 'mysql2'`, which migrations and dialect checks rely on.
 */
import type { Knex } from 'knex';

export class QueryTimeoutError extends Error {
  readonly code = 'DB_QUERY_TIMEOUT';
  constructor(ms: number) {
    super(`no answer from the database within ${ms} ms`);
    this.name = 'QueryTimeoutError';
  }
}

interface RawConnection {
  __knex__disposed?: unknown;
  destroy(): void;
}

interface LimitedClient {
  _query(connection: RawConnection, obj: unknown): Promise<unknown>;
  /** 0: no limit. */
  queryTimeoutMs?: number;
}

/** Puts a per-statement limit of `ms` (0: none) on a MySQL Knex instance. */
export function limitStatementTime(db: Knex, ms: number): void {
  const client = db.client as unknown as LimitedClient;
  const send = client._query.bind(client);
  client.queryTimeoutMs = ms;
  client._query = (connection, obj) => {
    const running = send(connection, obj);
    const limit = client.queryTimeoutMs ?? 0;
    if (limit <= 0) return running;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const error = new QueryTimeoutError(limit);
        // Knex's pool discards a disposed connection instead of handing it out again.
        connection.__knex__disposed = error;
        connection.destroy();
        reject(error);
      }, limit);
      running.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  };
}

/**
 * Runs `fn` with the statement limit lifted (migrations may rebuild large tables). Only for start-up and the
 * admin CLI: the limit is per Knex instance, so requests served meanwhile would run without it.
 */
export async function withoutStatementTimeLimit<T>(db: Knex, fn: () => Promise<T>): Promise<T> {
  const client = db.client as unknown as LimitedClient;
  const saved = client.queryTimeoutMs;
  if (saved === undefined) return fn();
  client.queryTimeoutMs = 0;
  try {
    return await fn();
  } finally {
    client.queryTimeoutMs = saved;
  }
}
