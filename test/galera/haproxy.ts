/**
 * HAProxy (Debian's `haproxy`) in front of the Galera nodes, as the README's "Scaling out" configures it: one TCP
 * listener per service instance, each with its own preferred node and the other two as backups, health-checked by
 * a small HTTP check per node that answers 200 only while that node is Synced and ready (what Galera's usual
 * `clustercheck` script does; HAProxy's own mysql-check would also pass a node that is up but not in the primary
 * component).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { freePort } from '../support/ports';
import { nodeKnex, NODES, sqlPort, type Node } from './cluster';

export interface RunningHaproxy {
  /** The port of the listener that prefers `node`. */
  portPreferring(node: Node): number;
  close(): Promise<void>;
}

/** Per node: 200 when wsrep_local_state_comment is Synced and wsrep_ready is ON, else 503. */
async function startCheck(node: Node): Promise<{ port: number; close(): Promise<void> }> {
  let db: Knex | undefined;
  const server = http.createServer((_req, res) => {
    db ??= nodeKnex(node, undefined, 1);
    db.raw(
      "SELECT VARIABLE_NAME AS name, VARIABLE_VALUE AS value FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('WSREP_LOCAL_STATE_COMMENT', 'WSREP_READY')",
    )
      .timeout(800)
      .then(([rows]: [{ name: string; value: string }[]]) => {
        const status = Object.fromEntries(rows.map((r) => [r.name.toUpperCase(), r.value]));
        const ok = status.WSREP_LOCAL_STATE_COMMENT === 'Synced' && status.WSREP_READY === 'ON';
        res.writeHead(ok ? 200 : 503).end(ok ? 'synced\n' : 'not synced\n');
      })
      .catch(() => {
        // The pool may hold a connection to the dead process: start afresh next time.
        const old = db;
        db = undefined;
        void old?.destroy();
        res.writeHead(503).end('down\n');
      });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db?.destroy();
    },
  };
}

export async function startHaproxy(): Promise<RunningHaproxy> {
  const checks = new Map<Node, { port: number; close(): Promise<void> }>();
  for (const node of NODES) checks.set(node, await startCheck(node));
  const listeners = new Map<Node, number>();
  for (const node of [1, 2] as const) listeners.set(node, await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obp-haproxy-'));
  const config = path.join(dir, 'haproxy.cfg');
  const server = (node: Node, preferred: Node) =>
    `  server node${node} 127.0.0.1:${sqlPort(node)} check port ${checks.get(node)!.port}${node === preferred ? '' : ' backup'}`;
  const listener = (preferred: Node) => [
    `listen prefer_node${preferred}`,
    `  bind 127.0.0.1:${listeners.get(preferred)}`,
    '  option httpchk GET /',
    ...NODES.map((n) => server(n, preferred)),
  ];
  fs.writeFileSync(
    config,
    [
      'global',
      '  maxconn 1000',
      'defaults',
      '  mode tcp',
      '  timeout connect 1s',
      '  timeout client 1h',
      '  timeout server 1h',
      '  timeout check 1s',
      // A connection refused by a dead node is tried again on another server.
      '  retries 2',
      '  option redispatch',
      // Checked every 500 ms; down after 2 failures, up after 2 successes. Sessions to a node marked down are cut,
      // and when the preferred node is back, sessions on the backups too: each instance returns to its own node.
      '  default-server inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions on-marked-up shutdown-backup-sessions',
      ...listener(1),
      ...listener(2),
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('haproxy', ['-f', config, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  // Ready when both listeners accept connections.
  for (const port of listeners.values()) {
    for (let i = 0; ; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      if (up) break;
      if (i > 100 || child.exitCode !== null) throw new Error(`haproxy did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    portPreferring: (node) => listeners.get(node)!,
    async close() {
      child.kill('SIGTERM');
      await exited;
      for (const check of checks.values()) await check.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
