/**
 * SIGTERM on the real built service (`node dist/src/main.js`, as `npm start` runs it), with a keep-alive client
 * holding an idle connection and a request in flight (held at the adapter until the test lets it go).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGatedAdapter, type GatedAdapter } from './support/gated-adapter';
import { freePort } from './support/ports';

const MAIN = path.resolve(__dirname, '../dist/src/main.js');

interface Child {
  process: ChildProcess;
  port: number;
  lines: string[];
  exited: Promise<{ code: number | null; at: number }>;
}

async function startChild(adapter: GatedAdapter, env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: 'sqlite::memory:',
      CONNECTOR: 'grpc',
      GRPC_ADAPTER_URL: adapter.url,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts.filter((l) => l !== ''));
  });
  child.stderr!.on('data', (chunk: Buffer) => lines.push(`STDERR ${chunk.toString('utf8')}`));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));
  await expect.poll(() => lines.some((l) => l.includes('OBP customer API listening')), { timeout: 15_000, interval: 50 }).toBe(true);
  return { process: child, port, lines, exited };
}

/** A raw HTTP/1.1 connection that stays open between requests, reporting what the server sends and when it closes. */
class KeepAliveClient {
  private readonly socket: net.Socket;
  private received = '';
  readonly closed: Promise<number>;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('data', (c) => (this.received += c.toString('latin1')));
    this.socket.on('error', () => {});
    this.closed = new Promise((resolve) => this.socket.on('close', () => resolve(Date.now())));
  }

  send(path: string): void {
    this.socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  }

  /** Waits until a whole response has arrived (Content-Length framing) and returns its status line and headers. */
  async response(): Promise<{ status: number; headers: string; body: string }> {
    await expect.poll(() => {
      const head = this.received.indexOf('\r\n\r\n');
      if (head < 0) return false;
      const length = Number(/content-length: (\d+)/i.exec(this.received.slice(0, head))?.[1] ?? 0);
      return this.received.length >= head + 4 + length;
    }, { timeout: 10_000, interval: 20 }).toBe(true);
    const head = this.received.indexOf('\r\n\r\n');
    const headers = this.received.slice(0, head);
    const body = this.received.slice(head + 4);
    this.received = '';
    return { status: Number(headers.split(' ')[1]), headers, body };
  }

  get isOpen(): boolean {
    return !this.socket.destroyed && this.socket.readyState === 'open';
  }
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });
}

describe('Graceful shutdown of the built service', () => {
  let adapter: GatedAdapter;
  let child: Child | undefined;

  beforeAll(async () => {
    if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build (npm test does)`);
  });
  afterEach(async () => {
    if (child && child.process.exitCode === null) child.process.kill('SIGKILL');
    await adapter?.close();
  });

  it('SIGTERM: readiness 503, idle keep-alive closed at once, stops accepting, answers the request in flight, exits 0', async () => {
    adapter = await startGatedAdapter();
    child = await startChild(adapter, { SHUTDOWN_DELAY_MS: '300', SHUTDOWN_GRACE_MS: '8000' });
    const { port } = child;

    const idle = new KeepAliveClient(port);
    idle.send('/obp/v3.1.0/root');
    expect((await idle.response()).status).toBe(200);

    adapter.hold();
    const reached = adapter.reached();
    const busy = new KeepAliveClient(port);
    busy.send('/obp/v3.1.0/banks');
    await reached;

    const sigterm = Date.now();
    child.process.kill('SIGTERM');

    // The idle connection goes while the request is still held at the adapter.
    await idle.closed;
    expect(busy.isOpen).toBe(true);

    // During SHUTDOWN_DELAY_MS new connections are still accepted, and readiness says not to send more.
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'shutting_down', checks: [] });

    // Then the listener closes.
    await expect.poll(() => refuses(port), { timeout: 3_000, interval: 50 }).toBe(true);
    expect(busy.isOpen).toBe(true);

    adapter.open();
    const answer = await busy.response();
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatch(/\r\nConnection: close\r\n/i);
    expect(JSON.parse(answer.body)).toEqual({ banks: [] });
    await busy.closed;

    const exit = await child.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - sigterm).toBeLessThan(8_000);

    const entries = child.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => e.msg)).toEqual(expect.arrayContaining(['OBP customer API listening', 'shutting down', 'stopped']));
    expect(entries).toContainEqual(expect.objectContaining({ msg: 'request', operation_id: 'OBPv3.0.0-getBanks', status: 200 }));
  });

  it('exits within SHUTDOWN_GRACE_MS even when a request never finishes', async () => {
    adapter = await startGatedAdapter();
    child = await startChild(adapter, { SHUTDOWN_GRACE_MS: '1500' });
    adapter.hold();
    const reached = adapter.reached();
    const stuck = new KeepAliveClient(child.port);
    stuck.send('/obp/v3.1.0/banks');
    await reached;

    const sigterm = Date.now();
    child.process.kill('SIGTERM');
    const exit = await child.exited;
    expect(exit.at - sigterm).toBeLessThan(1_500 + 1_000);
    await stuck.closed;
    for (const line of child.lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(child.lines.join('\n')).toContain('cutting the connections still open');
  });
});
