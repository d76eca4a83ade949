import type { Knex } from 'knex';

/** Table options shared by every migration: utf8mb4 with binary (exact) comparison on MySQL. */
export function createTable(db: Knex, name: string, build: (t: Knex.CreateTableBuilder) => void) {
  return db.schema.createTable(name, (t) => {
    if (db.client.config.client === 'mysql2') {
      t.charset('utf8mb4');
      t.collate('utf8mb4_bin');
    }
    build(t);
  });
}

/** Instants are stored as epoch milliseconds (BIGINT): exact, zone-free and identical on SQLite and MySQL. */
export function instant(t: Knex.CreateTableBuilder, column: string) {
  return t.bigInteger(column);
}
