import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
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

/** Role grants. A bank-level role is stored with its bank id, a system role with bank_id "". */
export class EntitlementStore {
  constructor(private readonly db: Knex) {}

  /** Throws EntitlementExistsError for a duplicate grant (unique index on user, bank, role). */
  async grant(userId: string, roleName: string, bankId: string): Promise<Entitlement> {
    const e: Entitlement = { entitlementId: randomUUID(), userId, bankId, roleName };
    try {
      await this.db('entitlements').insert({
        entitlement_id: e.entitlementId,
        user_id: userId,
        bank_id: bankId,
        role_name: roleName,
        created_at: Date.now(),
      });
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
    const r = await this.db('entitlements').where({ entitlement_id: entitlementId }).first();
    return r && toEntitlement(r);
  }

  async revoke(entitlementId: string): Promise<boolean> {
    return (await this.db('entitlements').where({ entitlement_id: entitlementId }).delete()) > 0;
  }

  /** True when the user holds at least one of the roles: bank roles at `bankId`, system roles with "". One query. */
  async hasAny(userId: string, anyOf: readonly Role[], bankId: string): Promise<boolean> {
    const q = this.db('entitlements')
      .where({ user_id: userId })
      .andWhere((w) => {
        for (const role of anyOf) {
          w.orWhere({ role_name: role.name, bank_id: role.requiresBankId ? bankId : '' });
        }
      })
      .first('entitlement_id');
    return (await q) !== undefined;
  }
}
