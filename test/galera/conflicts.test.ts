/**
 * Certification conflicts and unique constraints across nodes: two instances on two nodes of one database, many
 * parallel writes of the same unique value. Exactly one wins; every loser gets a clean 4xx, never a 500 from a
 * certification failure (MySQL's deadlock error 1213, which the store retries).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/connector/types';
import { transactionWithRetry } from '../../src/db/conflict-retry';
import { uniqueId } from '../support/client';
import { createBank, createCustomerDirect, loggedInUser, STRONG_PASSWORD, validatedUser, type TestUser } from '../support/fixtures';
import type { TestService } from '../support/service';
import { createClusterDatabase, nodeKnex, startOnNode, syncNode, type ClusterDatabase } from './cluster';

const PARALLEL = 50;

/** Status (and OBP code, for errors) of each answer, counted. */
function tally(answers: { status: number; body: any }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = a.status < 300 ? String(a.status) : `${a.status} ${String(a.body?.message ?? '').slice(0, 9)}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('conflicts across Galera nodes', () => {
  let db: ClusterDatabase;
  let instances: TestService[];
  let bankId: string;
  let admin: TestUser;

  beforeAll(async () => {
    db = await createClusterDatabase();
    // The username test has 50 passwords hashed at once on two cores: no queue limit and no request budget in the way.
    const env = { PASSWORD_HASH_QUEUE_MAX: '1000', REQUEST_TIMEOUT_MS: '120000' };
    instances = [await startOnNode(db, 1, env)];
    instances.push(await startOnNode(db, 2, env));
    bankId = await createBank(instances[0]!);
    admin = await loggedInUser(instances[0]!, [
      { role: 'CanUpdateCustomerNumber', bankId },
      { role: 'CanCreateEntitlementAtAnyBank' },
    ]);
    await syncNode(2);
  });
  afterAll(async () => {
    for (const s of instances ?? []) await s.close();
    await db?.drop();
  });

  /** Request i goes to instance i % 2: half through node 1, half through node 2, all at once. */
  const spread = <T>(work: (s: TestService, i: number) => Promise<T>) =>
    Promise.all(Array.from({ length: PARALLEL }, (_, i) => work(instances[i % 2]!, i)));

  it('a conflicting transaction on another node fails certification once and succeeds when run again', async () => {
    const one = nodeKnex(1, db.name);
    const two = nodeKnex(2, db.name);
    const customer = await createCustomerDirect(instances[0]!, bankId);
    await syncNode(2);
    let runs = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    try {
      const retried = transactionWithRetry(two, async (trx) => {
        runs++;
        await trx('customers').where({ customer_id: customer.customerId }).update({ legal_name: `node 2, run ${runs}` });
        if (runs === 1) await held;
      });
      // While node 2's transaction is open, node 1 commits a write to the same row: node 2's commit must fail.
      await expect.poll(() => runs, { timeout: 10_000 }).toBe(1);
      await one('customers').where({ customer_id: customer.customerId }).update({ legal_name: 'node 1' });
      release();
      await retried;
      expect(runs).toBe(2);
      await syncNode(1);
      const row = await one('customers').where({ customer_id: customer.customerId }).first('legal_name');
      expect(row.legal_name).toBe('node 2, run 2');
    } finally {
      await one.destroy();
      await two.destroy();
    }
  });

  it('50 updates of one customer attribute at once (each a transaction) through two nodes: every one answers 200', async () => {
    const customer = await createCustomerDirect(instances[0]!, bankId);
    const editor = await loggedInUser(instances[0]!, [
      { role: 'CanCreateCustomerAttributeAtOneBank', bankId },
      { role: 'CanUpdateCustomerAttributeAtOneBank', bankId },
    ]);
    const base = `/obp/v4.0.0/banks/${bankId}/customers/${customer.customerId}`;
    const created = await instances[0]!.api.post(`${base}/attribute`, { name: 'TIER', type: 'STRING', value: 'start' }, editor.auth);
    expect(created.status).toBe(201);
    await syncNode(2);
    const path = `${base}/attributes/${created.body.customer_attribute_id}`;
    const answers = await spread((s, i) => s.api.put(path, { name: 'TIER', type: 'STRING', value: `v${i}` }, editor.auth));
    expect(tally(answers)).toEqual({ '200': PARALLEL });
  });

  it('the same customer number given to 50 customers at once: one keeps it, 49 answers are 400 OBP-30006', async () => {
    const customers: Customer[] = [];
    for (let i = 0; i < PARALLEL; i++) customers.push(await createCustomerDirect(instances[i % 2]!, bankId));
    await syncNode(1);
    await syncNode(2);
    const number = String(Date.now());
    const answers = await spread((s, i) =>
      s.api.put(`/banks/${bankId}/customers/${customers[i]!.customerId}/number`, { customer_number: number }, admin.auth),
    );
    expect(tally(answers)).toEqual({ '200': 1, '400 OBP-30006': PARALLEL - 1 });
    await syncNode(1);
    expect(await instances[0]!.db('customers').where({ bank_id: bankId, customer_number: number }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('the same username created 50 times at once: one user, 49 answers are 409 OBP-50005', async () => {
    const username = uniqueId('same.');
    const body = { email: `${username}@example.com`, username, password: STRONG_PASSWORD, first_name: 'Same', last_name: 'Name' };
    const answers = await spread((s) => s.api.post('/users', body));
    expect(tally(answers)).toEqual({ '201': 1, '409 OBP-50005': PARALLEL - 1 });
    await syncNode(1);
    expect(await instances[0]!.db('users').where({ username_ci: username.toLowerCase() }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('the same entitlement granted 50 times at once: one grant, 49 answers are 400 OBP-30216', async () => {
    const user = await validatedUser(instances[0]!);
    await syncNode(2);
    const answers = await spread((s) =>
      s.api.post(`/users/${user.userId}/entitlements`, { bank_id: bankId, role_name: 'CanGetCustomer' }, admin.auth),
    );
    expect(tally(answers)).toEqual({ '201': 1, '400 OBP-30216': PARALLEL - 1 });
    await syncNode(1);
    expect(
      await instances[0]!.db('entitlements').where({ user_id: user.userId, bank_id: bankId, role_name: 'CanGetCustomer' }).count({ n: '*' }),
    ).toEqual([{ n: 1 }]);
  });
});
