import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { startAdapter } from '../src/adapter/server';
import { HealthCheckResponse_ServingStatus, HealthService } from '../src/generated/grpc/health/v1/health';
import { freePort } from './support/ports';
import { createMemoryConnector } from './support/memory-connector';

const PROBE = path.resolve(__dirname, '../dist/src/deploy/grpc-health-probe.js');

async function probe(target: string) {
  const started = Date.now();
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [PROBE, target]);
    return { code: 0, stdout, ms: Date.now() - started };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout, ms: Date.now() - started };
  }
}

/** A gRPC server whose health service always answers `status`. */
async function healthServer(status: keyof typeof HealthCheckResponse_ServingStatus) {
  const server = new grpc.Server();
  server.addService(HealthService, {
    check: (_call: unknown, callback: grpc.sendUnaryData<{ status: HealthCheckResponse_ServingStatus }>) =>
      callback(null, { status: HealthCheckResponse_ServingStatus[status] }),
    watch: () => {},
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  return { port, close: () => server.forceShutdown() };
}

// The probe is the adapter container's health check in compose.yaml: run as built, as the container runs it.
describe('grpc health probe (built)', () => {
  beforeAll(() => {
    if (!fs.existsSync(PROBE)) throw new Error(`${PROBE} is missing: run \`npm run build\` (npm test does) first`);
  });

  it('passes against a serving reference adapter', async () => {
    const adapter = await startAdapter({ connector: createMemoryConnector(), port: 0 });
    try {
      const res = await probe(`127.0.0.1:${adapter.port}`);
      expect(res).toMatchObject({ code: 0, stdout: `127.0.0.1:${adapter.port}: SERVING\n` });
    } finally {
      await adapter.close();
    }
  });

  it('fails when the server reports NOT_SERVING', async () => {
    const server = await healthServer('NOT_SERVING');
    try {
      expect(await probe(`127.0.0.1:${server.port}`)).toMatchObject({ code: 1, stdout: `127.0.0.1:${server.port}: NOT_SERVING\n` });
    } finally {
      server.close();
    }
  });

  it('fails within its 3 s deadline when nothing listens', async () => {
    const port = await freePort();
    const res = await probe(`127.0.0.1:${port}`);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/unreachable/);
    expect(res.ms).toBeLessThan(10_000);
  });
});
