/**
 * The reference adapter as operators run it (the compiled build, `npm run adapter`): it refuses an exposed
 * plaintext address, and started with a shared secret and a metrics port it serves signed calls only, logs JSON
 * lines with the caller's correlation id, exposes metrics and stops cleanly on SIGTERM.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrpcConnector } from '../src/connector/grpc';
import { cc } from './conformance/fixtures';
import { AMQP_URL, eventQueue } from './support/amqp';
import { uniqueId } from './support/client';
import { exampleNewCustomer } from './support/fixtures';
import { eventually, failure } from './support/grpc';
import { freePort } from './support/ports';

const ADAPTER = path.resolve(__dirname, '../dist/src/adapter/main.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obp-adapter-'));
const SECRET = 'z'.repeat(48);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('reference adapter (built)', () => {
  beforeAll(() => {
    if (!fs.existsSync(ADAPTER)) throw new Error(`${ADAPTER} is missing: run \`npm run build\` (npm test does) first`);
  });

  it('refuses to serve plaintext on a non-loopback address unless allowed', async () => {
    const run = await promisify(execFile)(process.execPath, [ADAPTER], {
      env: { ...process.env, ADAPTER_HOST: '0.0.0.0', ADAPTER_PORT: '0', DATABASE_URL: 'sqlite::memory:' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ADAPTER_HOST 0\.0\.0\.0 is not a loopback address: .*ADAPTER_ALLOW_PLAINTEXT=true/);
  });

  describe('started with a shared secret and a metrics port', () => {
    let child: ChildProcess;
    const lines: Record<string, unknown>[] = [];
    let stdout = '';
    let port: number;
    let metricsPort: number;

    beforeAll(async () => {
      [port, metricsPort] = [await freePort(), await freePort()];
      child = spawn(process.execPath, [ADAPTER], {
        env: {
          ...process.env,
          ADAPTER_PORT: String(port),
          ADAPTER_METRICS_PORT: String(metricsPort),
          ADAPTER_AUTH_SECRET: SECRET,
          DATABASE_URL: `sqlite:${path.join(dir, 'adapter.sqlite')}`,
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const complete = stdout.split('\n');
        stdout = complete.pop()!;
        for (const line of complete.filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      });
      await eventually(async () => expect(lines.some((l) => String(l.msg).includes('listening'))).toBe(true), 15_000);
    });
    afterAll(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });

    it('serves signed calls only, logs them as JSON with the correlation id, counts them, and stops on SIGTERM', async () => {
      const signed = createGrpcConnector({ url: `127.0.0.1:${port}`, authSecret: SECRET });
      const unsigned = createGrpcConnector({ url: `127.0.0.1:${port}` });
      try {
        expect(await signed.getBanks({ ...cc, correlationId: 'process-1' })).toEqual([]);
        expect((await failure(unsigned.getBanks({ ...cc, correlationId: 'process-2' }))).message).toMatch(/UNAUTHENTICATED/);
        expect(await signed.checkReadiness(2_000)).toEqual([{ dependency: 'adapter', ok: true }]);
      } finally {
        await signed.close();
        await unsigned.close();
      }

      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toContain('adapter_call_duration_seconds_count{method="getBanks",outcome="OK"} 1');
      expect(metrics).toContain('adapter_call_duration_seconds_count{method="getBanks",outcome="UNAUTHENTICATED"} 1');

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(lines.find((l) => l.correlation_id === 'process-1')).toMatchObject({ level: 'info', name: 'adapter', rpc: 'getBanks', code: 'OK' });
      expect(lines.filter((l) => l.correlation_id === 'process-2')).toEqual([
        expect.objectContaining({ level: 'warn', msg: 'call signature refused', reason: 'no signature' }),
        expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      ]);
      expect(lines.every((l) => typeof l.time === 'string' && typeof l.level === 'string')).toBe(true);
      expect(JSON.stringify(lines)).not.toContain(SECRET);
    });
  });

  it('with EVENTS_AMQP_URL, publishes the changes its store makes (the outbox and the relay live with the adapter)', async () => {
    const exchange = uniqueId('test.adapter.events.');
    const queue = await eventQueue(exchange);
    const port = await freePort();
    const lines: string[] = [];
    const child = spawn(process.execPath, [ADAPTER], {
      env: {
        ...process.env,
        ADAPTER_PORT: String(port),
        DATABASE_URL: `sqlite:${path.join(dir, 'events.sqlite')}`,
        LOG_LEVEL: 'info',
        EVENTS_AMQP_URL: AMQP_URL,
        EVENTS_EXCHANGE: exchange,
        EVENTS_POLL_INTERVAL_MS: '50',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout!.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const connector = createGrpcConnector({ url: `127.0.0.1:${port}` });
    try {
      await eventually(async () => expect(lines.join('').includes('listening')).toBe(true), 15_000);
      const bankId = uniqueId('bank.');
      await connector.createBank({ bankId, shortName: 'A', fullName: 'Adapter', logoUrl: '', websiteUrl: '', swiftBic: '', nationalIdentifier: '', bankRoutingScheme: '', bankRoutingAddress: '' }, cc);
      const customer = await connector.createCustomer(bankId, exampleNewCustomer(), { ...cc, operationId: 'OBPv3.1.0-createCustomer' });
      const [event] = await queue.waitFor(1);
      expect(event).toMatchObject({ routingKey: 'obp.customer.created', event: { subject: customer.customerId, data: { operation_id: 'OBPv3.1.0-createCustomer' } } });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      // The broker URL carries a password: it is never logged.
      const { username, password } = new URL(AMQP_URL);
      expect(lines.join('')).not.toContain(`${username}:${password}@`);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await connector.close();
      await queue.close();
    }
  });
});
