export { createStarConnector, type StarConnectorOptions } from './star-connector';
export {
  bankIdArgument,
  loadRoutingTable,
  loadRoutingTableFile,
  resolveRoute,
  RoutingTableError,
  routableConnectorNames,
  type RoutableConnectorName,
  type Route,
  type RoutingTable,
} from './routing-table';
