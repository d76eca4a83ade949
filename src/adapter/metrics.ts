/**
 * The adapter's own Prometheus metrics (prom-client), on their own registry and port (ADAPTER_METRICS_PORT):
 * call durations per RPC and outcome (the gRPC status), and the default process metrics. Label values are RPC
 * names and status names only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import client from 'prom-client';

export interface AdapterMetrics {
  readonly registry: client.Registry;
  readonly calls: client.Histogram<'method' | 'outcome'>;
}

export function createAdapterMetrics(): AdapterMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const calls = new client.Histogram({
    name: 'adapter_call_duration_seconds',
    help: 'Calls served by the adapter, by RPC and outcome (gRPC status name)',
    labelNames: ['method', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, calls };
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/** GET /metrics in the Prometheus text format; anything else is 404. */
export async function serveMetrics(metrics: AdapterMetrics, host: string, port: number): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (body) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
