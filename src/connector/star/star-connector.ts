/** The `star` connector: sends each call to the connector its routing table names (OBP's StarConnector). */
import type { Connector } from '../connector';
import { connectorMethodNames, resolveRoute, type RoutableConnectorName, type RoutingTable } from './routing-table';

export interface StarConnectorOptions {
  routes: RoutingTable;
  connectors: Partial<Record<RoutableConnectorName, Connector>> & { mapped: Connector };
}

export function createStarConnector({ routes, connectors }: StarConnectorOptions): Connector {
  const used = new Set<RoutableConnectorName>([routes.default, ...routes.routes.map((r) => r.connector)]);
  for (const name of used) {
    if (!connectors[name]) throw new Error(`The routing table sends calls to "${name}", but no ${name} connector is configured`);
  }

  const distinct = () => [...new Set(Object.values(connectors).filter((c): c is Connector => c !== undefined))];
  const star: Record<string, unknown> = {
    name: 'star',
    async checkReadiness(timeoutMs: number) {
      return (await Promise.all(distinct().map((c) => c.checkReadiness(timeoutMs)))).flat();
    },
    async close() {
      await Promise.all(distinct().map((c) => c.close()));
    },
  };
  for (const method of connectorMethodNames) {
    star[method] = (...args: unknown[]) => {
      const target = connectors[resolveRoute(routes, method, args)] as Connector;
      return (target[method] as (...a: unknown[]) => Promise<unknown>).apply(target, args);
    };
  }
  return star as unknown as Connector;
}
