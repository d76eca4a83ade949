import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { Config } from '../config';
import { log, safeError } from '../observability/log';
import { dbStatements } from '../observability/metrics';
import { retryConflictingStatements } from './conflict-retry';
import { limitStatementTime } from './query-timeout';
import { mysqlSsl, type DatabaseTlsFiles } from './tls';

/** Timeouts and TLS for the database; unset timeouts keep the drivers' defaults (and no statement limit). */
export interface DatabaseOptions {
  connectTimeoutMs?: number;
  acquireTimeoutMs?: number;
  /** MySQL: client-side limit per statement; 0 or unset: none. */
  queryTimeoutMs?: number;
  tls?: DatabaseTlsFiles;
}

/** The service's database settings from its configuration. */
export function databaseOptions(config: Config): DatabaseOptions {
  return {
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    acquireTimeoutMs: config.DATABASE_ACQUIRE_TIMEOUT_MS,
    queryTimeoutMs: config.DATABASE_QUERY_TIMEOUT_MS,
    tls: {
      ca: config.DATABASE_SSL_CA,
      cert: config.DATABASE_SSL_CERT,
      key: config.DATABASE_SSL_KEY,
      rejectUnauthorized: config.DATABASE_SSL_REJECT_UNAUTHORIZED,
    },
  };
}

/**
 * Strict mode on every MySQL connection, whatever the server's default: a value that does not fit is an error,
 * never silently truncated or zeroed, and the same statement behaves the same on every server.
 */
export const MYSQL_SQL_MODE =
  'STRICT_ALL_TABLES,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,ONLY_FULL_GROUP_BY';

type Done = (err: Error | null, conn: unknown) => void;

/** Knex's own warnings go to the JSON log (its default is the console), without their text's bound values. */
const knexLog = {
  warn: (message: unknown) => log().warn({ source: 'knex' }, firstLine(message)),
  error: (message: unknown) => log().error({ source: 'knex' }, firstLine(message)),
  deprecate: (method: unknown, alternative: unknown) => log().warn({ source: 'knex' }, `${String(method)} is deprecated, use ${String(alternative)}`),
  debug: () => {},
};

function firstLine(message: unknown): string {
  // Knex warns e.g. "Connection Error: Error: <driver message>": keep its own words, not the driver's.
  const text = message instanceof Error ? message.name : String(message).split('\n')[0]!;
  return text.replace(/(Connection Error): .*/, '$1').slice(0, 200);
}

/** Builds the Knex configuration for a DATABASE_URL (`sqlite:PATH`, `sqlite::memory:`, `mysql://…`). */
export function knexConfig(databaseUrl: string, poolMax = 10, options: DatabaseOptions = {}): Knex.Config {
  const common = {
    // Otherwise Knex writes every bound value (password hashes, names, emails) into error messages.
    compileSqlOnError: false,
    log: knexLog,
    ...(options.acquireTimeoutMs === undefined ? {} : { acquireConnectionTimeout: options.acquireTimeoutMs }),
  };
  if (databaseUrl.startsWith('sqlite:')) {
    const filename = databaseUrl.slice('sqlite:'.length);
    return {
      ...common,
      client: 'better-sqlite3',
      connection: { filename },
      useNullAsDefault: true,
      pool: {
        // One connection: SQLite serialises writers anyway, and an in-memory database lives per connection.
        min: 1,
        max: 1,
        afterCreate(conn: { pragma(s: string): unknown }, done: Done) {
          conn.pragma('foreign_keys = ON');
          conn.pragma('busy_timeout = 5000');
          if (filename !== ':memory:') conn.pragma('journal_mode = WAL');
          done(null, conn);
        },
      },
    };
  }
  const url = new URL(databaseUrl);
  const ssl = mysqlSsl(url, options.tls);
  return {
    ...common,
    client: 'mysql2',
    connection: {
      host: url.hostname,
      port: url.port ? Number(url.port) : 3306,
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: decodeURIComponent(url.pathname.slice(1)),
      charset: 'utf8mb4',
      timezone: 'Z',
      supportBigNumbers: true,
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeout: options.connectTimeoutMs }),
      ...(ssl ? { ssl } : {}),
    },
    pool: {
      min: 0,
      max: poolMax,
      afterCreate(conn: { query(sql: string, cb: (err: Error | null) => void): void }, done: Done) {
        conn.query(`SET SESSION sql_mode = '${MYSQL_SQL_MODE}'`, (err) => {
          if (err) log().error({ err: safeError(err) }, 'could not set sql_mode on a new database connection');
          done(err, conn);
        });
      },
    },
  };
}

export function createKnex(databaseUrl: string, poolMax?: number, options?: DatabaseOptions): Knex {
  if (databaseUrl.startsWith('sqlite:')) {
    const filename = databaseUrl.slice('sqlite:'.length);
    if (filename !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  }
  const db = knexFactory(knexConfig(databaseUrl, poolMax, options));
  db.on('query', () => dbStatements.inc());
  if (isMysql(db) && options?.queryTimeoutMs) limitStatementTime(db, options.queryTimeoutMs);
  // After the time limit, so that each run of a statement gets the whole limit.
  if (isMysql(db)) retryConflictingStatements(db);
  return db;
}

export function isMysql(db: Knex): boolean {
  return db.client.config.client === 'mysql2';
}

/** True when the error is a unique-constraint violation, on SQLite and on MySQL. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; errno?: number };
  return err?.code === 'ER_DUP_ENTRY' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when the error is a foreign-key violation, on SQLite and on MySQL. */
export function isForeignKeyViolation(e: unknown): boolean {
  const err = e as { code?: string };
  return (
    err?.code === 'ER_NO_REFERENCED_ROW_2' || err?.code === 'ER_ROW_IS_REFERENCED_2' || err?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
  );
}
