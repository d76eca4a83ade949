/**
 * grpc.health.v1.Health for the adapter: Check, and Watch streaming the status until the client leaves. The status
 * follows the store: a monitor asks the connector's readiness check at an interval and reports NOT_SERVING while
 * the store does not answer, SERVING again once it does.
 */
import * as grpc from '@grpc/grpc-js';
import {
  HealthCheckResponse_ServingStatus as Status,
  HealthService as HealthDefinition,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from '../generated/grpc/health/v1/health';
import { CONNECTOR_SERVICE } from '../connector/grpc/channel';
import type { Connector } from '../connector/connector';
import { log } from '../observability/log';

export type ServingStatus = 'SERVING' | 'NOT_SERVING';

type Watcher = grpc.ServerWritableStream<HealthCheckRequest, HealthCheckResponse>;

export class HealthService {
  private statusValue: ServingStatus = 'NOT_SERVING';
  private readonly watchers = new Set<Watcher>();
  /** "" is the whole server. */
  private readonly services = new Set(['', CONNECTOR_SERVICE]);

  get status(): ServingStatus {
    return this.statusValue;
  }

  set(status: ServingStatus): void {
    if (status === this.statusValue) return;
    this.statusValue = status;
    for (const w of this.watchers) w.write({ status: Status[status] });
  }

  /** Ends open Watch streams, so that a graceful shutdown does not wait for them. */
  endWatches(): void {
    for (const w of this.watchers) w.end();
    this.watchers.clear();
  }

  addTo(server: grpc.Server): void {
    server.addService(HealthDefinition, {
      check: (call: grpc.ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>, callback: grpc.sendUnaryData<HealthCheckResponse>) => {
        if (!this.services.has(call.request.service)) {
          callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${call.request.service}` });
          return;
        }
        callback(null, { status: Status[this.statusValue] });
      },
      watch: (call: Watcher) => {
        call.write({ status: this.services.has(call.request.service) ? Status[this.statusValue] : Status.SERVICE_UNKNOWN });
        this.watchers.add(call);
        call.on('cancelled', () => this.watchers.delete(call));
      },
    });
  }
}

/** Checks the store now and then every `intervalMs`; resolves after the first check. Returns a stop function. */
export async function monitorStore(connector: Connector, health: HealthService, intervalMs: number): Promise<() => void> {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const check = async () => {
    const checks = await connector.checkReadiness(Math.min(intervalMs, 2_000));
    const failing = checks.filter((c) => !c.ok);
    const status: ServingStatus = failing.length === 0 ? 'SERVING' : 'NOT_SERVING';
    if (status !== health.status) {
      const detail = failing.map((c) => `${c.dependency}: ${c.detail ?? 'not ready'}`).join('; ');
      if (status === 'SERVING') log().info({ health: status }, 'store answers: SERVING');
      else log().warn({ health: status, detail }, 'store does not answer: NOT_SERVING');
    }
    health.set(status);
  };
  const loop = async () => {
    await check();
    if (!stopped) timer = setTimeout(() => void loop(), intervalMs).unref();
  };
  await loop();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
