import { expect, it } from 'vitest';
import { createBank, loggedInSuperAdmin, loggedInUser, STRONG_PASSWORD } from './support/fixtures';
import { describeEachBackend } from './support/service';
import { uniqueId } from './support/client';

const newUser = (username = uniqueId('new.user.')) => ({
  email: `${username}@example.com`,
  username,
  password: STRONG_PASSWORD,
  first_name: 'Felix',
  last_name: 'Smith',
});

describeEachBackend('users', (get) => {
  it('creates a user (201, UserJsonV200) who cannot log in until validated', async () => {
    const body = newUser();
    const res = await get().api.post('/users', body);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['user_id', 'email', 'provider_id', 'provider', 'username', 'entitlements']);
    expect(res.body).toMatchObject({ email: body.email, provider_id: body.username, username: body.username, entitlements: { list: [] } });
    const consumer = await get().services.consumers.create('app');
    const login = await get().api.request('POST', '/my/logins/direct', {
      headers: { DirectLogin: `username=${body.username}, password=${STRONG_PASSWORD}, consumer_key=${consumer.key}` },
    });
    expect(login.status).toBe(401);
    expect(login.body.message).toMatch(/^OBP-20004/);
  });

  it('refuses bad JSON, weak passwords, invalid fields and duplicate usernames', async () => {
    expect((await get().api.post('/users', { username: 'x' })).body).toEqual({ code: 400, message: 'OBP-10001: Incorrect json format.' });
    const weak = await get().api.post('/users', { ...newUser(), password: 'weak' });
    expect(weak.status).toBe(400);
    expect(weak.body.message).toMatch(/^OBP-30207: Invalid Password Format\./);
    const badName = await get().api.post('/users', { ...newUser(), username: 'ab' });
    expect(badName.status).toBe(400);
    expect(badName.body.message).toMatch(/^OBP-50005: An unspecified or internal error occurred\./);
    const body = newUser();
    expect((await get().api.post('/users', body)).status).toBe(201);
    const dup = await get().api.post('/users', body);
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe(409);
    expect(dup.body.message).toMatch(/^OBP-50005: An unspecified or internal error occurred\./);
  });

  it('creates only one of two concurrent users with the same username', async () => {
    const body = newUser();
    const results = await Promise.all([get().api.post('/users', body), get().api.post('/users', body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('GET /users/current returns the user with entitlements and views', async () => {
    const bankId = await createBank(get());
    const u = await loggedInUser(get(), [{ role: 'CanGetCustomer', bankId }]);
    const res = await get().api.get('/users/current', u.auth);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['user_id', 'email', 'provider_id', 'provider', 'username', 'entitlements', 'views']);
    expect(res.body.entitlements.list).toEqual([
      { entitlement_id: expect.any(String), role_name: 'CanGetCustomer', bank_id: bankId },
    ]);
  });
});

describeEachBackend('entitlements', (get) => {
  it('lets a holder of CanCreateEntitlementAtAnyBank grant roles, in OBP check order', async () => {
    const s = get();
    const bankId = await createBank(s);
    const granter = await loggedInUser(s, [{ role: 'CanCreateEntitlementAtAnyBank' }]);
    const target = await loggedInUser(s);
    const url = `/users/${target.userId}/entitlements`;

    expect((await s.api.post(url, { bank_id: bankId, role_name: 'CanGetCustomer' })).status).toBe(401);
    const noUser = await s.api.post('/users/nobody/entitlements', { bank_id: bankId, role_name: 'CanGetCustomer' }, granter.auth);
    expect(noUser.status).toBe(404);
    expect(noUser.body.message).toBe('OBP-20005: User not found. Please specify a valid value for USER_ID. Current USER_ID(nobody)');
    expect((await s.api.post(url, { bank: 'x' }, granter.auth)).body.message).toBe(
      'OBP-10001: Incorrect json format. The Json body should be the CreateEntitlementJSON ',
    );
    const badRole = await s.api.post(url, { bank_id: bankId, role_name: 'CanFly' }, granter.auth);
    expect(badRole.status).toBe(400);
    // OBP's whole catalogue (and this service's CanGetCrmEvents, CanGetCustomersAtOneBank, CanGetCustomerHistory), in OBP's order.
    expect(badRole.body.message).toMatch(/^OBP-10007: Incorrect Role name:CanFly\. Possible roles are CanAddKycCheck, CanAddKycDocument, /);
    expect(badRole.body.message.split('Possible roles are ')[1].split(', ')).toHaveLength(309);
    expect((await s.api.post(url, { bank_id: '', role_name: 'CanGetCustomer' }, granter.auth)).body.message).toBe(
      'OBP-30205: This entitlement is a Bank Role. Please set bank_id to a valid bank id.',
    );
    expect((await s.api.post(url, { bank_id: bankId, role_name: 'CanCreateBank' }, granter.auth)).body.message).toBe(
      'OBP-30206: This entitlement is a System Role. Please set bank_id to empty string.',
    );
    const noBank = await s.api.post(url, { bank_id: 'no.such.bank', role_name: 'CanGetCustomer' }, granter.auth);
    expect(noBank.status).toBe(404);
    expect(noBank.body.message).toBe('OBP-30001: Bank not found. Please specify a valid value for BANK_ID. Current BankId is no.such.bank');

    const ok = await s.api.post(url, { bank_id: bankId, role_name: 'CanGetCustomer' }, granter.auth);
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ entitlement_id: expect.any(String), role_name: 'CanGetCustomer', bank_id: bankId });
    const again = await s.api.post(url, { bank_id: bankId, role_name: 'CanGetCustomer' }, granter.auth);
    expect(again.body).toEqual({ code: 400, message: 'OBP-30216: Entitlement already exists for the user.' });
  });

  it("grants any role of OBP's catalogue at its level, whether or not an endpoint here checks it", async () => {
    const s = get();
    const bankId = await createBank(s);
    const granter = await loggedInUser(s, [{ role: 'CanCreateEntitlementAtAnyBank' }]);
    const url = `/users/${(await loggedInUser(s)).userId}/entitlements`;
    // Bank-level in OBP (requiresBankId = true) …
    for (const role of ['CanCreateAtm', 'CanGetCustomerAttributesAtOneBank', 'CanUseAccountFirehose']) {
      expect((await s.api.post(url, { bank_id: bankId, role_name: role }, granter.auth)).body, role).toMatchObject({ role_name: role, bank_id: bankId });
      expect((await s.api.post(url, { bank_id: '', role_name: role }, granter.auth)).body.message, role).toMatch(/^OBP-30205: /);
    }
    // … and system-level (requiresBankId = false).
    for (const role of ['CanGetAnyUser', 'CanReadMetrics', 'CanGetCustomerAttributeAtAnyBank']) {
      expect((await s.api.post(url, { bank_id: '', role_name: role }, granter.auth)).body, role).toMatchObject({ role_name: role, bank_id: '' });
      expect((await s.api.post(url, { bank_id: bankId, role_name: role }, granter.auth)).body.message, role).toMatch(/^OBP-30206: /);
    }
    // Role names match exactly, as in OBP.
    expect((await s.api.post(url, { bank_id: '', role_name: 'cangetanyuser' }, granter.auth)).body.message).toMatch(/^OBP-10007: /);
  });

  it('refuses callers without the right roles and lets bank-level granters grant only at their bank', async () => {
    const s = get();
    const bankA = await createBank(s);
    const bankB = await createBank(s);
    const granter = await loggedInUser(s, [{ role: 'CanCreateEntitlementAtOneBank', bankId: bankA }]);
    const target = await loggedInUser(s);
    const url = `/users/${target.userId}/entitlements`;
    expect((await s.api.post(url, { bank_id: bankA, role_name: 'CanGetCustomer' }, granter.auth)).status).toBe(201);
    const refused = await s.api.post(url, { bank_id: bankB, role_name: 'CanGetCustomer' }, granter.auth);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(
      `OBP-20050: Current User is not a Super Admin! orOBP-20006: User is missing one or more roles: CanCreateEntitlementAtOneBank BankId(${bankB}). orOBP-20006: User is missing one or more roles: CanCreateEntitlementAtAnyBank`,
    );
  });

  it('lists entitlements of any user, of a user at a bank, and of the current user', async () => {
    const s = get();
    const bankId = await createBank(s);
    const target = await loggedInUser(s, [{ role: 'CanGetCustomer', bankId }, { role: 'CanCreateBank' }]);
    const reader = await loggedInUser(s, [{ role: 'CanGetEntitlementsForAnyUserAtAnyBank' }]);
    const stranger = await loggedInUser(s);

    const denied = await s.api.get(`/users/${target.userId}/entitlements`, stranger.auth);
    expect(denied.body).toEqual({ code: 403, message: 'OBP-20006: User is missing one or more roles: CanGetEntitlementsForAnyUserAtAnyBank' });
    const all = await s.api.get(`/users/${target.userId}/entitlements`, reader.auth);
    expect(all.body.list.map((e: { role_name: string }) => e.role_name).sort()).toEqual(['CanCreateBank', 'CanGetCustomer']);

    const atBank = await s.api.get(`/banks/${bankId}/users/${target.userId}/entitlements`, reader.auth);
    expect(atBank.body.list).toEqual([{ entitlement_id: expect.any(String), role_name: 'CanGetCustomer', bank_id: bankId }]);
    const atBankDenied = await s.api.get(`/banks/${bankId}/users/${target.userId}/entitlements`, stranger.auth);
    expect(atBankDenied.body).toEqual({
      code: 403,
      message: 'OBP-20006: User is missing one or more roles: CanGetEntitlementsForAnyUserAtOneBank or CanGetEntitlementsForAnyUserAtAnyBank',
    });
    expect((await s.api.get(`/banks/no.bank/users/${target.userId}/entitlements`, reader.auth)).status).toBe(404);
    const noUser = await s.api.get(`/banks/${bankId}/users/nobody/entitlements`, reader.auth);
    expect(noUser.status).toBe(404);
    expect(noUser.body.message).toMatch(/^OBP-20005/);

    const mine = await s.api.get('/my/entitlements', target.auth);
    expect(mine.body.list).toHaveLength(2);
    expect((await s.api.get('/my/entitlements')).status).toBe(401);
  });

  it('deletes an entitlement with CanDeleteEntitlementAtAnyBank', async () => {
    const s = get();
    const target = await loggedInUser(s, [{ role: 'CanCreateBank' }]);
    const [entitlement] = await s.services.entitlements.forUser(target.userId);
    const admin = await loggedInUser(s, [{ role: 'CanDeleteEntitlementAtAnyBank' }]);
    const url = `/users/${target.userId}/entitlement/${entitlement!.entitlementId}`;
    expect((await s.api.delete(url, target.auth)).status).toBe(403);
    expect((await s.api.delete(`/users/${admin.userId}/entitlement/${entitlement!.entitlementId}`, admin.auth)).body.message).toBe(
      'OBP-30213: USER_ID does not have the ENTITLEMENT_ID.',
    );
    const res = await s.api.delete(url, admin.auth);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await s.api.delete(url, admin.auth)).body).toEqual({ code: 404, message: 'OBP-30212: EntitlementId not found' });
  });
});

describeEachBackend(
  'super admins',
  (get) => {
    it('may grant any role and are listed with the SuperAdmin entry', async () => {
      const s = get();
      const { token } = (await loggedInSuperAdmin(s, 'super-admin-1')).auth;
      const res = await s.api.post('/users/super-admin-1/entitlements', { bank_id: '', role_name: 'CanCreateBank' }, { token });
      expect(res.status).toBe(201);
      const reader = await loggedInUser(s, [{ role: 'CanGetEntitlementsForAnyUserAtAnyBank' }]);
      const list = await s.api.get('/users/super-admin-1/entitlements', reader.auth);
      expect(list.body.list.at(-1)).toEqual({ entitlement_id: '', role_name: 'SuperAdmin', bank_id: '' });
    });
  },
  { SUPER_ADMIN_USER_IDS: 'someone-else, super-admin-1' },
);
