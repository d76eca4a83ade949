import type { Knex } from 'knex';
import type { Config } from '../config';
import type { Connector } from './connector';
import { createGrpcConnector, grpcConnectorOptionsFromEnv } from './grpc';
import { instrumentConnector } from './instrument';
import { createMappedConnector } from './mapped';
import { createStarConnector, loadRoutingTableFile } from './star';

/**
 * Builds the connector the configuration names: `mapped` (the local Knex store), `grpc` (a core banking adapter)
 * or `star` (per-method routing between the two, from CONNECTOR_ROUTING_FILE). Each real connector is measured
 * (connector_call_duration_seconds); under `star`, the ones it routes to, so the label says where a call went.
 */
export function createConnector(config: Config, db: Knex, env: Record<string, string | undefined> = process.env): Connector {
  // With events on, every mapped write also fills the outbox (README "Data governance").
  const governance = { outbox: Boolean(config.EVENTS_AMQP_URL) };
  switch (config.CONNECTOR) {
    case 'mapped':
      return instrumentConnector(createMappedConnector(db, governance));
    case 'grpc':
      return instrumentConnector(createGrpcConnector(grpcConnectorOptionsFromEnv(env)));
    case 'star': {
      const file = env.CONNECTOR_ROUTING_FILE;
      if (!file) throw new Error('CONNECTOR_ROUTING_FILE: required when CONNECTOR=star');
      const routes = loadRoutingTableFile(file);
      const usesGrpc = routes.default === 'grpc' || routes.routes.some((r) => r.connector === 'grpc');
      return createStarConnector({
        routes,
        connectors: {
          mapped: instrumentConnector(createMappedConnector(db, governance)),
          ...(usesGrpc ? { grpc: instrumentConnector(createGrpcConnector(grpcConnectorOptionsFromEnv(env))) } : {}),
        },
      });
    }
  }
}
