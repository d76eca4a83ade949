/**
 * The per-statement limit (DATABASE_QUERY_TIMEOUT_MS) holds inside transactions too: Knex runs a transaction's
 * statements through a client of its own, which must inherit the limit, or a node that stops answering holds a
 * transaction (and its request) for as long as the network takes to notice.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex } from '../src/db/knex';
import { QueryTimeoutError, withoutStatementTimeLimit } from '../src/db/query-timeout';
import { selectedBackends } from './support/backends';

const mysql = selectedBackends().find((b) => b.name === 'mysql');

describe.runIf(mysql)('statement limit [mysql]', () => {
  let db: Knex;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await mysql!.create();
    drop = created.drop;
    db = createKnex(created.url, 2, { queryTimeoutMs: 300 });
  });
  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  it('ends an autocommitted statement that outlasts the limit', async () => {
    await expect(db.raw('SELECT SLEEP(5)')).rejects.toBeInstanceOf(QueryTimeoutError);
  });

  it('ends a statement inside a transaction that outlasts the limit, and rolls the transaction back', async () => {
    await db.schema.createTable('marks', (t) => t.integer('id').primary());
    const run = db.transaction(async (trx) => {
      await trx('marks').insert({ id: 1 });
      await trx.raw('SELECT SLEEP(5)');
    });
    await expect(run).rejects.toBeInstanceOf(QueryTimeoutError);
    expect(await db('marks').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('lifts the limit for migrations and the admin CLI only while asked', async () => {
    await withoutStatementTimeLimit(db, () => db.transaction((trx) => trx.raw('SELECT SLEEP(0.5)')));
    await expect(db.transaction((trx) => trx.raw('SELECT SLEEP(5)'))).rejects.toBeInstanceOf(QueryTimeoutError);
  });
});
