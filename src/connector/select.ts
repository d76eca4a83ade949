import type { Knex } from 'knex';
import type { Config } from '../config';
import type { Connector } from './connector';
import { createMappedConnector } from './mapped';

/** Builds the connector the configuration names. */
export function createConnector(config: Config, db: Knex): Connector {
  switch (config.CONNECTOR) {
    case 'mapped':
      return createMappedConnector(db);
    default:
      throw new Error(`CONNECTOR=${config.CONNECTOR} is not available in this build`);
  }
}
