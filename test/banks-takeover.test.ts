import type { Knex } from 'knex';
import { expect, it } from 'vitest';
import { bankFromJsonV220 } from '../src/api/json/bank';
import { isMysql } from '../src/db/knex';
import { uniqueId } from './support/client';
import { bankBody, loggedInSuperAdmin, loggedInUser } from './support/fixtures';
import { describeEachBackend, type TestService } from './support/service';

const cc = { correlationId: 'test' };
const adminRoleMissing = (bankId: string) => `OBP-20006: User is missing one or more roles: CanCreateEntitlementAtOneBank at Bank(${bankId})`;

/** A real database fault: a trigger that refuses inserts into `table` for one bank id. Returns how to remove it. */
async function failInserts(db: Knex, table: string, bankId: string): Promise<() => Promise<void>> {
  const name = uniqueId('fail_');
  if (isMysql(db)) {
    await db.raw(
      `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW BEGIN
         IF NEW.bank_id = ? THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'forced failure'; END IF;
       END`,
      [bankId],
    );
  } else {
    // SQLite does not bind parameters in DDL; bank ids here are [a-z0-9.] only.
    await db.raw(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} WHEN NEW.bank_id = '${bankId}' BEGIN SELECT RAISE(ABORT, 'forced failure'); END`);
  }
  return async () => void (await db.raw(`DROP TRIGGER ${name}`));
}

const grantsAt = (s: TestService, bankId: string) =>
  s.db('entitlements').where({ bank_id: bankId }).orderBy('role_name').select('user_id', 'role_name');

describeEachBackend(
  'POST /banks cannot take over a bank',
  (get) => {
    it("refuses to update another's bank without CanCreateEntitlementAtOneBank there: 403, nothing changed, nothing granted", async () => {
      const s = get();
      const owner = await loggedInUser(s, [{ role: 'CanCreateBank' }]);
      const intruder = await loggedInUser(s, [{ role: 'CanCreateBank' }]);
      const id = uniqueId('bank.');
      expect((await s.api.post('/banks', bankBody(id), owner.auth)).status).toBe(201);

      const res = await s.api.post('/banks', { ...bankBody(id), full_name: 'Taken over' }, intruder.auth);
      expect(res.body).toEqual({ code: 403, message: adminRoleMissing(id) });
      expect((await s.api.get(`/banks/${id}`)).body.full_name).toBe('Test Bank');
      expect(await grantsAt(s, id)).toEqual([
        { user_id: owner.userId, role_name: 'CanCreateEntitlementAtOneBank' },
        { user_id: owner.userId, role_name: 'CanReadDynamicResourceDocsAtOneBank' },
      ]);
      // …so the intruder cannot grant themselves customer roles there either.
      const grant = await s.api.post(`/users/${intruder.userId}/entitlements`, { bank_id: id, role_name: 'CanGetCustomer' }, intruder.auth);
      expect(grant.status).toBe(403);

      // Once the bank's administrator makes them one, they may update it; nothing more is granted.
      await s.api.post(`/users/${intruder.userId}/entitlements`, { bank_id: id, role_name: 'CanCreateEntitlementAtOneBank' }, owner.auth);
      const update = await s.api.post('/banks', { ...bankBody(id), full_name: 'Renamed by an admin' }, intruder.auth);
      expect(update.status).toBe(201);
      expect((await s.api.get(`/banks/${id}`)).body.full_name).toBe('Renamed by an admin');
      expect((await grantsAt(s, id)).filter((g) => g.user_id === intruder.userId)).toEqual([
        { user_id: intruder.userId, role_name: 'CanCreateEntitlementAtOneBank' },
      ]);
    });

    it('a bank created by another way (import, core banking) is not claimed by the first to POST it', async () => {
      const s = get();
      const id = uniqueId('bank.');
      await s.services.connector.createOrUpdateBank({ ...bankFromJsonV220(bankBody(id)), fullName: 'Imported' }, cc);
      const user = await loggedInUser(s, [{ role: 'CanCreateBank' }]);
      expect((await s.api.post('/banks', bankBody(id), user.auth)).body).toEqual({ code: 403, message: adminRoleMissing(id) });
      expect((await s.api.get(`/banks/${id}`)).body.full_name).toBe('Imported');
      expect(await grantsAt(s, id)).toEqual([]);
    });

    it('of concurrent creators of one new id exactly one succeeds and only they are granted anything', async () => {
      const s = get();
      const id = uniqueId('bank.');
      const users = await Promise.all(Array.from({ length: 8 }, () => loggedInUser(s, [{ role: 'CanCreateBank' }])));
      const answers = await Promise.all(users.map((u, i) => s.api.post('/banks', { ...bankBody(id), full_name: `Bank of ${i}` }, u.auth)));
      const winners = answers.flatMap((a, i) => (a.status === 201 ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const a of answers.filter((x) => x.status !== 201)) expect(a.body).toEqual({ code: 403, message: adminRoleMissing(id) });
      const winner = winners[0]!;
      expect((await s.api.get(`/banks/${id}`)).body.full_name).toBe(`Bank of ${winner}`);
      expect(await grantsAt(s, id)).toEqual([
        { user_id: users[winner]!.userId, role_name: 'CanCreateEntitlementAtOneBank' },
        { user_id: users[winner]!.userId, role_name: 'CanReadDynamicResourceDocsAtOneBank' },
      ]);
    });

    it('when granting fails, no bank is created (never a bank without its admin); a retry then succeeds', async () => {
      const s = get();
      const user = await loggedInUser(s, [{ role: 'CanCreateBank' }]);
      const id = uniqueId('bank.');
      const heal = await failInserts(s.db, 'entitlements', id);
      const failed = await s.api.post('/banks', bankBody(id), user.auth);
      await heal();
      expect(failed.status).toBe(500);
      expect(failed.body.message).toMatch(/^OBP-50015: /);
      expect((await s.api.get(`/banks/${id}`)).status).toBe(404);
      expect(await grantsAt(s, id)).toEqual([]);

      expect((await s.api.post('/banks', bankBody(id), user.auth)).status).toBe(201);
      expect((await grantsAt(s, id)).map((g) => g.role_name)).toEqual(['CanCreateEntitlementAtOneBank', 'CanReadDynamicResourceDocsAtOneBank']);
    });

    it('when creating the bank fails after granting, the grants and the claim are undone', async () => {
      const s = get();
      const user = await loggedInUser(s, [{ role: 'CanCreateBank' }]);
      const id = uniqueId('bank.');
      const heal = await failInserts(s.connectorDb, 'banks', id);
      const failed = await s.api.post('/banks', bankBody(id), user.auth);
      await heal();
      expect(failed.status).toBeGreaterThanOrEqual(500);
      expect(failed.body.message).toMatch(/^OBP-(50015|60013): /);
      expect((await s.api.get(`/banks/${id}`)).status).toBe(404);
      expect(await grantsAt(s, id)).toEqual([]);
      // The id is free again, for anyone.
      const other = await loggedInUser(s, [{ role: 'CanCreateBank' }]);
      expect((await s.api.post('/banks', bankBody(id), other.auth)).status).toBe(201);
      expect((await grantsAt(s, id)).every((g) => g.user_id === other.userId)).toBe(true);
    });

    it('a super admin may update any bank', async () => {
      const s = get();
      const owner = await loggedInUser(s, [{ role: 'CanCreateBank' }]);
      const id = uniqueId('bank.');
      await s.api.post('/banks', bankBody(id), owner.auth);
      const superAdmin = await loggedInSuperAdmin(s, 'takeover-super-admin');
      await s.services.entitlements.grant(superAdmin.userId, 'CanCreateBank', '');
      const res = await s.api.post('/banks', { ...bankBody(id), full_name: 'Renamed by the super admin' }, superAdmin.auth);
      expect(res.status).toBe(201);
      expect((await s.api.get(`/banks/${id}`)).body.full_name).toBe('Renamed by the super admin');
    });
  },
  { SUPER_ADMIN_USER_IDS: 'takeover-super-admin' },
);
