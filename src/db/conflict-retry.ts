/**
 * Writes that lose a conflict are run again. On a Galera cluster a transaction that wrote rows (or unique keys)
 * another node wrote concurrently fails when it commits, at certification, with MySQL's deadlock error 1213; an
 * InnoDB deadlock on a single server ends the same way. Either way the server has rolled the whole transaction
 * back, so running the unit of work again cannot apply it twice.
 *
 * Only that error is retried. A lost connection or a statement timeout during COMMIT leaves the outcome unknown
 * (the commit may have happened), so those are never retried here: the caller answers 503 and the client decides.
 * A lock wait timeout (1205) is not retried either: waiting another full lock timeout would outlast the request.
 */
import type { Knex } from 'knex';
import { log } from '../observability/log';

export interface ConflictRetryOptions {
  /** Runs of the unit of work in all, the first included. */
  attempts?: number;
  /** The first back-off's upper bound; each next one doubles, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

const DEFAULTS: Required<ConflictRetryOptions> = { attempts: 10, baseDelayMs: 5, maxDelayMs: 400 };

function codeIs(e: unknown): boolean {
  const err = e as { errno?: unknown; code?: unknown } | null;
  return err?.errno === 1213 || err?.code === 'ER_LOCK_DEADLOCK';
}

/** True for a deadlock or a Galera certification failure: the transaction was rolled back as a whole. */
export function isConflictError(e: unknown): boolean {
  return codeIs(e) || codeIs((e as { cause?: unknown } | null)?.cause);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work`, and runs it again (bounded, with full-jitter exponential back-off) while it fails with a conflict.
 * `work` must be one whole transaction or one autocommitted statement: never a part of a larger transaction.
 */
export async function withConflictRetry<T>(work: () => Promise<T>, options: ConflictRetryOptions = {}): Promise<T> {
  const { attempts, baseDelayMs, maxDelayMs } = { ...DEFAULTS, ...options };
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (!isConflictError(e) || attempt >= attempts) throw e;
      // Full jitter: writers that collided once spread out instead of colliding again in step.
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      log().debug({ attempt }, 'write conflict: running the transaction again');
      await sleep(Math.random() * ceiling);
    }
  }
}

/**
 * `db.transaction(work)`, run again on a conflict. Inside an enclosing transaction it is a savepoint of that
 * transaction and is not retried on its own: the conflict rolled the enclosing one back, whose owner retries.
 */
export function transactionWithRetry<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if ((db as Knex & { isTransaction?: boolean }).isTransaction) return db.transaction(work);
  return withConflictRetry(() => db.transaction(work));
}

interface QueryingClient {
  _query(connection: unknown, obj: unknown): Promise<unknown>;
}

/**
 * Retries every autocommitted statement of `db` that loses a conflict (one statement is its own transaction).
 * Knex runs statements of a transaction through a separate client object that does not see this wrapper, so
 * statements inside transactions are left to transactionWithRetry, which reruns the whole transaction.
 */
export function retryConflictingStatements(db: Knex, options: ConflictRetryOptions = {}): void {
  const client = db.client as unknown as QueryingClient;
  const send = client._query.bind(client);
  client._query = (connection, obj) => withConflictRetry(() => send(connection, obj), options);
}
