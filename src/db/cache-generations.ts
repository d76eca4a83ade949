/**
 * What lets an instance cache rows that other instances may change: one counter per scope in `cache_generations`,
 * advanced in the same transaction as every write to the scope (`invalidating`). Each instance polls the counters
 * (POLL_MS) and stamps what it caches with the counter it saw before reading; an entry whose stamp is not the
 * current one is not used. A write on this instance reads the counter it committed and takes it at once, so the
 * next request here never sees the old rows and the next poll (which finds the same counter) does not drop the
 * entries loaded since; another instance stops using the old rows at its next poll, well within a second.
 * Counters only grow, so a poll that started before a local write and answers after it cannot take the stamp back.
 * When polls fail or fall behind (a database outage, a stalled event loop), nothing is served from the cache.
 */
import type { Knex } from 'knex';
import { log } from '../observability/log';
import { transactionWithRetry } from './conflict-retry';

export type CacheScope = 'auth';

/** How often each instance reads the counters. */
export const POLL_MS = 250;
/** Entries are used only while the last successful poll started less than this long ago: a change committed
 * elsewhere is seen within this bound (plus one poll's duration) even if polls stall. */
const FRESH_MS = 750;

const localListeners = new WeakMap<Knex, Set<(scope: CacheScope, generation: number) => void>>();

/**
 * Runs `change` in a transaction that also advances `scope`'s generation (unless `changed` says the change
 * touched nothing); after the commit, this instance's caches of `scope` on the same database are dropped.
 */
export async function invalidating<T>(
  db: Knex,
  scope: CacheScope,
  change: (trx: Knex.Transaction) => Promise<T>,
  changed: (result: T) => boolean = () => true,
): Promise<T> {
  let committed: number | undefined;
  const result = await transactionWithRetry(db, async (trx) => {
    committed = undefined;
    const r = await change(trx);
    if (changed(r)) {
      await trx('cache_generations').where({ name: scope }).increment('generation', 1);
      // The row is locked by the increment until commit, so this is exactly the counter this write leaves.
      const row: { generation: number | string } | undefined = await trx('cache_generations').where({ name: scope }).first('generation');
      committed = Number(row?.generation);
    }
    return r;
  });
  if (committed !== undefined) for (const listener of localListeners.get(db) ?? []) listener(scope, committed);
  return result;
}

/** The polled counters of one database, and the stamps caches compare against. */
export class CacheGenerations {
  private readonly seen = new Map<CacheScope, number>();
  private lastPollStarted = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private readonly listener = (scope: CacheScope, generation: number) => this.advance(scope, generation);

  constructor(
    private readonly db: Knex,
    private readonly now: () => number = () => performance.now(),
  ) {
    let listeners = localListeners.get(db);
    if (!listeners) localListeners.set(db, (listeners = new Set()));
    listeners.add(this.listener);
  }

  /** Starts polling (the timer does not keep the process alive). */
  start(): this {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
    return this;
  }

  async poll(): Promise<void> {
    const started = this.now();
    try {
      const rows: { name: CacheScope; generation: number | string }[] = await this.db('cache_generations').select('name', 'generation');
      for (const r of rows) this.advance(r.name, Number(r.generation));
      this.lastPollStarted = Math.max(this.lastPollStarted, started);
    } catch (e) {
      log().warn({ code: (e as { code?: string })?.code }, 'reading cache generations failed: caches bypassed until it works');
    }
  }

  private advance(scope: CacheScope, generation: number): void {
    if (!Number.isFinite(generation)) return;
    if (generation > (this.seen.get(scope) ?? -Infinity)) this.seen.set(scope, generation);
  }

  /** The current stamp of `scope`, or undefined when the counters are not known to be fresh (cache unusable). */
  stamp(scope: CacheScope): string | undefined {
    if (this.now() - this.lastPollStarted > FRESH_MS) return undefined;
    const seen = this.seen.get(scope);
    return seen === undefined ? undefined : String(seen);
  }

  close(): void {
    clearInterval(this.timer);
    localListeners.get(this.db)?.delete(this.listener);
  }
}

/** A bounded map whose entries are valid only under the stamp they were loaded with. */
export class GenerationCache<V> {
  private readonly entries = new Map<string, { stamp: string; value: V }>();

  constructor(
    private readonly generations: CacheGenerations,
    private readonly scope: CacheScope,
    private readonly maxEntries: number,
  ) {}

  /** The cached value of `key`, or `load()`'s (cached, unless undefined, when the counters were fresh before it ran). */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const stamp = this.maxEntries > 0 ? this.generations.stamp(this.scope) : undefined;
    if (stamp === undefined) return load();
    const hit = this.entries.get(key);
    if (hit && hit.stamp === stamp) return hit.value;
    const value = await load();
    if (value === undefined) return value;
    // Dropping everything at the cap keeps the bound without per-entry bookkeeping; the next misses refill it.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { stamp, value });
    return value;
  }
}
