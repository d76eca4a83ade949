import type { Knex } from 'knex';

/**
 * The one entry point of every mapped write: `work` runs in a database transaction, and the records a write implies
 * (its customer history, its outbox event, its idempotency record) are written by `work` on the same `trx`, so
 * they commit or roll back with the change. Given a Knex that is already a transaction (the reference adapter's
 * unit of work, or a caller composing several writes), `work` joins it instead of opening a savepoint.
 *
 * Kept in one place so that a retry policy for conflicting commits (e.g. Galera certification failures) can wrap
 * every write here.
 */
export function inTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (isTransaction(db)) return work(db);
  return db.transaction(work);
}

export function isTransaction(db: Knex): db is Knex.Transaction {
  return (db as unknown as Partial<Knex.Transaction>).isTransaction === true;
}
