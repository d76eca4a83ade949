/**
 * A node killed under load. Two service processes (the built `node dist/src/main.js`), each reaching the cluster
 * through its own HAProxy listener (instance 1 prefers node 1, instance 2 prefers node 2, the other nodes are
 * backups), take customer creates from 8 writers. Node 1 is killed with SIGKILL; later it is started again and
 * catches up; then node 2 is killed. Every acknowledged write is on every node at the end; every answer during
 * the failovers is a 201 or an OBP error (503), none hangs; both instances serve again without being restarted.
 * The numbers are printed (and quoted in the README's "Scaling out").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBank, loggedInUser, type TestUser } from '../support/fixtures';
import { freePort } from '../support/ports';
import type { TestService } from '../support/service';
import { createClusterDatabase, customerBody, killNode, nodeKnex, NODES, startNode, startOnNode, syncNode, type ClusterDatabase, type Node } from './cluster';
import { startHaproxy, type RunningHaproxy } from './haproxy';

const MAIN = path.resolve(__dirname, '../../dist/src/main.js');
const REQUEST_BUDGET_MS = 10_000;
const WRITERS = 8;

interface Answer {
  writer: number;
  instance: number;
  started: number;
  ended: number;
  status: number;
  code?: string;
  customerId?: string;
}

async function startInstance(databaseUrl: string): Promise<{ url: string; process: ChildProcess; output: string[] }> {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      AUTO_MIGRATE: 'false',
      LOG_LEVEL: 'warn',
      RATE_LIMITING_ENABLED: 'false',
      REQUEST_TIMEOUT_MS: String(REQUEST_BUDGET_MS),
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_ACQUIRE_TIMEOUT_MS: '3000',
      DATABASE_QUERY_TIMEOUT_MS: '6000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; (await fetch(`${url}/health/ready`).catch(() => undefined))?.status !== 200; waited += 100) {
    if (waited > 20_000 || child.exitCode !== null) throw new Error(`the service did not start: ${output.join('')}`);
    await sleep(100);
  }
  return { url, process: child, output };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('node failure under load, through HAProxy', () => {
  let db: ClusterDatabase;
  let haproxy: RunningHaproxy;
  let admin: TestService;
  const instances: { url: string; process: ChildProcess; output: string[] }[] = [];

  beforeAll(async () => {
    db = await createClusterDatabase();
    // Migrates the database and serves the set-up (bank, clerk); node 3, which it uses, is never killed.
    admin = await startOnNode(db, 3);
    haproxy = await startHaproxy();
    for (const node of [1, 2] as const) instances.push(await startInstance(db.url({ port: haproxy.portPreferring(node) })));
  });
  afterAll(async () => {
    for (const i of instances) i.process.kill('SIGKILL');
    await admin?.close();
    await haproxy?.close();
    // A node this test killed is started again, so that the cluster is whole for the next test file.
    for (const node of NODES) await startNode(node).catch(() => {});
    await db?.drop();
  });

  it('loses no acknowledged write, answers every request in time, and recovers by itself', async () => {
    const bankId = await createBank(admin);
    const clerk: TestUser = await loggedInUser(admin, [{ role: 'CanCreateCustomer', bankId }]);
    for (const node of NODES) await syncNode(node);

    const answers: Answer[] = [];
    let writing = true;
    const writer = async (w: number) => {
      const instance = w % 2;
      for (let i = 0; writing; i++) {
        const started = performance.now();
        const answer: Answer = { writer: w, instance, started, ended: 0, status: 0 };
        try {
          const res = await fetch(`${instances[instance]!.url}/obp/v3.1.0/banks/${bankId}/customers`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', DirectLogin: `token=${clerk.auth.token}` },
            body: JSON.stringify(customerBody(`writer ${w} write ${i}`)),
            // Well past the budget: a request still unanswered then is a hang.
            signal: AbortSignal.timeout(REQUEST_BUDGET_MS + 5000),
          });
          const body = (await res.json()) as { customer_id?: string; message?: string };
          answer.status = res.status;
          answer.customerId = body.customer_id;
          answer.code = /^OBP-\d+/.exec(body.message ?? '')?.[0];
        } catch {
          answer.status = 0; // no answer at all
        }
        answer.ended = performance.now();
        answers.push(answer);
      }
    };
    const load = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

    const events: Record<string, number> = {};
    const phases = [
      ['node 1 killed', 'kill node 1', 'start node 1'],
      ['node 1 restarting', 'start node 1', 'node 1 synced'],
      ['node 2 killed', 'kill node 2', 'load stopped'],
    ] as const;
    const at = (name: string) => (events[name] = performance.now());
    await sleep(3000);
    at('kill node 1');
    await killNode(1);
    await sleep(8000);
    at('start node 1');
    await startNode(1);
    at('node 1 synced');
    await sleep(3000);
    at('kill node 2');
    await killNode(2);
    await sleep(8000);
    writing = false;
    await load;
    at('load stopped');
    await startNode(2);
    at('node 2 synced');

    const acknowledged = answers.filter((a) => a.status === 201).map((a) => a.customerId!);
    const failed = answers.filter((a) => a.status !== 201);
    // Recovery after a kill, per instance: until the end of its last failed request before the next event.
    const recovery = (from: string, until: string) =>
      [0, 1].map((instance) => {
        const last = failed
          .filter((a) => a.instance === instance && a.started >= events[from]! - REQUEST_BUDGET_MS && a.ended <= events[until]!)
          .reduce((max, a) => Math.max(max, a.ended), events[from]!);
        return Math.round(last - events[from]!);
      });
    const numbers = {
      requests: answers.length,
      acknowledged: acknowledged.length,
      errors: Object.fromEntries(
        Object.entries(
          failed.reduce<Record<string, number>>((n, a) => ({ ...n, [`${a.status} ${a.code ?? ''}`.trim()]: (n[`${a.status} ${a.code ?? ''}`.trim()] ?? 0) + 1 }), {}),
        ),
      ),
      max_latency_ms: Math.round(Math.max(...answers.map((a) => a.ended - a.started))),
      per_phase: phases.map(([name, from, until]) => {
        const during = answers.filter((a) => a.started >= events[from]! && a.started < events[until]!);
        return {
          phase: name,
          requests: during.length,
          errors_by_instance: [0, 1].map((i) => during.filter((a) => a.instance === i && a.status !== 201).length),
          max_latency_ms: Math.round(Math.max(0, ...during.map((a) => a.ended - a.started))),
        };
      }),
      recovery_ms_after_killing_node1: recovery('kill node 1', 'start node 1'),
      recovery_ms_after_killing_node2: recovery('kill node 2', 'load stopped'),
      node1_rejoin_ms: Math.round(events['node 1 synced']! - events['start node 1']!),
    };
    console.log(`failover numbers: ${JSON.stringify(numbers)}`);

    // Every answer is a success or an OBP error, given within the budget.
    expect(answers.filter((a) => a.status === 0)).toEqual([]);
    expect(failed.filter((a) => a.code === undefined || a.status < 500)).toEqual([]);
    expect(numbers.max_latency_ms).toBeLessThan(REQUEST_BUDGET_MS + 1000);
    // Each instance served writes again after each kill, without a restart.
    for (const kill of ['kill node 2'] as const) {
      for (const instance of [0, 1]) {
        expect(answers.some((a) => a.instance === instance && a.status === 201 && a.started > events[kill]! + 1000)).toBe(true);
      }
    }
    expect(answers.some((a) => a.status === 201 && a.started > events['kill node 1']! && a.ended < events['start node 1']!)).toBe(true);
    // No acknowledged write is missing on any node, the restarted ones included.
    for (const node of NODES) {
      await syncNode(node as Node);
      const k = nodeKnex(node, db.name);
      try {
        let found = 0;
        for (let i = 0; i < acknowledged.length; i += 500) {
          const [{ n }] = await k('customers').whereIn('customer_id', acknowledged.slice(i, i + 500)).count({ n: '*' });
          found += Number(n);
        }
        expect({ node, found }).toEqual({ node, found: acknowledged.length });
      } finally {
        await k.destroy();
      }
    }
  });
});
