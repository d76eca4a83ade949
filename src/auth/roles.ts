/**
 * The role catalogue: OBP's roles (role-catalogue.ts), each with OBP's bank-level flag (`requiresBankId`), plus this
 * service's own. A bank-level role is granted at one bank; a system-level one with bank_id "".
 */
import { OBP_BANK_ROLES, OBP_SYSTEM_ROLES } from './role-catalogue';

/** Roles of this service that OBP does not have. */
const OWN_BANK_ROLES = [
  // OBP checks none for CRM events: this service's, for reading a bank's CRM events.
  'CanGetCrmEvents',
  // OBP's role for searching customers by legal name (v5.1.0), newer than the catalogue above.
  'CanGetCustomersAtOneBank',
  // OBP keeps no customer history: this service's, for reading a customer's change history.
  'CanGetCustomerHistory',
] as const;

const bankRoles = [...OBP_BANK_ROLES, ...OWN_BANK_ROLES] as const;
const systemRoles = OBP_SYSTEM_ROLES;

export type RoleName = (typeof bankRoles)[number] | (typeof systemRoles)[number];

export interface Role {
  readonly name: RoleName;
  readonly requiresBankId: boolean;
}

export const roles: Readonly<Record<RoleName, Role>> = Object.fromEntries([
  ...bankRoles.map((name) => [name, { name, requiresBankId: true }]),
  ...systemRoles.map((name) => [name, { name, requiresBankId: false }]),
]) as Record<RoleName, Role>;

/** Every role name in OBP's order for its "Possible roles are" list: code-point order, upper case first. */
export const allRoleNames: readonly RoleName[] = [...bankRoles, ...systemRoles].sort();

/** Exact, case-sensitive, as OBP's `ApiRole.valueOf`. */
export function findRole(name: string): Role | undefined {
  return Object.prototype.hasOwnProperty.call(roles, name) ? roles[name as RoleName] : undefined;
}
