// Every Connector implementation runs the same suite. After the mapped connector is merged, register it here too:
//   connectorConformance('mapped', …) and connectorConformance('grpc→mapped', …) via grpcLoopback(mapped).
import { connectorConformance, type ConformanceSubject } from './connector-conformance';
import { grpcLoopback } from './grpc-loopback';
import { addCrmEvent, addCustomerAttribute, createMemoryConnector, createMemoryStore } from '../support/memory-connector';

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

connectorConformance('memory', async () => memorySubject());

connectorConformance('grpc→memory', async () => {
  const inner = memorySubject();
  const loopback = await grpcLoopback(inner.connector);
  return { connector: loopback.connector, seed: inner.seed, close: () => loopback.close() };
});
