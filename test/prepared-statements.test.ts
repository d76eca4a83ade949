// The hot path's prepared statements (src/db/prepared.ts) keep the guarantees of Knex's queries on MySQL: the
// statement time limit, a usable pool afterwards, and the 'query' event that db_statements_total counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createKnex } from '../src/db/knex';
import { preparedRows } from '../src/db/prepared';
import { QueryTimeoutError } from '../src/db/query-timeout';
import { selectedBackends } from './support/backends';

const mysql = selectedBackends().find((b) => b.name === 'mysql');

describe.skipIf(!mysql)('prepared statements on MySQL', () => {
  let database: Awaited<ReturnType<NonNullable<typeof mysql>['create']>>;
  let db: Knex;

  beforeAll(async () => {
    database = await mysql!.create();
    db = createKnex(database.url, 2, { queryTimeoutMs: 300 });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('answers rows, announces each statement, and stops one that outlives the statement time limit', async () => {
    const seen: string[] = [];
    db.on('query', (q: { sql: string }) => seen.push(q.sql));
    expect(await preparedRows<{ n: number }>(db, 'SELECT ? AS n', ['7'])).toEqual([{ n: '7' }]);
    expect(seen).toEqual(['SELECT ? AS n']);
    await expect(preparedRows(db, 'SELECT SLEEP(?) AS s', ['5'])).rejects.toBeInstanceOf(QueryTimeoutError);
    // The timed-out connection was discarded: both pooled connections still answer.
    const again = await Promise.all([preparedRows<{ n: number }>(db, 'SELECT ? AS n', ['1']), preparedRows<{ n: number }>(db, 'SELECT ? AS n', ['2'])]);
    expect(again).toEqual([[{ n: '1' }], [{ n: '2' }]]);
  });
});
