import type { Knex } from 'knex';
import { transactionWithRetry } from './conflict-retry';

/**
 * The one entry point of every mapped write: `work` runs in a database transaction, and the records a write implies
 * (its customer history, its outbox event, its idempotency record) are written by `work` on the same `trx`, so
 * they commit or roll back with the change. Given a Knex that is already a transaction (the reference adapter's
 * unit of work, or a caller composing several writes), `work` joins it instead of opening a savepoint.
 *
 * A transaction the server rolled back for a conflict (a deadlock, a Galera certification failure) runs again
 * from the start (src/db/conflict-retry.ts); a joined one is retried by its owner.
 */
export function inTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (isTransaction(db)) return work(db);
  return transactionWithRetry(db, work);
}

export function isTransaction(db: Knex): db is Knex.Transaction {
  return (db as unknown as Partial<Knex.Transaction>).isTransaction === true;
}
