/**
 * Migration 20261125040001 (insertion stamps) on a store that already has rows: existing rows keep their order
 * (by creation time, then their key), rows added afterwards come after them, and `down` removes the column.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../migrations';
import * as insertionOrder from '../migrations/20261125040001_insertion_order';
import { createMappedConnector } from '../src/connector/mapped';
import { createKnex } from '../src/db/knex';
import { migrationSource, migratorConfig } from '../src/db/migrate';
import { selectedBackends } from './support/backends';
import { exampleNewCustomer } from './support/fixtures';

const cc = { correlationId: 'migration-test' };
const before = migrations.filter((m) => m.name < insertionOrder.name);

for (const backend of selectedBackends()) {
  describe(`insertion order migration [${backend.name}]`, () => {
    let db: Knex;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const created = await backend.create();
      drop = created.drop;
      db = createKnex(created.url);
      await db.migrate.latest({ ...migratorConfig, migrationSource: { ...migrationSource, getMigrations: async () => before } });
    });
    afterAll(async () => {
      await db?.destroy();
      await drop?.();
    });

    it('stamps existing rows from their creation time, keeps their order, and puts new rows after them', async () => {
      const connector = createMappedConnector(db);
      const bank = { bankId: 'b1', shortName: 'B', fullName: 'Bank', logoUrl: '', websiteUrl: '', swiftBic: '', nationalIdentifier: '', bankRoutingScheme: 'OBP', bankRoutingAddress: 'b1' };
      await connector.createBank(bank, cc);
      const customer = await connector.createCustomer('b1', exampleNewCustomer(), cc);
      // Three handles written in one millisecond, before the migration: only their keys tell their order.
      const at = Date.UTC(2024, 0, 2);
      for (const handle of ['@first', '@second', '@third']) {
        await db('social_media_handles').insert({ customer_id: customer.customerId, type: 't', handle, date_added: at, date_activated: at, created_at: at });
      }
      await insertionOrder.up(db);

      expect(await db('social_media_handles').distinct().pluck('inserted_at_us')).toEqual([at * 1000]);
      await connector.addSocialMediaHandle(customer.customerId, { type: 't', handle: '@after', dateAdded: new Date(at), dateActivated: new Date(at) }, cc);
      const listed = (await connector.getSocialMediaHandles(customer.customerId, cc)).map((h) => h.handle);
      expect(listed).toEqual(['@after', '@third', '@second', '@first']);

      await insertionOrder.down(db);
      expect(await db.schema.hasColumn('social_media_handles', 'inserted_at_us')).toBe(false);
      expect(await db.schema.hasColumn('user_customer_links', 'inserted_at_us')).toBe(false);
      expect(await db.schema.hasColumn('credit_limit_requests', 'inserted_at_us')).toBe(false);
    });
  });
}
