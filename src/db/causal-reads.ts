/**
 * Read-your-writes across instances on a Galera cluster. A write commits on the node that took it once every node
 * has certified it, but the other nodes apply it a moment later: an instance on another node can, for a few
 * milliseconds (longer when that node is busy), read the state from before the write. A client that logs in through
 * one instance and is routed to another must not see its new token refused, or a customer it just created missing.
 *
 * Galera's causal reads close that gap: with `wsrep_sync_wait` set, a read first waits until the node has applied
 * everything committed in the cluster before the read began. It costs a round trip to the cluster, so it is paid
 * only when it can matter: a lookup that finds nothing, of a row that may just have been written (a token, a
 * user, an entitlement, a customer), is read once more, causally. A row that exists is found by the plain read; a
 * row that truly does not exist costs the second read. Elsewhere (SQLite, a single MySQL or MariaDB server) the
 * plain read is already causal and nothing else happens.
 */
import type { Knex } from 'knex';
import { isMysql } from './knex';

const detected = new WeakMap<object, Promise<boolean>>();

/** Whether `db` talks to a Galera node (`wsrep_on`), asked once per Knex instance. */
export function isGalera(db: Knex): Promise<boolean> {
  if (!isMysql(db)) return Promise.resolve(false);
  let known = detected.get(db.client);
  if (!known) {
    known = db.raw('SELECT @@wsrep_on AS wsrep_on').then(
      ([rows]: [{ wsrep_on: number | string }[]]) => Number(rows[0]?.wsrep_on) === 1,
      // MySQL proper has no such variable: not Galera.
      (e: { code?: string }) => {
        if (e?.code === 'ER_UNKNOWN_SYSTEM_VARIABLE') return false;
        // The database could not answer: ask again next time.
        detected.delete(db.client);
        throw e;
      },
    );
    detected.set(db.client, known);
  }
  return known;
}

/**
 * Runs `read` after the node has applied every write committed anywhere in the cluster so far: a barrier
 * statement with `wsrep_sync_wait` (a per-statement setting: nothing to reset on the pooled connection), then the
 * read in a transaction on the same connection. (Inside a transaction the setting has no effect: the barrier
 * must come before BEGIN, and the read must not go to another connection, which could lead to another node.)
 */
export async function readCausally<T>(db: Knex, read: (q: Knex) => Promise<T>): Promise<T> {
  const connection = await db.client.acquireConnection();
  try {
    await db.raw('SET STATEMENT wsrep_sync_wait = 1 FOR SELECT 1').connection(connection);
    return await db.transaction((trx) => read(trx), { connection });
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/**
 * `read(db)`; when it finds nothing (`isMiss`) on a Galera node, read once more causally (see above). Inside a
 * transaction the transaction's snapshot decides, and nothing is read again.
 */
export async function readYourWrites<T>(db: Knex, read: (q: Knex) => Promise<T>, isMiss: (value: T) => boolean = (v) => v === undefined): Promise<T> {
  const value = await read(db);
  if (!isMiss(value) || (db as Knex & { isTransaction?: boolean }).isTransaction || !(await isGalera(db))) return value;
  return readCausally(db, read);
}
