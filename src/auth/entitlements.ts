import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { readYourWrites } from '../db/causal-reads';
import { invalidating } from '../db/cache-generations';
import { isUniqueViolation } from '../db/knex';
import type { Role } from './roles';

export interface Entitlement {
  entitlementId: string;
  userId: string;
  bankId: string;
  roleName: string;
}

function toEntitlement(r: { entitlement_id: string; user_id: string; bank_id: string; role_name: string }): Entitlement {
  return { entitlementId: r.entitlement_id, userId: r.user_id, bankId: r.bank_id, roleName: r.role_name };
}

export class EntitlementExistsError extends Error {}

/** A user's claim on a new bank id, with the grants made for it (see claimNewBank). */
export interface BankClaim {
  bankId: string;
  userId: string;
  /** The entitlements the claim inserted (roles the user already held there are not listed). */
  entitlementIds: string[];
}

/** Role grants. A bank-level role is stored with its bank id, a system role with bank_id "". */
export class EntitlementStore {
  constructor(private readonly db: Knex) {}

  /** Throws EntitlementExistsError for a duplicate grant (unique index on user, bank, role). */
  async grant(userId: string, roleName: string, bankId: string): Promise<Entitlement> {
    const e: Entitlement = { entitlementId: randomUUID(), userId, bankId, roleName };
    try {
      await invalidating(this.db, 'auth', (trx) => trx('entitlements').insert({
        entitlement_id: e.entitlementId,
        user_id: userId,
        bank_id: bankId,
        role_name: roleName,
        created_at: Date.now(),
      }));
    } catch (err) {
      if (isUniqueViolation(err)) throw new EntitlementExistsError(roleName);
      throw err;
    }
    return e;
  }

  /** Grants the role unless the user has it already; never fails on a concurrent duplicate. */
  async ensure(userId: string, roleName: string, bankId: string): Promise<void> {
    try {
      await this.grant(userId, roleName, bankId);
    } catch (err) {
      if (!(err instanceof EntitlementExistsError)) throw err;
    }
  }

  /**
   * Records `userId` as the creator of the bank id and grants them `roleNames` there, in one transaction, before
   * the bank is created. Undefined when another user already claimed that id (a concurrent or earlier creator):
   * only one user can ever hold a bank's creator grants. Claiming again an id one holds is allowed (a retry).
   */
  async claimNewBank(userId: string, bankId: string, roleNames: readonly string[]): Promise<BankClaim | undefined> {
    return invalidating(this.db, 'auth', async (trx) => {
      try {
        // The primary key decides between concurrent creators (MySQL makes the second wait for the first).
        await trx('bank_creators').insert({ bank_id: bankId, user_id: userId, created_at: Date.now() });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
      const holder = await trx('bank_creators').where({ bank_id: bankId }).first('user_id');
      if (holder?.user_id !== userId) return undefined;
      const held = new Set(
        (await trx('entitlements').where({ user_id: userId, bank_id: bankId }).whereIn('role_name', roleNames).select('role_name')).map(
          (r: { role_name: string }) => r.role_name,
        ),
      );
      const rows = roleNames
        .filter((role) => !held.has(role))
        .map((role) => ({ entitlement_id: randomUUID(), user_id: userId, bank_id: bankId, role_name: role, created_at: Date.now() }));
      if (rows.length > 0) await trx('entitlements').insert(rows);
      return { bankId, userId, entitlementIds: rows.map((r) => r.entitlement_id) };
    }, (claim) => claim !== undefined && claim.entitlementIds.length > 0);
  }

  /** Undoes a claim whose bank was not created: the claim and the grants it made, in one transaction. */
  async releaseBankClaim(claim: BankClaim): Promise<void> {
    await invalidating(this.db, 'auth', async (trx) => {
      await trx('bank_creators').where({ bank_id: claim.bankId, user_id: claim.userId }).delete();
      if (claim.entitlementIds.length > 0) await trx('entitlements').whereIn('entitlement_id', claim.entitlementIds).delete();
    });
  }

  async forUser(userId: string, bankId?: string): Promise<Entitlement[]> {
    const q = this.db('entitlements').where({ user_id: userId });
    if (bankId !== undefined) q.andWhere({ bank_id: bankId });
    return (await q.orderBy('created_at').orderBy('entitlement_id')).map(toEntitlement);
  }

  /** Grants matching every given filter, in grant order, a page at a time (the admin CLI's list). */
  async list(filter: { userId?: string; bankId?: string; roleName?: string }, limit: number, offset: number): Promise<Entitlement[]> {
    const q = this.db('entitlements');
    if (filter.userId !== undefined) q.where({ user_id: filter.userId });
    if (filter.bankId !== undefined) q.where({ bank_id: filter.bankId });
    if (filter.roleName !== undefined) q.where({ role_name: filter.roleName });
    return (await q.orderBy('created_at').orderBy('entitlement_id').limit(limit).offset(offset)).map(toEntitlement);
  }

  async byId(entitlementId: string): Promise<Entitlement | undefined> {
    const r = await readYourWrites(this.db, (q) => q('entitlements').where({ entitlement_id: entitlementId }).first());
    return r && toEntitlement(r);
  }

  async revoke(entitlementId: string): Promise<boolean> {
    return invalidating(this.db, 'auth', async (trx) => (await trx('entitlements').where({ entitlement_id: entitlementId }).delete()) > 0, (found) => found);
  }

  /** True when the user holds at least one of the roles: bank roles at `bankId`, system roles with "". One query. */
  async hasAny(userId: string, anyOf: readonly Role[], bankId: string): Promise<boolean> {
    // A grant made a moment ago through another instance counts: a refusal is read again causally on Galera.
    const found = await readYourWrites(this.db, (db) =>
      db('entitlements')
        .where({ user_id: userId })
        .andWhere((w) => {
          for (const role of anyOf) {
            w.orWhere({ role_name: role.name, bank_id: role.requiresBankId ? bankId : '' });
          }
        })
        .first('entitlement_id'),
    );
    return found !== undefined;
  }
}
