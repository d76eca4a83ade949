import type { Entitlement } from '../../auth/entitlements';
import type { User } from '../../auth/users';

export function entitlementJson(e: Entitlement) {
  return { entitlement_id: e.entitlementId, role_name: e.roleName, bank_id: e.bankId };
}

export function entitlementListJson(list: Entitlement[], superAdmin = false) {
  const json = list.map(entitlementJson);
  if (superAdmin) json.push({ entitlement_id: '', role_name: 'SuperAdmin', bank_id: '' });
  return { list: json };
}

/** UserJsonV200: the create-user response. */
export function userJsonV200(u: User, entitlements: Entitlement[]) {
  return {
    user_id: u.userId,
    email: u.email,
    provider_id: u.username,
    provider: u.provider,
    username: u.username,
    entitlements: entitlementListJson(entitlements),
  };
}

/** UserJsonV300: GET /users/current. This service has no account views, so `views.list` is empty. */
export function userJsonV300(u: User, entitlements: Entitlement[]) {
  return { ...userJsonV200(u, entitlements), views: { list: [] as unknown[] } };
}
