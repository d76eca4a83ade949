/**
 * Lists in insertion order (social media handles, a user's customers, credit limit requests) keep it when the
 * rows are written through three instances on three nodes, each node handing out its own auto-increment keys.
 * The rule checked: a row written after another was acknowledged comes after it in the list.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBank, createCustomerDirect, createUserDirect, loggedInUser } from '../support/fixtures';
import type { TestService } from '../support/service';
import { createClusterDatabase, nodeKnex, NODES, startOnNode, syncNode, type ClusterDatabase } from './cluster';

const cc = { correlationId: 'ordering-test' };

interface Write {
  name: string;
  started: number;
  acknowledged: number;
}

/** Pairs where `later` began after `earlier` was acknowledged but is listed before it. */
function outOfOrder(writes: Write[], listed: string[]): string[] {
  const position = new Map(listed.map((name, i) => [name, i]));
  const wrong: string[] = [];
  for (const a of writes) {
    for (const b of writes) {
      if (a.acknowledged < b.started && position.get(a.name)! > position.get(b.name)!) wrong.push(`${a.name} after ${b.name}`);
    }
  }
  return wrong;
}

describe('insertion order across Galera nodes', () => {
  let db: ClusterDatabase;
  const instances: TestService[] = [];
  let bankId: string;

  beforeAll(async () => {
    db = await createClusterDatabase();
    for (const node of NODES) instances.push(await startOnNode(db, node));
    bankId = await createBank(instances[0]!);
    for (const node of NODES) await syncNode(node);
  });
  afterAll(async () => {
    for (const s of instances) await s.close();
    await db?.drop();
  });

  it('social media handles written by three writers through three nodes at once are listed newest first', async () => {
    const customer = await createCustomerDirect(instances[0]!, bankId);
    const user = await loggedInUser(instances[0]!, [
      { role: 'CanAddSocialMediaHandle', bankId },
      { role: 'CanGetSocialMediaHandles', bankId },
    ]);
    for (const node of NODES) await syncNode(node);
    const path = `/banks/${bankId}/customers/${customer.customerId}/social_media_handles`;
    const writes: Write[] = [];
    await Promise.all(
      instances.map(async (s, w) => {
        for (let i = 0; i < 15; i++) {
          const name = `@w${w}-${i}`;
          const started = performance.now();
          const res = await s.api.post(
            path,
            { customer_number: customer.number, type: 'twitter', handle: name, date_added: '2024-01-02T03:04:05Z', date_activated: '2024-01-03T00:00:00Z' },
            user.auth,
          );
          expect(res.status).toBe(201);
          writes.push({ name, started, acknowledged: performance.now() });
        }
      }),
    );
    for (const [i, s] of instances.entries()) {
      await syncNode(NODES[i]!);
      const listed = (await s.api.get(path, user.auth)).body.checks.map((h: { handle: string }) => h.handle).reverse();
      expect(listed).toHaveLength(writes.length);
      expect(outOfOrder(writes, listed)).toEqual([]);
    }
  });

  it('a handle added through a node still applying a large transaction of another node is listed as the newest', async () => {
    const customer = await createCustomerDirect(instances[0]!, bankId);
    const user = await loggedInUser(instances[0]!, [
      { role: 'CanAddSocialMediaHandle', bankId },
      { role: 'CanGetSocialMediaHandles', bankId },
    ]);
    for (const node of NODES) await syncNode(node);
    const path = `/banks/${bankId}/customers/${customer.customerId}/social_media_handles`;
    const add = (s: TestService, handle: string) =>
      s.api.post(
        path,
        { customer_number: customer.number, type: 'twitter', handle, date_added: '2024-01-02T03:04:05Z', date_activated: '2024-01-03T00:00:00Z' },
        user.auth,
      );
    // Some handles through node 1 first, applied everywhere: node 2's auto-increment counter follows them.
    for (const handle of ['@earlier-1', '@earlier-2']) expect((await add(instances[0]!, handle)).status).toBe(201);
    await syncNode(2);
    // 100,000 rows in one transaction through node 1: node 2 applies them for a while after node 1 has committed,
    // and until then it has not seen the auto-increment keys node 1 hands out next.
    const bulk = nodeKnex(1, db.name);
    try {
      await bulk.raw('CREATE TABLE bulk_load (id INT PRIMARY KEY, pad VARCHAR(100) NOT NULL)');
      await bulk.raw("INSERT INTO bulk_load SELECT seq, REPEAT('x', 100) FROM seq_1_to_100000");
    } finally {
      await bulk.destroy();
    }
    expect((await add(instances[0]!, '@through-node-1')).status).toBe(201);
    expect((await add(instances[1]!, '@then-through-node-2')).status).toBe(201);
    for (const [i, s] of instances.entries()) {
      await syncNode(NODES[i]!);
      const listed = (await s.api.get(path, user.auth)).body.checks.map((h: { handle: string }) => h.handle);
      expect(listed).toEqual(['@then-through-node-2', '@through-node-1', '@earlier-2', '@earlier-1']);
    }
  });

  it("a user's customers, linked one after another through the three nodes, are listed in link order", async () => {
    const user = await createUserDirect(instances[0]!);
    const linked: string[] = [];
    for (let i = 0; i < 9; i++) {
      const s = instances[i % 3]!;
      const customer = await createCustomerDirect(s, bankId);
      await s.services.connector.createUserCustomerLink(user.userId, customer.customerId, cc);
      linked.push(customer.customerId);
    }
    for (const [i, s] of instances.entries()) {
      await syncNode(NODES[i]!);
      expect((await s.services.connector.getCustomersByUserId(user.userId, cc)).map((c) => c.customerId)).toEqual(linked);
    }
  });

  it('credit limit requests made one after another through the three nodes are listed newest first', async () => {
    const customer = await createCustomerDirect(instances[0]!, bankId);
    for (const node of NODES) await syncNode(node);
    const made: string[] = [];
    for (let i = 0; i < 9; i++) {
      const request = await instances[(i * 2) % 3]!.services.connector.createCreditLimitRequest(
        bankId,
        customer.customerId,
        {
          requestedCurrentRateAmount1: String(i),
          requestedCurrentRateAmount2: '0',
          requestedCurrentValidEndDate: '2030-01-01',
          currentCreditDocumentation: '',
          temporaryRequestedCurrentAmount: '0',
          requestedTemporaryValidEndDate: '2030-01-01',
          temporaryCreditDocumentation: '',
        },
        cc,
      );
      made.push(request.creditLimitRequestId);
    }
    for (const [i, s] of instances.entries()) {
      await syncNode(NODES[i]!);
      const listed = await s.services.connector.getCreditLimitRequests(bankId, customer.customerId, 100, cc);
      expect(listed.map((r) => r.creditLimitRequestId)).toEqual([...made].reverse());
    }
  });
});
