import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';

/** A database the suite runs against: a throw-away SQLite file or a throw-away MySQL/MariaDB database. */
export interface Backend {
  name: 'sqlite' | 'mysql';
  /** Creates a fresh, empty database and returns its DATABASE_URL and a function that drops it. */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

const MYSQL_SERVER_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

const sqlite: Backend = {
  name: 'sqlite',
  async create() {
    return { url: 'sqlite::memory:', drop: async () => {} };
  },
};

const mysql: Backend = {
  name: 'mysql',
  async create() {
    const server = new URL(MYSQL_SERVER_URL);
    const name = `obp_test_${randomBytes(6).toString('hex')}`;
    const admin = knexFactory({
      client: 'mysql2',
      connection: {
        host: server.hostname,
        port: Number(server.port || 3306),
        user: decodeURIComponent(server.username),
        password: decodeURIComponent(server.password),
      },
      pool: { min: 0, max: 1 },
    });
    try {
      await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    } catch (e) {
      await admin.destroy();
      throw new Error(
        `MySQL/MariaDB is not reachable at ${server.host} (${(e as Error).message}). ` +
          'Start it, point TEST_MYSQL_URL at a server, or run only SQLite with TEST_DATABASES=sqlite.',
      );
    }
    const url = new URL(MYSQL_SERVER_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        try {
          await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
        } finally {
          await admin.destroy();
        }
      },
    };
  },
};

/** The backends this run covers: TEST_DATABASES=sqlite,mysql (the default) or a subset. */
export function selectedBackends(): Backend[] {
  const wanted = (process.env.TEST_DATABASES ?? 'sqlite,mysql').split(',').map((s) => s.trim());
  return [sqlite, mysql].filter((b) => wanted.includes(b.name));
}
