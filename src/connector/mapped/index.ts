import type { Knex } from 'knex';
import { gitCommit, packageVersion } from '../../build-info';
import type { Connector } from '../connector';
import { probe } from '../readiness';
import { bankMethods } from './banks';
import { customerAtBankMethods } from './customer-at-bank';
import { attributeMethods } from './customer-attributes';
import { searchMethods } from './customer-search';
import { customerMethods } from './customers';
import { historyMethods, type GovernanceOptions } from './history';
import { withReadYourWrites } from './read-your-writes';
import { satelliteMethods } from './satellites';

/** The mapped connector: every Connector method served from the local Knex store (SQLite or MySQL). */
export function createMappedConnector(db: Knex, governance: GovernanceOptions = {}): Connector {
  return withReadYourWrites(db, plainConnector(db, governance), (q) => plainConnector(q, governance));
}

function plainConnector(db: Knex, governance: GovernanceOptions): Connector {
  return {
    name: 'mapped',
    ...bankMethods(db),
    ...customerMethods(db, governance),
    ...attributeMethods(db, governance),
    ...customerAtBankMethods(db),
    ...searchMethods(db),
    ...satelliteMethods(db, governance),
    ...historyMethods(db),
    async getAdapterInfo() {
      // The mapped store is part of this service, so the "adapter" is the service itself.
      return {
        name: 'mapped',
        version: packageVersion(),
        gitCommit: gitCommit(),
        date: new Date().toISOString(),
        errorCode: '',
        backendMessages: [],
      };
    },
    async checkReadiness(timeoutMs) {
      return [await probe('database', timeoutMs, () => db.raw('select 1'))];
    },
    // The store's Knex instance belongs to whoever created it.
    async close() {},
  };
}
