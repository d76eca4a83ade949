import type { Knex } from 'knex';

const isMysql = (db: Knex) => db.client.config.client === 'mysql2';

/**
 * The binary collation without trailing-space padding on this server: MariaDB's `utf8mb4_nopad_bin` or MySQL 8's
 * `utf8mb4_0900_bin`. With a PAD SPACE collation (`utf8mb4_bin`), MySQL treats 'abc' and 'abc ' as equal in
 * comparisons and unique keys while SQLite does not; a NO PAD one compares exactly, as SQLite does.
 */
export async function exactCollation(db: Knex): Promise<string> {
  const [rows] = (await db.raw(`SHOW COLLATION WHERE Collation IN ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin')`)) as [
    { Collation: string }[],
  ];
  const names = rows.map((r) => r.Collation);
  const found = ['utf8mb4_nopad_bin', 'utf8mb4_0900_bin'].find((c) => names.includes(c));
  if (!found) throw new Error('This service needs MariaDB 10.2+ or MySQL 8.0+ (a NO PAD binary utf8mb4 collation).');
  return found;
}

/** Creates a table with the options every migration shares: utf8mb4 with exact (binary, no pad) comparison on MySQL. */
export async function createTable(db: Knex, name: string, build: (t: Knex.CreateTableBuilder) => void): Promise<void> {
  const collation = isMysql(db) ? await exactCollation(db) : undefined;
  await db.schema.createTable(name, (t) => {
    if (collation) {
      t.charset('utf8mb4');
      t.collate(collation);
    }
    build(t);
  });
}

/** Instants are stored as epoch milliseconds (BIGINT): exact, zone-free and identical on SQLite and MySQL. */
export function instant(t: Knex.CreateTableBuilder, column: string) {
  return t.bigInteger(column);
}
