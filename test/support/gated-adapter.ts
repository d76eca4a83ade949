/**
 * A reference adapter (over the in-memory connector) whose getBanks can be held: calls wait at a gate until the
 * test opens it. It gives a service a request that stays in flight for exactly as long as a test needs.
 */
import { startAdapter, type RunningAdapter } from '../../src/adapter/server';
import type { Connector } from '../../src/connector/connector';
import { createMemoryConnector } from './memory-connector';

export interface GatedAdapter {
  /** host:port for GRPC_ADAPTER_URL */
  url: string;
  /** From now on getBanks waits until open(). */
  hold(): void;
  /** Lets waiting and future getBanks calls through. */
  open(): void;
  /** Resolves when a getBanks call is waiting at the gate. */
  reached(): Promise<void>;
  close(): Promise<void>;
}

export async function startGatedAdapter(): Promise<GatedAdapter> {
  const memory = createMemoryConnector();
  let gate: Promise<void> | undefined;
  let openGate = () => {};
  let arrived: (() => void)[] = [];
  const connector: Connector = {
    ...memory,
    async getBanks(cc) {
      if (gate) {
        for (const notify of arrived) notify();
        arrived = [];
        await gate;
      }
      return memory.getBanks(cc);
    },
  };
  const adapter: RunningAdapter = await startAdapter({ connector, host: '127.0.0.1', port: 0, shutdownGraceMs: 50 });
  const open = () => {
    gate = undefined;
    openGate();
  };
  return {
    url: `127.0.0.1:${adapter.port}`,
    hold() {
      gate = new Promise((resolve) => (openGate = resolve));
    },
    open,
    reached: () => new Promise((resolve) => arrived.push(resolve)),
    async close() {
      open();
      adapter.kill();
    },
  };
}
