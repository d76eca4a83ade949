// Every Connector implementation runs the same suite: the test double, the mapped store on each selected
// database, and each of them again behind the reference adapter (grpc→X).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createMappedConnector } from '../../src/connector/mapped';
import { crmEventRow } from '../../src/connector/mapped/crm-events';
import { createKnex } from '../../src/db/knex';
import { migrateLatest } from '../../src/db/migrate';
import { selectedBackends } from '../support/backends';
import { addCrmEvent, addCustomerAttribute, createMemoryConnector, createMemoryStore } from '../support/memory-connector';
import { connectorConformance, type ConformanceSeeder, type ConformanceSubject } from './connector-conformance';
import { grpcLoopback } from './grpc-loopback';

function memorySubject(): ConformanceSubject {
  const store = createMemoryStore();
  const connector = createMemoryConnector(store);
  return {
    connector,
    seed: {
      addCustomerAttribute: async (attr) => void addCustomerAttribute(store, attr),
      addCrmEvent: async (event) => void addCrmEvent(store, event),
    },
    close: () => connector.close(),
  };
}

/** Rows the Connector has no method for, written the way the admin import writes them. */
function mappedSeeder(db: Knex): ConformanceSeeder {
  return {
    async addCustomerAttribute(a) {
      await db('customer_attributes').insert({
        customer_attribute_id: randomUUID(),
        bank_id: a.bankId,
        customer_id: a.customerId,
        name: a.name,
        attribute_type: a.attributeType,
        value: a.value,
        created_at: Date.now(),
      });
    },
    async addCrmEvent(e) {
      await db('crm_events').insert(crmEventRow({ ...e, crmEventId: randomUUID() }));
    },
  };
}

async function mappedSubject(backend: ReturnType<typeof selectedBackends>[number]): Promise<ConformanceSubject> {
  const database = await backend.create();
  const db = createKnex(database.url);
  await migrateLatest(db);
  const connector = createMappedConnector(db);
  return {
    connector,
    seed: mappedSeeder(db),
    async close() {
      await connector.close();
      await db.destroy();
      await database.drop();
    },
  };
}

async function overGrpc(inner: ConformanceSubject): Promise<ConformanceSubject> {
  const loopback = await grpcLoopback(inner.connector);
  return {
    connector: loopback.connector,
    seed: inner.seed,
    async close() {
      await loopback.close();
      await inner.close();
    },
  };
}

connectorConformance('memory', async () => memorySubject());
connectorConformance('grpc→memory', async () => overGrpc(memorySubject()));

for (const backend of selectedBackends()) {
  connectorConformance(`mapped (${backend.name})`, () => mappedSubject(backend));
  connectorConformance(`grpc→mapped (${backend.name})`, async () => overGrpc(await mappedSubject(backend)));
}
