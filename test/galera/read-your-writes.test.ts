/**
 * Read-your-writes across instances: with node 2 holding back what it applies (FLUSH TABLES WITH READ LOCK
 * pauses a Galera node's replication), what was just written through the instance on node 1 is not yet on node 2.
 * A token, a customer and a grant made through instance 1 are still honoured by instance 2: its lookup that
 * finds nothing waits, causally, for node 2 to catch up (the test lets node 2 go once that read is waiting).
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBank, createConsumer, createUserDirect, loggedInUser, STRONG_PASSWORD, type TestUser } from '../support/fixtures';
import type { TestService } from '../support/service';
import { createClusterDatabase, customerBody, nodeKnex, startOnNode, syncNode, type ClusterDatabase } from './cluster';

describe('read-your-writes across Galera nodes', () => {
  let db: ClusterDatabase;
  let one: TestService;
  let two: TestService;
  let bankId: string;
  let node2: Knex;

  beforeAll(async () => {
    db = await createClusterDatabase();
    one = await startOnNode(db, 1);
    two = await startOnNode(db, 2);
    bankId = await createBank(one);
    node2 = nodeKnex(2, db.name, 1);
    await syncNode(2);
  });
  afterAll(async () => {
    await node2?.destroy();
    await one?.close();
    await two?.close();
    await db?.drop();
  });

  /**
   * Runs `write` while node 2 applies nothing, checks with `stale` that node 2 indeed misses the write, starts
   * `read` (through instance 2), lets node 2 go once a causal read waits on it, and returns what `read` answered.
   */
  async function acrossLaggingNode<W, R>(write: () => Promise<W>, stale: (w: W) => Promise<boolean>, read: (w: W) => Promise<R>): Promise<R> {
    const lock = nodeKnex(2, db.name, 1);
    const watcher = nodeKnex(2, undefined, 1);
    try {
      // One connection holds the lock (Knex would otherwise run UNLOCK TABLES on another).
      const conn = await lock.client.acquireConnection();
      let unlocked = false;
      try {
        await lock.raw('FLUSH TABLES WITH READ LOCK').connection(conn);
        const written = await write();
        expect(await stale(written)).toBe(true);
        const reading = read(written);
        await expect
          .poll(async () => {
            const [rows] = await watcher.raw(
              "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SET STATEMENT wsrep_sync_wait%'",
            );
            return Number(rows[0].n);
          }, { timeout: 20_000, interval: 20 })
          .toBeGreaterThan(0);
        await lock.raw('UNLOCK TABLES').connection(conn);
        unlocked = true;
        return await reading;
      } finally {
        if (!unlocked) await lock.raw('UNLOCK TABLES').connection(conn);
        await lock.client.releaseConnection(conn);
      }
    } finally {
      await lock.destroy();
      await watcher.destroy();
    }
  }

  it('a token issued through instance 1 is accepted by instance 2 at once', async () => {
    const user = await createUserDirect(one);
    const consumer = await createConsumer(one);
    await syncNode(2);
    const res = await acrossLaggingNode(
      async () => {
        const login = await one.api.request('POST', '/my/logins/direct', {
          headers: { DirectLogin: `username=${user.username}, password=${STRONG_PASSWORD}, consumer_key=${consumer.key}` },
        });
        expect(login.status).toBe(201);
        return login.body.token as string;
      },
      async () => (await node2('direct_login_tokens').where({ user_id: user.userId }).first()) === undefined,
      (token) => two.api.get('/users/current', { token }),
    );
    expect(res.status).toBe(200);
    expect(res.body.user_id).toBe(user.userId);
  });

  it('a customer created through instance 1 is found by instance 2 at once', async () => {
    const clerk = await loggedInUser(one, [
      { role: 'CanCreateCustomer', bankId },
      { role: 'CanGetCustomer', bankId },
    ]);
    await syncNode(2);
    const res = await acrossLaggingNode(
      async () => {
        const created = await one.api.post(`/banks/${bankId}/customers`, customerBody('Eveline Tripman'), clerk.auth);
        expect(created.status).toBe(201);
        return created.body.customer_id as string;
      },
      async (customerId) => (await node2('customers').where({ customer_id: customerId }).first()) === undefined,
      (customerId) => two.api.get(`/banks/${bankId}/customers/${customerId}`, clerk.auth),
    );
    expect(res.status).toBe(200);
  });

  it('a role granted through instance 1 is honoured by instance 2 at once', async () => {
    const admin = await loggedInUser(one, [{ role: 'CanCreateEntitlementAtAnyBank' }]);
    const reader: TestUser = await loggedInUser(one);
    await syncNode(2);
    const res = await acrossLaggingNode(
      async () => {
        const granted = await one.api.post(`/users/${reader.userId}/entitlements`, { bank_id: '', role_name: 'CanGetEntitlementsForAnyUserAtAnyBank' }, admin.auth);
        expect(granted.status).toBe(201);
        return granted.body.entitlement_id as string;
      },
      async (id) => (await node2('entitlements').where({ entitlement_id: id }).first()) === undefined,
      () => two.api.get(`/users/${reader.userId}/entitlements`, reader.auth),
    );
    expect(res.status).toBe(200);
  });
});
