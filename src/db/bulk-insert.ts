/**
 * Many rows in few statements, on a transaction's own connection: the admin import's path for its 100,000s of
 * rows. Knex compiles a multi-row insert anew each time (sorting every row's keys, wrapping every identifier) and
 * on SQLite prepares it anew; here the statement text of a table and row count is built once, SQLite keeps the
 * prepared statement per connection, and rows arrive as arrays in column order. Each statement is announced like
 * any Knex query (its 'query' event: db_statements_total counts it). MySQL takes rows several to a statement, SQLite
 * one (see sqliteInsert).
 */
import type { Knex } from 'knex';
import { isMysql } from './knex';

export type BulkValue = string | number | boolean | null;

export interface BulkTable {
  table: string;
  columns: readonly string[];
  /** On a duplicate of this unique key, set these columns to the inserted row's values (an upsert). */
  upsert?: { key: readonly string[]; set: readonly string[] };
}

// MySQL's limit of placeholders in a statement is 65,535.
const MAX_PARAMETERS = 32_000;
// Rows per MySQL statement: past a few hundred, a longer statement saves nothing measurable.
const MAX_ROWS = 500;
// A statement's text stays well inside max_allowed_packet (16 MB by default on MariaDB, 64 MB on MySQL 8), even
// with every character taking 4 bytes.
const MAX_CHARS = 2 << 20;

interface SqliteStatement {
  run(params: BulkValue[]): unknown;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}
interface MysqlConnection {
  execute(sql: string, values: BulkValue[], done: (err: Error | null) => void): void;
}
interface TransactionClient {
  acquireConnection(): Promise<unknown>;
  emit(event: 'query', query: { sql: string; bindings: BulkValue[]; method: string }): void;
}

const texts = new Map<string, string>();
const prepared = new WeakMap<object, Map<string, SqliteStatement>>();

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function statementText(mysql: boolean, t: BulkTable, rows: number): string {
  const key = `${mysql ? 'm' : 's'} ${t.table} ${t.columns.join(',')} ${rows} ${t.upsert ? t.upsert.set.join(',') : ''}`;
  let sql = texts.get(key);
  if (sql !== undefined) return sql;
  for (const name of [t.table, ...t.columns, ...(t.upsert ? [...t.upsert.key, ...t.upsert.set] : [])]) {
    if (!IDENTIFIER.test(name)) throw new Error(`bulk insert: not a plain identifier: ${name}`);
  }
  const row = `(${t.columns.map(() => '?').join(', ')})`;
  sql = `insert into \`${t.table}\` (${t.columns.map((c) => `\`${c}\``).join(', ')}) values ${Array(rows).fill(row).join(', ')}`;
  if (t.upsert) {
    sql += mysql
      ? ` on duplicate key update ${t.upsert.set.map((c) => `\`${c}\` = values(\`${c}\`)`).join(', ')}`
      : ` on conflict (${t.upsert.key.map((c) => `\`${c}\``).join(', ')}) do update set ${t.upsert.set.map((c) => `\`${c}\` = excluded.\`${c}\``).join(', ')}`;
  }
  texts.set(key, sql);
  return sql;
}

function sqliteStatement(connection: SqliteConnection, sql: string): SqliteStatement {
  let statements = prepared.get(connection);
  if (!statements) prepared.set(connection, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = connection.prepare(sql)));
  return statement;
}

/** Inserts `rows` (each in `t.columns` order) on `trx`'s connection. */
export async function bulkInsert(trx: Knex.Transaction, t: BulkTable, rows: readonly (readonly BulkValue[])[]): Promise<void> {
  if (rows.length === 0) return;
  const client = trx.client as unknown as TransactionClient;
  // Within a transaction Knex hands out the transaction's connection.
  const connection = (await client.acquireConnection()) as object;
  for (const row of rows) {
    if (row.length !== t.columns.length) throw new Error(`bulk insert into ${t.table}: a row of ${row.length} values for ${t.columns.length} columns`);
  }
  if (isMysql(trx)) await mysqlInsert(client, connection as MysqlConnection, t, rows);
  else sqliteInsert(client, connection as SqliteConnection, t, rows);
}

/**
 * One row per statement: SQLite runs in this process, so a statement costs no round trip, and a statement that
 * writes several rows inside a transaction also writes every page it changes to a statement journal (a temporary
 * file, to undo just that statement should a later row fail): with 200-row statements the import wrote each page
 * about three times more (1.37 million pwrite calls instead of about 0.4 million).
 */
function sqliteInsert(client: TransactionClient, connection: SqliteConnection, t: BulkTable, rows: readonly (readonly BulkValue[])[]) {
  const sql = statementText(false, t, 1);
  const statement = sqliteStatement(connection, sql);
  for (const row of rows) {
    // SQLite binds no booleans: 1 or 0, as Knex stores them.
    const values = row.some((v) => typeof v === 'boolean') ? row.map((v) => (typeof v === 'boolean' ? Number(v) : v)) : (row as BulkValue[]);
    client.emit('query', { sql, bindings: values, method: 'insert' });
    statement.run(values);
  }
}

/**
 * Several rows per statement, within the server's limits: each statement is a round trip. As a prepared statement
 * (mysql2 prepares each text once per connection), so the values travel in the binary protocol and the client
 * neither escapes them nor builds a statement text around them: with the text protocol, escaping took 1.9 s of
 * the import's client CPU in a profile.
 */
async function mysqlInsert(client: TransactionClient, connection: MysqlConnection, t: BulkTable, rows: readonly (readonly BulkValue[])[]) {
  const rowLimit = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / t.columns.length)));
  let at = 0;
  while (at < rows.length) {
    const values: BulkValue[] = [];
    let chars = 0;
    let count = 0;
    while (at < rows.length && count < rowLimit && (count === 0 || chars < MAX_CHARS)) {
      for (const v of rows[at++]!) {
        values.push(v);
        if (typeof v === 'string') chars += v.length;
      }
      count++;
    }
    const sql = statementText(true, t, count);
    client.emit('query', { sql, bindings: values, method: 'insert' });
    await new Promise<void>((resolve, reject) => connection.execute(sql, values, (err) => (err ? reject(err) : resolve())));
  }
}
