import type { Knex } from 'knex';

export const name = '20261125040001_insertion_order';

/**
 * Lists that follow insertion order get a column that says it on every node: microseconds since the epoch when
 * the row was written (src/db/insertion-order.ts). The auto-increment keys they were ordered by do not: on a
 * Galera cluster each node hands out its own residue class (auto_increment_offset), and a node that has not yet
 * applied another node's newest row hands out a smaller key for a later row. The keys stay as tiebreaks, and
 * existing rows take their stamp from their millisecond creation time (rows of one millisecond then keep their
 * key order, which was their insertion order on the one server that wrote them).
 */
const TABLES = [
  { table: 'user_customer_links', parent: 'user_id', created: 'date_inserted', seq: 'link_seq' },
  { table: 'social_media_handles', parent: 'customer_id', created: 'created_at', seq: 'social_media_handle_seq' },
  { table: 'credit_limit_requests', parent: 'customer_id', created: 'created_at', seq: 'credit_limit_request_seq' },
] as const;

export async function up(db: Knex): Promise<void> {
  for (const { table, parent, created, seq } of TABLES) {
    await db.schema.alterTable(table, (t) => {
      t.bigInteger('inserted_at_us').notNullable().defaultTo(0);
    });
    await db(table).update({ inserted_at_us: db.raw('?? * 1000', [created]) });
    await db.schema.alterTable(table, (t) => {
      t.index([parent, 'inserted_at_us', seq], `${table}_insertion_order`);
    });
  }
}

export async function down(db: Knex): Promise<void> {
  for (const { table } of TABLES) {
    await db.schema.alterTable(table, (t) => {
      t.dropIndex([], `${table}_insertion_order`);
      t.dropColumn('inserted_at_us');
    });
  }
}
