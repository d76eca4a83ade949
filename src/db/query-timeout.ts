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

interface QueryingClient {
  _query(connection: RawConnection, obj: unknown): Promise<unknown>;
}

/** The limit of one Knex instance, shared with the clients its transactions make (0: no limit). */
interface StatementLimit {
  ms: number;
}

const limits = new WeakMap<object, StatementLimit>();

/** The limit on `db`'s statements (a transaction's share its Knex instance's), undefined when none was set. */
const limitOf = (db: Knex): StatementLimit | undefined => limits.get(Object.getPrototypeOf(db.client) as object);

/** The current per-statement limit in ms (0: none), for statements sent past Knex (src/db/prepared.ts). */
export function statementTimeLimitMs(db: Knex): number {
  return limitOf(db)?.ms ?? 0;
}

const statementText = (obj: unknown): string =>
  typeof obj === 'string' ? obj : typeof (obj as { sql?: unknown })?.sql === 'string' ? (obj as { sql: string }).sql : '';

/**
 * Puts a per-statement limit of `ms` (0: none) on a MySQL Knex instance, including statements inside its
 * transactions: Knex builds a transaction's client from `client.constructor.prototype`, so the limit lives on a
 * prototype (with a constructor of its own) put between the instance and the dialect's class.
 */
export function limitStatementTime(db: Knex, ms: number): void {
  const client = db.client as unknown as QueryingClient;
  const dialect = Object.getPrototypeOf(client) as QueryingClient;
  const limit: StatementLimit = { ms };
  const limited = Object.create(dialect) as QueryingClient & { constructor: unknown };
  limited._query = function (this: QueryingClient, connection, obj) {
    // The server discards the open transaction of a connection we destroyed; Knex's ROLLBACK on it would only
    // fail and hide the timeout from the caller.
    if (connection.__knex__disposed instanceof QueryTimeoutError && /^\s*ROLLBACK/i.test(statementText(obj))) return Promise.resolve();
    const running = dialect._query.call(this, connection, obj);
    const ms = limit.ms;
    if (ms <= 0) return running;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const error = new QueryTimeoutError(ms);
        // Knex's pool discards a disposed connection instead of handing it out again.
        connection.__knex__disposed = error;
        connection.destroy();
        reject(error);
      }, ms);
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
  function LimitedClient(): void {}
  LimitedClient.prototype = limited;
  limited.constructor = LimitedClient;
  Object.setPrototypeOf(client, limited);
  limits.set(limited, limit);
}

/**
 * Runs `fn` with the statement limit lifted (migrations may rebuild large tables). Only for start-up and the
 * admin CLI: the limit is per Knex instance, so requests served meanwhile would run without it.
 */
export async function withoutStatementTimeLimit<T>(db: Knex, fn: () => Promise<T>): Promise<T> {
  const limit = limitOf(db);
  if (limit === undefined) return fn();
  const saved = limit.ms;
  limit.ms = 0;
  try {
    return await fn();
  } finally {
    limit.ms = saved;
  }
}
