/** The reference adapter's store: the mapped connector on its own database, writes in one transaction each. */
import type { Knex } from 'knex';
import { transactionWithRetry } from '../db/conflict-retry';
import type { Connector } from '../connector/connector';
import { createMappedConnector } from '../connector/mapped';
import type { GovernanceOptions } from '../connector/mapped/history';
import type { WriteScope } from './handlers';

export interface AdapterStore {
  connector: Connector;
  writeScope: WriteScope;
}

export function mappedStore(db: Knex, governance: GovernanceOptions = {}): AdapterStore {
  return {
    connector: createMappedConnector(db, governance),
    // The mapped connector works on whatever Knex it is given: bound to the transaction, all its statements
    // are part of it (nested transactions become savepoints).
    writeScope: (work) => transactionWithRetry(db, (trx) => work(createMappedConnector(trx, governance))),
  };
}
