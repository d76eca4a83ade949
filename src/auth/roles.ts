/**
 * The role catalogue: every role an endpoint of this service checks, with OBP's bank-level flag
 * (`requiresBankId`). A bank-level role is granted at one bank; a system-level one with bank_id "".
 */
const bankRoles = [
  'CanCreateCustomer',
  'CanGetCustomer',
  'CanUpdateCustomerEmail',
  'CanUpdateCustomerNumber',
  'CanUpdateCustomerMobilePhoneNumber',
  'CanUpdateCustomerIdentity',
  'CanUpdateCustomerBranch',
  'CanUpdateCustomerData',
  'CanUpdateCustomerCreditLimit',
  'CanUpdateCustomerCreditRatingAndSource',
  'CanCreateTaxResidence',
  'CanGetTaxResidence',
  'CanDeleteTaxResidence',
  'CanCreateCustomerAddress',
  'CanGetCustomerAddress',
  'CanDeleteCustomerAddress',
  'CanAddSocialMediaHandle',
  'CanGetSocialMediaHandles',
  'CanCreateUserCustomerLink',
  'CanCreateEntitlementAtOneBank',
  'CanGetEntitlementsForAnyUserAtOneBank',
  'CanReadDynamicResourceDocsAtOneBank',
  // Not an OBP role (OBP checks none for CRM events): this service's, for reading a bank's CRM events.
  'CanGetCrmEvents',
  // OBP v4.0.0 customer attributes, v5.1.0 customer search by legal name.
  'CanCreateCustomerAttributeAtOneBank',
  'CanUpdateCustomerAttributeAtOneBank',
  'CanDeleteCustomerAttributeAtOneBank',
  'CanGetCustomerAttributesAtOneBank',
  'CanGetCustomerAttributeAtOneBank',
  'CanGetCustomersAtOneBank',
] as const;

const systemRoles = [
  'CanCreateCustomerAtAnyBank',
  'CanUpdateCustomerCreditRatingAndSourceAtAnyBank',
  'CanUseCustomerFirehoseAtAnyBank',
  'CanCreateUserCustomerLinkAtAnyBank',
  'CanCreateEntitlementAtAnyBank',
  'CanGetEntitlementsForAnyUserAtAnyBank',
  'CanDeleteEntitlementAtAnyBank',
  'CanCreateBank',
  'CanGetAdapterInfo',
  'CanSetCallLimits',
  'CanReadCallLimits',
  'CanEnableConsumers',
  'CanDisableConsumers',
  'CanGetCustomersAtAnyBank',
  'CanCreateCustomerAttributeAtAnyBank',
  'CanUpdateCustomerAttributeAtAnyBank',
  'CanDeleteCustomerAttributeAtAnyBank',
  'CanGetCustomerAttributesAtAnyBank',
  'CanGetCustomerAttributeAtAnyBank',
] as const;

export type RoleName = (typeof bankRoles)[number] | (typeof systemRoles)[number];

export interface Role {
  readonly name: RoleName;
  readonly requiresBankId: boolean;
}

export const roles: Readonly<Record<RoleName, Role>> = Object.fromEntries([
  ...bankRoles.map((name) => [name, { name, requiresBankId: true }]),
  ...systemRoles.map((name) => [name, { name, requiresBankId: false }]),
]) as Record<RoleName, Role>;

export const allRoleNames: readonly RoleName[] = [...bankRoles, ...systemRoles].sort();

export function findRole(name: string): Role | undefined {
  return Object.prototype.hasOwnProperty.call(roles, name) ? roles[name as RoleName] : undefined;
}
