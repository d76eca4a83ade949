/**
 * `node dist/src/deploy/grpc-health-probe.js [HOST:PORT]`: exits 0 when the gRPC server there answers the standard
 * grpc.health.v1 Check with SERVING within 3 s, else 1. The container health check of the reference adapter (its
 * image has no grpc_health_probe); the adapter reports NOT_SERVING while it cannot serve. The default target is the
 * adapter in the same container, `127.0.0.1:$ADAPTER_PORT`. Plaintext only: an adapter serving TLS needs a probe
 * that holds its certificates.
 */
import * as grpc from '@grpc/grpc-js';
import { HealthCheckResponse_ServingStatus, HealthClient } from '../generated/grpc/health/v1/health';

const TIMEOUT_MS = 3_000;

const target = process.argv[2] ?? `127.0.0.1:${process.env.ADAPTER_PORT || 50051}`;
const client = new HealthClient(target, grpc.credentials.createInsecure());
client.check({ service: '' }, new grpc.Metadata(), { deadline: Date.now() + TIMEOUT_MS }, (err, res) => {
  const status = err ? `unreachable (${grpc.status[err.code] ?? err.code})` : HealthCheckResponse_ServingStatus[res.status];
  console.log(`${target}: ${status}`);
  client.close();
  process.exit(status === 'SERVING' ? 0 : 1);
});
