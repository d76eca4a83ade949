import { z } from 'zod';
import { allRoleNames, findRole } from '../../auth/roles';
import { EntitlementExistsError } from '../../auth/entitlements';
import { ObpError } from '../../errors';
import { endpoint, requireBank, requireUser, type Endpoint, type RequestContext } from '../endpoint';
import { entitlementJson, entitlementJsonSchema, entitlementListJson, entitlementListJsonSchema } from '../json/user';
import { existingUser } from '../lookups';
import { obpString } from '../schemas';

const exampleEntitlement = {
  entitlement_id: '6fb17583-1e49-4435-bb74-a14fe0996723',
  role_name: 'CanCreateCustomer',
  bank_id: 'gh.29.uk',
};

export const addEntitlement = endpoint({
  name: 'addEntitlement',
  implementedIn: 'v2.0.0',
  method: 'POST',
  path: '/users/USER_ID/entitlements',
  summary: 'Add Entitlement for a User',
  description:
    'Grants a role to a user. Bank-level roles need a bank_id, system roles an empty bank_id. Allowed for super ' +
    'admins (SUPER_ADMIN_USER_IDS), holders of CanCreateEntitlementAtOneBank at that bank, and holders of ' +
    'CanCreateEntitlementAtAnyBank.',
  tags: ['Role', 'Entitlement', 'User'],
  body: {
    schema: z.object({ bank_id: obpString(255), role_name: obpString(100) }),
    typeName: 'CreateEntitlementJSON',
    example: { bank_id: 'gh.29.uk', role_name: 'CanCreateCustomer' },
  },
  // The roles that allow granting count at the bank of the grant, not at a bank in the path.
  roles: ['CanCreateEntitlementAtOneBank', 'CanCreateEntitlementAtAnyBank'],
  rolesAtBank: (ctx) => ctx.body.bank_id,
  superAdminPasses: true,
  missingRolesError: (bankId) =>
    new ObpError(
      'UserNotSuperAdmin',
      ` orOBP-20006: User is missing one or more roles: CanCreateEntitlementAtOneBank BankId(${bankId}). ` +
        'orOBP-20006: User is missing one or more roles: CanCreateEntitlementAtAnyBank',
    ),
  checks: [
    'auth',
    async (ctx) => void (await existingUser(ctx, ctx.params.USER_ID!)),
    'body',
    ({ body }) => {
      const role = findRole(body.role_name);
      if (!role) throw new ObpError('IncorrectRoleName', `${body.role_name}. Possible roles are ${allRoleNames.join(', ')}`);
      if (role.requiresBankId && body.bank_id === '') throw new ObpError('EntitlementIsBankRole');
      if (!role.requiresBankId && body.bank_id !== '') throw new ObpError('EntitlementIsSystemRole');
    },
    'roles',
    async ({ body, connector, cc }) => {
      if (body.bank_id !== '' && !(await connector.getBank(body.bank_id, cc))) {
        throw new ObpError('BankNotFound', ` Current BankId is ${body.bank_id}`);
      }
    },
  ],
  successStatus: 201,
  responseSchema: entitlementJsonSchema,
  exampleResponse: exampleEntitlement,
  errors: [
    'UserNotLoggedIn',
    'UserNotFoundById',
    'InvalidJsonFormat',
    'IncorrectRoleName',
    'EntitlementIsBankRole',
    'EntitlementIsSystemRole',
    'UserNotSuperAdmin',
    'BankNotFound',
    'EntitlementAlreadyExists',
  ],
  handler: async (ctx) => {
    const { role_name: roleName, bank_id: bankId } = ctx.body;
    try {
      return entitlementJson(await ctx.services.entitlements.grant(ctx.params.USER_ID!, findRole(roleName)!.name, bankId));
    } catch (e) {
      if (e instanceof EntitlementExistsError) throw new ObpError('EntitlementAlreadyExists');
      throw e;
    }
  },
});

