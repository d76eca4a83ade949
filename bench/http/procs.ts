/** Child processes of `npm run bench:http`: the servers under test, the load generator, their memory and counters. */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { LoadResult, LoadSpec } from './load';

/** dist-bench/ (what `npm run bench:http` compiles into). */
export const DIST = path.resolve(__dirname, '..', '..');

export interface Proc {
  name: string;
  child: ChildProcess;
  port: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts a compiled script (relative to DIST) and waits until `port` accepts connections. */
export async function start(name: string, script: string, port: number, env: Record<string, string>, cpuProfDir?: string): Promise<Proc> {
  const child = fork(path.join(DIST, script), [], {
    env: { ...process.env, ...env },
    execArgv: [
      ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []),
      // V8 settings tried on the servers under test only (e.g. heap sizes), never on the load generator.
      ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
    ],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) throw new Error(`${name} exited with ${exited} while starting`);
    if (await accepts(port)) return { name, child, port };
    if (Date.now() > deadline) throw new Error(`${name} did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function stop(p: Proc): Promise<void> {
  if (p.child.exitCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Current and peak resident set size of a process, in MB (Linux). */
export function rssMb(p: Proc): { rss_mb: number; peak_rss_mb: number } {
  const status = fs.readFileSync(`/proc/${p.child.pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss_mb: Math.round(kb('VmRSS') / 1024), peak_rss_mb: Math.round(kb('VmHWM') / 1024) };
}

/**
 * CPU time (user + system) a process has used so far, in microseconds (Linux, /proc/PID/stat). CPU per request
 * is steadier than requests per second on a machine shared with other work: it does not count the time a process
 * waits for a CPU (which a wall-clock profile books to whatever call it waited in, often a socket write).
 */
export function cpuMicros(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the
  // 14th field of the line, stime the 15th, both in clock ticks (100 per second on Linux).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Sum of a Prometheus counter's samples at `url`. */
export async function counter(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.split(' ').pop());
  return sum;
}

/** Runs the load generator in its own process. */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  const child = fork(path.join(DIST, 'bench/http/load.js'), [JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`load generator exited with ${String(code)}`);
  return JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
}
