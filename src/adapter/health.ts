/** grpc.health.v1.Health for the adapter: Check, and Watch streaming the status until the client leaves. */
import * as grpc from '@grpc/grpc-js';
import { CONNECTOR_SERVICE, loadProtos } from '../connector/grpc/proto';

export type ServingStatus = 'SERVING' | 'NOT_SERVING';

export class HealthService {
  private statusValue: ServingStatus = 'NOT_SERVING';
  private readonly watchers = new Set<grpc.ServerWritableStream<{ service: string }, { status: string }>>();
  /** "" is the whole server. */
  private readonly services = new Set(['', CONNECTOR_SERVICE]);

  set(status: ServingStatus): void {
    this.statusValue = status;
    for (const w of this.watchers) w.write({ status });
  }

  /** Ends open Watch streams, so that a graceful shutdown does not wait for them. */
  endWatches(): void {
    for (const w of this.watchers) w.end();
    this.watchers.clear();
  }

  addTo(server: grpc.Server): void {
    server.addService(loadProtos().health.service, {
      Check: (
        call: grpc.ServerUnaryCall<{ service: string }, { status: string }>,
        callback: grpc.sendUnaryData<{ status: string }>,
      ) => {
        if (!this.services.has(call.request.service)) {
          callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${call.request.service}` });
          return;
        }
        callback(null, { status: this.statusValue });
      },
      Watch: (call: grpc.ServerWritableStream<{ service: string }, { status: string }>) => {
        if (!this.services.has(call.request.service)) {
          call.write({ status: 'SERVICE_UNKNOWN' });
        } else {
          call.write({ status: this.statusValue });
        }
        this.watchers.add(call);
        call.on('cancelled', () => this.watchers.delete(call));
      },
    });
  }
}
