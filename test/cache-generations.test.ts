/**
 * The generation stamps behind the per-instance caches, on an embedded SQLite database with a hand-driven clock and
 * hand-driven polls: a local write is seen by the next lookup, the poll that follows it keeps what was loaded after
 * it, a poll that read the counters before a local write cannot bring the old stamp back, and stale polls bypass.
 */
import knexFactory, { type Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheGenerations, GenerationCache, invalidating } from '../src/db/cache-generations';

describe('cache generations', () => {
  let db: Knex;
  let clock: number;
  let generations: CacheGenerations;
  let cache: GenerationCache<string>;
  let loads: number;
  let value: string;

  const lookup = () => cache.get('k', async () => (loads++, value));
  const write = (next: string) => invalidating(db, 'auth', async () => void (value = next));

  beforeEach(async () => {
    db = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    await db.schema.createTable('cache_generations', (t) => {
      t.string('name').primary();
      t.bigInteger('generation').notNullable();
    });
    await db('cache_generations').insert({ name: 'auth', generation: 7 });
    clock = 0;
    loads = 0;
    value = 'old';
    generations = new CacheGenerations(db, () => clock);
    cache = new GenerationCache(generations, 'auth', 10);
    await generations.poll();
  });
  afterEach(async () => {
    generations.close();
    await db.destroy();
  });

  it('serves a warm entry, and the next lookup after a local write loads the new value', async () => {
    expect(await lookup()).toBe('old');
    expect(await lookup()).toBe('old');
    expect(loads).toBe(1);
    await write('new');
    expect(await lookup()).toBe('new');
    expect(loads).toBe(2);
  });

  it('the poll after a local write finds the counter the write left and keeps what was loaded since', async () => {
    await write('new');
    expect(await lookup()).toBe('new');
    await generations.poll();
    expect(await lookup()).toBe('new');
    expect(loads).toBe(1);
  });

  it('a poll that read the counters before a local write committed cannot take the stamp back', async () => {
    // The counters' reads go through a gate: the read itself happens at once, its answer arrives when released.
    let read!: () => void;
    let release: () => void = () => undefined;
    let gate: Promise<void> = Promise.resolve();
    const counterRead = new Promise<void>((resolve) => (read = resolve));
    const gated = Object.assign(
      (table: string) => {
        const query = db(table);
        if (table !== 'cache_generations') return query;
        return {
          select: async (...columns: string[]) => {
            const rows: unknown = await query.select(...columns);
            read();
            await gate;
            return rows;
          },
        };
      },
      { transaction: db.transaction.bind(db) },
    ) as unknown as Knex;
    generations.close();
    generations = new CacheGenerations(gated, () => clock);
    cache = new GenerationCache(generations, 'auth', 10);
    await generations.poll();
    expect(await lookup()).toBe('old');

    gate = new Promise<void>((resolve) => (release = resolve));
    const latePoll = generations.poll();
    await counterRead;
    await invalidating(gated, 'auth', async () => void (value = 'new'));
    expect(generations.stamp('auth')).toBe('8');
    release();
    await latePoll;
    expect(generations.stamp('auth')).toBe('8');
    expect(await lookup()).toBe('new');
  });

  it('nothing is served from the cache while polls are stale', async () => {
    expect(await lookup()).toBe('old');
    clock = 10_000;
    expect(await lookup()).toBe('old');
    expect(await lookup()).toBe('old');
    expect(loads).toBe(3);
    // Fresh again and nothing changed: the entry loaded under the same counter serves again.
    await generations.poll();
    expect(await lookup()).toBe('old');
    expect(loads).toBe(3);
  });
});
