import type { Knex } from 'knex';
import type { Config } from '../config';
import type { Connector } from './connector';
import { createGrpcConnector, grpcConnectorOptionsFromEnv } from './grpc';
import { createMappedConnector } from './mapped';
import { createStarConnector, loadRoutingTableFile } from './star';

/**
 * Builds the connector the configuration names: `mapped` (the local Knex store), `grpc` (a core banking adapter)
 * or `star` (per-method routing between the two, from CONNECTOR_ROUTING_FILE).
 */
export function createConnector(config: Config, db: Knex, env: Record<string, string | undefined> = process.env): Connector {
  switch (config.CONNECTOR) {
    case 'mapped':
      return createMappedConnector(db);
    case 'grpc':
      return createGrpcConnector(grpcConnectorOptionsFromEnv(env));
    case 'star': {
      const file = env.CONNECTOR_ROUTING_FILE;
      if (!file) throw new Error('CONNECTOR_ROUTING_FILE: required when CONNECTOR=star');
      const routes = loadRoutingTableFile(file);
      const usesGrpc = routes.default === 'grpc' || routes.routes.some((r) => r.connector === 'grpc');
      return createStarConnector({
        routes,
        connectors: {
          mapped: createMappedConnector(db),
          ...(usesGrpc ? { grpc: createGrpcConnector(grpcConnectorOptionsFromEnv(env)) } : {}),
        },
      });
    }
  }
}
