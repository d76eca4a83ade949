// Two service instances on one MariaDB database, over real HTTP: each caches DirectLogin sessions (token, user,
// consumer, entitlements). Every change made through one instance is refused or seen on its next request, and on
// the other instance after its next poll of the cache generations (under a second). Without the invalidation the
// other instance would keep answering from its cache: each case warms both caches first.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { startService, type RunningService } from '../src/service';
import { selectedBackends } from './support/backends';
import { ApiClient } from './support/client';
import { createBank, createConsumer, createCustomerDirect, loggedInUser, STRONG_PASSWORD, type TestUser } from './support/fixtures';
import { startTestService, type TestService } from './support/service';

const mysql = selectedBackends().find((b) => b.name === 'mysql');
/** What the other instance may take to see a change: the bound. */
const OTHER_INSTANCE_MS = 1000;
const MAX_BAD_LOGIN_ATTEMPTS = 3;

describe.skipIf(!mysql)('session cache, two instances on one MariaDB', () => {
  let a: TestService;
  let b: RunningService;
  let apiB: ApiClient;
  let bankId: string;
  let customerPath: string;

  beforeAll(async () => {
    const env = { MAX_BAD_LOGIN_ATTEMPTS: String(MAX_BAD_LOGIN_ATTEMPTS) };
    a = await startTestService(mysql!, env);
    const settings = { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: a.services.config.DATABASE_URL, LOG_LEVEL: 'silent', RATE_LIMITING_ENABLED: 'false', ...env };
    b = await startService(loadConfig(settings), { env: settings });
    apiB = new ApiClient(b.url);
    bankId = await createBank(a);
    const customer = await createCustomerDirect(a, bankId);
    customerPath = `/banks/${bankId}/customers/${customer.customerId}`;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  async function reader(): Promise<TestUser> {
    const user = await loggedInUser(a, [{ role: 'CanGetCustomer', bankId }]);
    // Both instances now hold the session.
    expect((await a.api.get(customerPath, user.auth)).status).toBe(200);
    expect((await apiB.get(customerPath, user.auth)).status).toBe(200);
    return user;
  }

  async function refusedOnBoth(user: TestUser, status: number) {
    expect((await a.api.get(customerPath, user.auth)).status).toBe(status);
    await sleep(OTHER_INSTANCE_MS);
    expect((await apiB.get(customerPath, user.auth)).status).toBe(status);
  }

  it('a warm GET customer is one SQL statement: the session comes from the cache, bank, customer and attributes in one read', async () => {
    const user = await reader();
    const statements: string[] = [];
    const count = (q: { sql: string }) => void (q.sql.includes('cache_generations') || statements.push(q.sql));
    a.db.on('query', count);
    try {
      expect((await a.api.get(customerPath, user.auth)).status).toBe(200);
    } finally {
      a.db.off('query', count);
    }
    expect(statements).toHaveLength(1);
  });

  it('a revoked token (logout on one instance)', async () => {
    const user = await reader();
    expect((await a.api.request('DELETE', '/my/logins/direct', { auth: user.auth })).status).toBe(200);
    await refusedOnBoth(user, 401);
  });

  it('a deleted entitlement', async () => {
    const user = await reader();
    const [grant] = await a.services.entitlements.forUser(user.userId, bankId);
    await a.services.entitlements.revoke(grant!.entitlementId);
    await refusedOnBoth(user, 403);
  });

  it('a new entitlement', async () => {
    const user = await loggedInUser(a);
    expect((await a.api.get(customerPath, user.auth)).status).toBe(403);
    expect((await apiB.get(customerPath, user.auth)).status).toBe(403);
    await a.services.entitlements.grant(user.userId, 'CanGetCustomer', bankId);
    expect((await a.api.get(customerPath, user.auth)).status).toBe(200);
    await sleep(OTHER_INSTANCE_MS);
    expect((await apiB.get(customerPath, user.auth)).status).toBe(200);
  });

  it('a disabled consumer', async () => {
    const user = await reader();
    const token = await a.db('direct_login_tokens').whereNotNull('consumer_id').orderBy('created_at', 'desc').first('consumer_id');
    await a.services.consumers.setActive(token.consumer_id, false);
    await refusedOnBoth(user, 401);
  });

  it('a disabled user', async () => {
    const user = await reader();
    await a.services.users.setDisabled(user.userId, true);
    await refusedOnBoth(user, 401);
  });

  it('a user locked out by failed logins on one instance', async () => {
    const user = await reader();
    const app = await createConsumer(a);
    const wrong = `username=${user.username}, password=wrong-${STRONG_PASSWORD}, consumer_key=${app.key}`;
    for (let i = 0; i <= MAX_BAD_LOGIN_ATTEMPTS; i++) {
      expect((await a.api.request('POST', '/my/logins/direct', { headers: { DirectLogin: wrong } })).status).toBe(401);
    }
    await refusedOnBoth(user, 401);
  });

  it('a changed bank and an updated customer are read, never cached', async () => {
    const user = await reader();
    const bank = (await a.api.get(`/banks/${bankId}`, user.auth)).body;
    await a.services.connector.createOrUpdateBank(
      { bankId, shortName: 'Renamed', fullName: bank.full_name, logoUrl: '', websiteUrl: '', swiftBic: '', nationalIdentifier: '', bankRoutingScheme: 'OBP', bankRoutingAddress: bankId },
      { correlationId: 'test' },
    );
    expect((await apiB.get(`/banks/${bankId}`, user.auth)).body.short_name).toBe('Renamed');
    const customerId = customerPath.split('/').pop()!;
    await a.services.connector.updateCustomerGeneralData(customerId, { legalName: 'Changed Name' }, { correlationId: 'test' });
    expect((await apiB.get(customerPath, user.auth)).body.legal_name).toBe('Changed Name');
  });
});
