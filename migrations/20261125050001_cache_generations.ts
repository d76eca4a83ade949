import type { Knex } from 'knex';
import { createTable } from './helpers';

export const name = '20261125050001_cache_generations';

/**
 * One counter per cached scope ('auth': tokens, users, consumers and entitlements as a session sees them). Every
 * write to the scope advances its counter in the same transaction; every instance polls the counters and drops
 * what it cached under an older one (src/db/cache-generations.ts).
 */
export async function up(db: Knex): Promise<void> {
  await createTable(db, 'cache_generations', (t) => {
    t.string('name', 64).primary();
    t.bigInteger('generation').notNullable().defaultTo(0);
  });
  await db('cache_generations').insert([{ name: 'auth', generation: 0 }]);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('cache_generations');
}
