/**
 * The Galera cluster the global setup started (scripts/galera-cluster.sh): its nodes, throw-away databases on
 * it, services started on a chosen node, and node crashes and restarts.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import knexFactory, { type Knex } from 'knex';
import { startTestService, type TestService } from '../support/service';

const SCRIPT = path.resolve(__dirname, '../../scripts/galera-cluster.sh');
const run = promisify(execFile);

export const NODES = [1, 2, 3] as const;
export type Node = (typeof NODES)[number];

function clusterDir(): string {
  return process.env.GALERA_DIR ?? path.join(os.tmpdir(), 'obp-galera');
}

/** The SQL port of each node, as the harness wrote them down. */
export function sqlPorts(): number[] {
  const env = fs.readFileSync(path.join(clusterDir(), 'cluster.env'), 'utf8');
  const ports = /^GALERA_SQL_PORTS=(.+)$/m.exec(env)?.[1];
  if (!ports) throw new Error('no GALERA_SQL_PORTS in cluster.env: is the cluster running?');
  return ports.split(',').map(Number);
}

export const sqlPort = (node: Node) => sqlPorts()[node - 1]!;

/** A Knex on one node (a pool of its own); `database` unset: the server only. */
export function nodeKnex(node: Node, database?: string, poolMax = 2): Knex {
  return knexFactory({
    client: 'mysql2',
    connection: { host: '127.0.0.1', port: sqlPort(node), user: 'root', password: '', connectTimeout: 1000, ...(database ? { database } : {}) },
    pool: { min: 0, max: poolMax },
    // Connection failures are expected here (nodes are killed); the tests look at results, not at Knex's warnings.
    log: { warn() {}, error() {}, debug() {}, deprecate() {} },
  });
}

export interface ClusterDatabase {
  name: string;
  /** DATABASE_URL of this database on `node` (or on another host:port, e.g. a proxy in front of the nodes). */
  url(node: Node | { port: number }): string;
  drop(): Promise<void>;
}

/** A fresh database, created through node 1 and present on every node before this returns. */
export async function createClusterDatabase(): Promise<ClusterDatabase> {
  const name = `obp_galera_${randomBytes(6).toString('hex')}`;
  const admin = nodeKnex(1);
  try {
    await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await admin.destroy();
  }
  for (const node of NODES) await syncNode(node);
  return {
    name,
    url: (where) => `mysql://root@127.0.0.1:${typeof where === 'number' ? sqlPort(where) : where.port}/${name}`,
    async drop() {
      const k = nodeKnex(1);
      try {
        await k.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await k.destroy();
      }
    },
  };
}

/** Waits until `node` has applied everything committed in the cluster so far (a causal read). */
export async function syncNode(node: Node): Promise<void> {
  const k = nodeKnex(node);
  try {
    await k.raw('SET STATEMENT wsrep_sync_wait = 1 FOR SELECT 1');
  } finally {
    await k.destroy();
  }
}

/**
 * The service (in this process) on `node`, over the given database. The first one on a database migrates it;
 * start the others after it (see syncNode): two instances migrating at once race for the migration lock.
 */
export async function startOnNode(db: ClusterDatabase, node: Node, env: Record<string, string> = {}): Promise<TestService> {
  await syncNode(node);
  return startTestService({ name: 'mysql', create: async () => ({ url: db.url(node), drop: async () => {} }) }, env);
}

export async function killNode(node: Node): Promise<void> {
  await run(SCRIPT, ['kill-node', String(node)], { env: { ...process.env, GALERA_DIR: clusterDir() } });
}

/** Starts a stopped node again and waits until it is Synced in a cluster of three. */
export async function startNode(node: Node): Promise<void> {
  await run(SCRIPT, ['start-node', String(node)], { env: { ...process.env, GALERA_DIR: clusterDir() }, timeout: 180_000 });
}

/** The body of POST /banks/BANK_ID/customers (OBP v3.1.0) for a customer of that legal name. */
export function customerBody(legalName: string) {
  return {
    legal_name: legalName,
    mobile_phone_number: '+44 07972 444 876',
    email: 'felixsmith@example.com',
    face_image: { url: 'www.openbankproject', date: '2017-09-19T00:00:00Z' },
    date_of_birth: '2017-09-19T00:00:00Z',
    relationship_status: 'single',
    dependants: 0,
    dob_of_dependants: [],
    credit_rating: { rating: 'OBP', source: 'OBP' },
    credit_limit: { currency: 'EUR', amount: '10' },
    highest_education_attained: 'Master',
    employment_status: 'worker',
    kyc_status: true,
    last_ok_date: '2017-09-19T00:00:00Z',
    title: 'Dr.',
    branch_id: 'DERBY6',
    name_suffix: 'Sr',
  };
}