const getEntitlementsDeclaration = {
  name: 'getEntitlements',
  method: 'GET',
  path: '/users/USER_ID/entitlements',
  summary: 'Get Entitlements for User',
  description: 'Lists the roles of any user. A super admin also shows the implied SuperAdmin entry.',
  tags: ['Role', 'Entitlement', 'User'],
  roles: ['CanGetEntitlementsForAnyUserAtAnyBank'],
  checks: ['auth', 'roles'],
  successStatus: 200,
  responseSchema: entitlementListJsonSchema,
  exampleResponse: { list: [exampleEntitlement] },
  errors: ['UserNotLoggedIn', 'UserHasMissingRoles'],
  handler: async ({ params, services, config }: RequestContext<undefined>) =>
    entitlementListJson(
      await services.entitlements.forUser(params.USER_ID!),
      config.SUPER_ADMIN_USER_IDS.includes(params.USER_ID!),
    ),
} satisfies Omit<Endpoint<undefined>, 'implementedIn'>;

export const getEntitlements = endpoint({
  ...getEntitlementsDeclaration,
  implementedIn: 'v2.0.0',
  // v4.0.0 re-implemented GET /users/USER_ID/entitlements (getEntitlementsV400), with the same answers.
  servedUntil: 'v3.1.0',
});

/** OBP v4.0.0's Get Entitlements for User: the same checks and JSON as v2.0.0's, served from v4.0.0 on. */
export const getEntitlementsV400 = endpoint({ ...getEntitlementsDeclaration, implementedIn: 'v4.0.0' });

export const getEntitlementsForBank = endpoint({
  name: 'getEntitlementsByBankAndUser',
  implementedIn: 'v2.1.0',
  method: 'GET',
  path: '/banks/BANK_ID/users/USER_ID/entitlements',
  summary: 'Get Entitlements for User at Bank',
  description: "Lists a user's roles at one bank.",
  tags: ['Role', 'Entitlement', 'User'],
  roles: ['CanGetEntitlementsForAnyUserAtOneBank', 'CanGetEntitlementsForAnyUserAtAnyBank'],
  // OBP words this check without the usual bank suffix.
  missingRolesError: () =>
    new ObpError('UserHasMissingRoles', ' CanGetEntitlementsForAnyUserAtOneBank or CanGetEntitlementsForAnyUserAtAnyBank'),
  checks: [
    'auth',
    'bank',
    async (ctx) => void (await existingUser(ctx, ctx.params.USER_ID!)),
    'roles',
  ],
  successStatus: 200,
  responseSchema: entitlementListJsonSchema,
  exampleResponse: { list: [exampleEntitlement] },
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserNotFoundById', 'UserHasMissingRoles'],
  handler: async (ctx) =>
    entitlementListJson(await ctx.services.entitlements.forUser(ctx.params.USER_ID!, requireBank(ctx).bankId)),
});

export const getMyEntitlements = endpoint({
  name: 'getEntitlementsForCurrentUser',
  implementedIn: 'v3.0.0',
  method: 'GET',
  path: '/my/entitlements',
  summary: 'Get Entitlements for the current User',
  description: "Lists the logged-in user's roles.",
  tags: ['Role', 'Entitlement', 'User'],
  checks: ['auth'],
  successStatus: 200,
  responseSchema: entitlementListJsonSchema,
  exampleResponse: { list: [exampleEntitlement] },
  errors: ['UserNotLoggedIn'],
  handler: async (ctx) => entitlementListJson(await ctx.services.entitlements.forUser(requireUser(ctx).userId)),
});

export const deleteEntitlement = endpoint({
  name: 'deleteEntitlement',
  implementedIn: 'v2.0.0',
  method: 'DELETE',
  path: '/users/USER_ID/entitlement/ENTITLEMENT_ID',
  summary: 'Delete Entitlement',
  description: 'Revokes one role of a user.',
  tags: ['Role', 'Entitlement', 'User'],
  roles: ['CanDeleteEntitlementAtAnyBank'],
  checks: ['auth', 'roles'],
  successStatus: 204,
  exampleResponse: null,
  errors: ['UserNotLoggedIn', 'UserHasMissingRoles', 'EntitlementNotFound', 'UserDoesNotHaveEntitlement'],
  handler: async ({ params, services }) => {
    const entitlement = await services.entitlements.byId(params.ENTITLEMENT_ID!);
    if (!entitlement) throw new ObpError('EntitlementNotFound');
    if (entitlement.userId !== params.USER_ID) throw new ObpError('UserDoesNotHaveEntitlement');
    await services.entitlements.revoke(entitlement.entitlementId);
    return null;
  },
});
