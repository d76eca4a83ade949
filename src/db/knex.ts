import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';

/** Builds the Knex configuration for a DATABASE_URL (`sqlite:PATH`, `sqlite::memory:`, `mysql://…`). */
export function knexConfig(databaseUrl: string, poolMax = 10): Knex.Config {
  if (databaseUrl.startsWith('sqlite:')) {
    const filename = databaseUrl.slice('sqlite:'.length);
    return {
      client: 'better-sqlite3',
      connection: { filename },
      useNullAsDefault: true,
      pool: {
        // One connection: SQLite serialises writers anyway, and an in-memory database lives per connection.
        min: 1,
        max: 1,
        afterCreate(conn: { pragma(s: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
          conn.pragma('foreign_keys = ON');
          conn.pragma('busy_timeout = 5000');
          if (filename !== ':memory:') conn.pragma('journal_mode = WAL');
          done(null, conn);
        },
      },
    };
  }
  const url = new URL(databaseUrl);
  return {
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
    },
    pool: { min: 0, max: poolMax },
  };
}

export function createKnex(databaseUrl: string, poolMax?: number, overrides: Partial<Knex.Config> = {}): Knex {
  if (databaseUrl.startsWith('sqlite:')) {
    const filename = databaseUrl.slice('sqlite:'.length);
    if (filename !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  }
  return knexFactory({ ...knexConfig(databaseUrl, poolMax), ...overrides });
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
