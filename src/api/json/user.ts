import { z } from 'zod';
import type { Entitlement } from '../../auth/entitlements';
import type { User } from '../../auth/users';

export const entitlementJsonSchema = z.object({ entitlement_id: z.string(), role_name: z.string(), bank_id: z.string() });
export const entitlementListJsonSchema = z.object({ list: z.array(entitlementJsonSchema) });
export const userJsonV200Schema = z.object({
  user_id: z.string(),
  email: z.string(),
  provider_id: z.string(),
  provider: z.string(),
  username: z.string(),
  entitlements: entitlementListJsonSchema,
});
/** This service has no account views, so `views.list` is always empty. */
export const userJsonV300Schema = userJsonV200Schema.extend({ views: z.object({ list: z.array(z.unknown()) }) });

export function entitlementJson(e: Entitlement): z.infer<typeof entitlementJsonSchema> {
  return { entitlement_id: e.entitlementId, role_name: e.roleName, bank_id: e.bankId };
}

export function entitlementListJson(list: Entitlement[], superAdmin = false): z.infer<typeof entitlementListJsonSchema> {
  const json = list.map(entitlementJson);
  if (superAdmin) json.push({ entitlement_id: '', role_name: 'SuperAdmin', bank_id: '' });
  return { list: json };
}

/** UserJsonV200: the create-user response. */
export function userJsonV200(u: User, entitlements: Entitlement[]): z.infer<typeof userJsonV200Schema> {
  return {
    user_id: u.userId,
    email: u.email,
    provider_id: u.providerId,
    provider: u.provider,
    username: u.username,
    entitlements: entitlementListJson(entitlements),
  };
}

/** UserJsonV300: GET /users/current. This service has no account views, so `views.list` is empty. */
export function userJsonV300(u: User, entitlements: Entitlement[]): z.infer<typeof userJsonV300Schema> {
  return { ...userJsonV200(u, entitlements), views: { list: [] as unknown[] } };
}
