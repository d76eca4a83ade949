import type { Role } from '../auth/roles';
import { grantKey } from '../auth/session';
import { ObpError } from '../errors';
import type { Endpoint, RequestContext } from './endpoint';

/** OBP's wording of a failed role check, which depends on how many roles and whether any is bank-level. */
export function missingRoles(required: readonly Role[], bankId: string): ObpError {
  const names = required.map((r) => r.name).join(' or ');
  if (required.length === 1) {
    return new ObpError('UserHasMissingRoles', required[0]!.requiresBankId ? ` ${names} at Bank(${bankId})` : ` ${names}`);
  }
  const atBank = required.some((r) => r.requiresBankId);
  return new ObpError('UserHasMissingRoles', atBank ? ` ${names} for BankId(${bankId}).` : ` ${names}`);
}

export function isSuperAdmin<B>(ctx: RequestContext<B>): boolean {
  return ctx.user !== undefined && ctx.config.SUPER_ADMIN_USER_IDS.includes(ctx.user.userId);
}

/**
 * An endpoint's 'roles' check: the caller holds one of `required` (bank-level roles at the endpoint's bank), or is
 * a super admin where the endpoint lets them pass, or is linked to the path customer where the endpoint lets the
 * customer act on their own data. Cheapest first: configuration, the entitlements read with the session (or one
 * entitlement query when they do not include a required role), one indexed link lookup.
 */
export async function checkRoles<B>(e: Endpoint<B>, ctx: RequestContext<B>, required: readonly Role[]): Promise<void> {
  const bankId = e.rolesAtBank ? e.rolesAtBank(ctx) : (ctx.params.BANK_ID ?? '');
  const user = ctx.user;
  const allowed =
    user !== undefined &&
    ((e.superAdminPasses === true && isSuperAdmin(ctx)) ||
      // The grants read with the session may predate a grant made through another instance a moment ago: a
      // refusal is confirmed by the store (read causally on Galera) before it is answered.
      (ctx.grants !== undefined && required.some((r) => ctx.grants!.has(grantKey(r.name, r.requiresBankId ? bankId : '')))) ||
      (await ctx.services.entitlements.hasAny(user.userId, required, bankId)) ||
      (e.linkedUserPasses === true && (await isLinkedToPathCustomer(ctx, user.userId))));
  if (!allowed) throw e.missingRolesError ? e.missingRolesError(bankId) : missingRoles(required, bankId);
}

async function isLinkedToPathCustomer<B>(ctx: RequestContext<B>, userId: string): Promise<boolean> {
  const customerId = ctx.params.CUSTOMER_ID;
  if (!customerId) return false;
  const link = await ctx.connector.getUserCustomerLink(userId, customerId, ctx.cc);
  return link?.isActive === true;
}
