/**
 * The load generator of `npm run bench:http`, run as its own process so that it does not share an event loop with
 * what it measures. Reads one LoadSpec (JSON) from argv[2], drives the target with autocannon and prints one JSON
 * line: requests per second, latency percentiles, how many answers were not 2xx.
 */
import fs from 'node:fs';
import autocannon from 'autocannon';

export interface LoadSpec {
  /** Origin, e.g. http://127.0.0.1:8080 */
  origin: string;
  /** Path template: `{id}` becomes a random id of idsFile, `{offset}` a random integer in [0, maxOffset]. */
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  idsFile?: string;
  maxOffset?: number;
  connections: number;
  seconds: number;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  non2xx: number;
  errors: number;
}

const spec = JSON.parse(process.argv[2]!) as LoadSpec;
const ids: string[] = spec.idsFile ? (JSON.parse(fs.readFileSync(spec.idsFile, 'utf8')) as string[]) : [];
const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
const offset = () => String(Math.floor(Math.random() * ((spec.maxOffset ?? 0) + 1)));
const makePath = () => spec.path.replace('{id}', pick).replace('{offset}', offset);

const instance = autocannon(
  {
    url: spec.origin,
    connections: spec.connections,
    duration: spec.seconds,
    requests: [
      {
        method: spec.method ?? 'GET',
        headers: { ...spec.headers, ...(spec.body ? { 'content-type': 'application/json' } : {}) },
        body: spec.body,
        setupRequest: (req) => ({ ...req, path: makePath() }),
      },
    ],
  },
  (err, r) => {
    if (err) throw err;
    const result: LoadResult = {
      requests: r.requests.total,
      rps: Math.round(r.requests.total / spec.seconds),
      p50_ms: r.latency.p50,
      p99_ms: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  },
);
process.on('SIGTERM', () => instance.stop());
