import type { Knex } from 'knex';
import type { Connector } from '../connector';
import { bankMethods } from './banks';
import { customerMethods } from './customers';
import { satelliteMethods } from './satellites';

/** The mapped connector: every Connector method served from the local Knex store (SQLite or MySQL). */
export function createMappedConnector(db: Knex): Connector {
  return {
    name: 'mapped',
    ...bankMethods(db),
    ...customerMethods(db),
    ...satelliteMethods(db),
    async getAdapterInfo() {
      return { name: 'mapped', version: '', gitCommit: '', date: new Date().toISOString(), errorCode: '', backendMessages: [] };
    },
    // The store's Knex instance belongs to whoever created it.
    async close() {},
  };
}
