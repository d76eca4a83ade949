/**
 * connector_call_duration_seconds for every call of a connector: a decorator that wraps each Connector method
 * once, with its label children made on first use, so a call costs one clock read and one observation.
 */
import type { Histogram } from 'prom-client';
import { isDatabaseUnavailable } from '../db/faults';
import { connectorCallDuration } from '../observability/metrics';
import type { Connector } from './connector';
import { isConnectorError } from './errors';
import { connectorMethodNames } from './star/routing-table';

type Observer = Histogram.Internal<'connector' | 'method' | 'outcome'>;

/** ok, not_found (undefined or false: nothing with that id), or the ConnectorError kind of a failure. */
function failureOutcome(e: unknown): string {
  if (isConnectorError(e)) return e.kind;
  return isDatabaseUnavailable(e) ? 'UNAVAILABLE' : 'INTERNAL';
}

export function instrumentConnector(connector: Connector): Connector {
  const wrapped: Record<string, unknown> = {
    name: connector.name,
    checkReadiness: (timeoutMs: number) => connector.checkReadiness(timeoutMs),
    close: () => connector.close(),
  };
  for (const method of connectorMethodNames) {
    const call = connector[method] as (...args: unknown[]) => Promise<unknown>;
    const observers = new Map<string, Observer>();
    const observe = (outcome: string, started: number) => {
      let o = observers.get(outcome);
      if (o === undefined) {
        o = connectorCallDuration.labels(connector.name, method, outcome);
        observers.set(outcome, o);
      }
      o.observe((performance.now() - started) / 1000);
    };
    wrapped[method] = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        const result = await call.apply(connector, args);
        observe(result === undefined || result === false ? 'not_found' : 'ok', started);
        return result;
      } catch (e) {
        observe(failureOutcome(e), started);
        throw e;
      }
    };
  }
  return wrapped as unknown as Connector;
}

