/**
 * Prometheus metrics (prom-client), one registry per process. Label values come from the endpoint table and the
 * connector's method names, never from raw URLs or user input, so the series count stays bounded.
 */
import client from 'prom-client';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

const seconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests by OBP operation id, method and status',
  labelNames: ['operation_id', 'method', 'status'] as const,
  buckets: seconds,
  registers: [registry],
});

export const connectorCallDuration = new client.Histogram({
  name: 'connector_call_duration_seconds',
  help: 'Connector calls by connector, method and outcome (ok, not_found, or the ConnectorError kind)',
  labelNames: ['connector', 'method', 'outcome'] as const,
  buckets: seconds,
  registers: [registry],
});

export const connectorRetries = new client.Counter({
  name: 'connector_retries_total',
  help: 'Retried connector calls by connector and method',
  labelNames: ['connector', 'method'] as const,
  registers: [registry],
});

export const grpcBreakerOpen = new client.Gauge({
  name: 'grpc_breaker_open',
  help: '1 while the gRPC circuit breaker fails calls fast, else 0',
  registers: [registry],
});

export const directLogins = new client.Counter({
  name: 'direct_login_total',
  help: 'DirectLogin attempts by outcome (success, failure, locked, throttled: refused by a rate limit or a full password queue)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const rateLimitRefusals = new client.Counter({
  name: 'rate_limit_refusals_total',
  help: 'Requests refused with 429 by limiter (consumer, anonymous, login, user_creation)',
  labelNames: ['limiter'] as const,
  registers: [registry],
});

/**
 * Statements sent to the database (every Knex query, transaction statements included): divided by requests
 * served, the SQL round trips per request that `npm run bench:http` reports.
 */
export const dbStatements = new client.Counter({
  name: 'db_statements_total',
  help: 'SQL statements sent to the database',
  registers: [registry],
});

/** A database connection pool's state, read when /metrics is scraped. */
export interface PoolStats {
  max: number;
  used: number;
  free: number;
  pendingAcquires: number;
}

const pools = new Set<() => PoolStats>();

/** Adds a pool to the db_pool_* gauges until the returned function is called (the pool closes). */
export function trackDatabasePool(stats: () => PoolStats): () => void {
  pools.add(stats);
  return () => pools.delete(stats);
}

function poolTotals(): PoolStats {
  const total: PoolStats = { max: 0, used: 0, free: 0, pendingAcquires: 0 };
  for (const read of pools) {
    const s = read();
    total.max += s.max;
    total.used += s.used;
    total.free += s.free;
    total.pendingAcquires += s.pendingAcquires;
  }
  return total;
}

export const dbPoolConnections = new client.Gauge({
  name: 'db_pool_connections',
  help: "Connections of the service's database pool by state (used: lent to a query, free: idle, max: the pool's limit)",
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    const t = poolTotals();
    this.set({ state: 'used' }, t.used);
    this.set({ state: 'free' }, t.free);
    this.set({ state: 'max' }, t.max);
  },
});

export const dbPoolPendingAcquires = new client.Gauge({
  name: 'db_pool_pending_acquires',
  help: "Queries waiting for a connection of the service's database pool",
  registers: [registry],
  collect() {
    this.set(poolTotals().pendingAcquires);
  },
});

export const passwordHashQueueDepth = new client.Gauge({
  name: 'password_hash_queue_depth',
  help: 'Password hashes and checks running or waiting for a slot (bounded by PASSWORD_HASH_CONCURRENCY + PASSWORD_HASH_QUEUE_MAX)',
  registers: [registry],
});

export const passwordHashRefusals = new client.Counter({
  name: 'password_hash_refusals_total',
  help: 'Logins and sign-ups refused with 503 because the password hashing queue was full',
  registers: [registry],
});
