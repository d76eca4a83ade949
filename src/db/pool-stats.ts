import type { Knex } from 'knex';
import type { PoolStats } from '../observability/metrics';

/** The subset of tarn's pool (Knex's pool) that the gauges read. */
interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/** Reads a Knex instance's pool for the db_pool_* gauges (all zero before the first connection or after close). */
export function knexPoolStats(db: Knex): () => PoolStats {
  return () => {
    const pool = (db.client as { pool?: TarnPool }).pool;
    if (!pool) return { max: 0, used: 0, free: 0, pendingAcquires: 0 };
    return { max: pool.max, used: pool.numUsed(), free: pool.numFree(), pendingAcquires: pool.numPendingAcquires() };
  };
}
