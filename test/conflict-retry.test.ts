/**
 * The conflict retry on a single MariaDB server (the Galera tests show it against certification failures): a
 * transaction that loses a deadlock runs again and commits; a transaction whose connection dies is not run again.
 */
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionWithRetry } from '../src/db/conflict-retry';
import { selectedBackends } from './support/backends';

const mysql = selectedBackends().find((b) => b.name === 'mysql');

describe.runIf(mysql)('conflict retry [mysql]', () => {
  let db: Knex;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await mysql!.create();
    drop = created.drop;
    db = knexFactory({ client: 'mysql2', connection: created.url, pool: { min: 0, max: 4 } });
    await db.schema.createTable('pair', (t) => {
      t.integer('id').primary();
      t.integer('value').notNullable();
    });
    await db('pair').insert([
      { id: 1, value: 0 },
      { id: 2, value: 0 },
    ]);
  });
  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  it('runs the loser of a deadlock again: both transactions commit', async () => {
    let bothHoldOne!: () => void;
    const ready = new Promise<void>((resolve) => (bothHoldOne = resolve));
    let holding = 0;
    const runs = { a: 0, b: 0 };
    // a locks 1 then 2, b locks 2 then 1: InnoDB rolls one back with error 1213.
    const transfer = (name: 'a' | 'b', first: number, second: number) =>
      transactionWithRetry(db, async (trx) => {
        runs[name]++;
        await trx('pair').where({ id: first }).increment('value', 1);
        if (runs[name] === 1) {
          if (++holding === 2) bothHoldOne();
          await ready;
        }
        await trx('pair').where({ id: second }).increment('value', 1);
      });
    await Promise.all([transfer('a', 1, 2), transfer('b', 2, 1)]);
    expect(runs.a + runs.b).toBe(3);
    expect(await db('pair').orderBy('id').pluck('value')).toEqual([2, 2]);
  });

  it('does not run again a transaction whose connection was lost (its outcome is not known)', async () => {
    let runs = 0;
    const killer = knexFactory({ client: 'mysql2', connection: db.client.config.connection, pool: { min: 0, max: 1 } });
    try {
      const attempt = transactionWithRetry(db, async (trx) => {
        runs++;
        const [[{ id }]] = await trx.raw('SELECT CONNECTION_ID() AS id');
        await trx('pair').where({ id: 1 }).increment('value', 10);
        await killer.raw(`KILL ${Number(id)}`);
        await trx('pair').where({ id: 2 }).increment('value', 10);
      });
      await expect(attempt).rejects.toMatchObject({ fatal: true });
      expect(runs).toBe(1);
    } finally {
      await killer.destroy();
    }
  });
});
