/**
 * The hot path's reads (a request's session, a customer with its bank and attributes) as server-side prepared
 * statements on MySQL: mysql2 prepares each text once per connection and afterwards sends only the parameters
 * (binary protocol), so neither Knex nor the server parses the SQL again per request. Same pool, same statement
 * time limit (DATABASE_QUERY_TIMEOUT_MS), announced like any Knex query (its 'query' event). SQLite: Knex's raw.
 */
import type { Knex } from 'knex';
import { isMysql } from './knex';
import { QueryTimeoutError, statementTimeLimitMs } from './query-timeout';

interface PooledConnection {
  __knex__disposed?: unknown;
  destroy(): void;
  execute(sql: string, params: (string | number)[], done: (err: Error | null, rows: unknown) => void): void;
}

interface PoolClient {
  acquireConnection(): Promise<PooledConnection>;
  releaseConnection(connection: PooledConnection): Promise<unknown>;
}

export async function preparedRows<T>(db: Knex, sql: string, params: (string | number)[]): Promise<T[]> {
  if (!isMysql(db)) return (await db.raw(sql, params)) as T[];
  const client = db.client as unknown as PoolClient;
  const connection = await client.acquireConnection();
  // What Knex emits for its own statements: listeners (db_statements_total, tests) see this one too.
  db.emit('query', { sql, bindings: params, method: 'raw' });
  try {
    return await new Promise<T[]>((resolve, reject) => {
      const limit = statementTimeLimitMs(db);
      const timer =
        limit > 0
          ? setTimeout(() => {
              const error = new QueryTimeoutError(limit);
              // As for Knex's queries: the pool discards a disposed connection.
              connection.__knex__disposed = error;
              connection.destroy();
              reject(error);
            }, limit)
          : undefined;
      connection.execute(sql, params, (err, rows) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(rows as T[]);
      });
    });
  } finally {
    await client.releaseConnection(connection);
  }
}
