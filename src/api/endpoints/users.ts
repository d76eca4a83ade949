import { z } from 'zod';
import { isStrongPassword } from '../../auth/passwords';
import { isAsciiUsername, UsernameTakenError } from '../../auth/users';
import { ObpError } from '../../errors';
import { endpoint, requireUser, type Endpoint } from '../endpoint';
import { userJsonV200, userJsonV300, userJsonV200Schema, userJsonV300Schema } from '../json/user';
import { obpString } from '../schemas';

const createUserSchema = z.object({
  email: obpString(255),
  username: obpString(100),
  password: obpString(512),
  first_name: obpString(255),
  last_name: obpString(255),
});

const USERNAME = /^(?=.{8,100}$)(?![_.])(?!.*[_.]{2})[a-zA-Z0-9._]+(?<![_.])$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function invalidUserFields(u: z.infer<typeof createUserSchema>): string[] {
  const problems: string[] = [];
  if (u.first_name.trim() === '') problems.push('first_name must not be empty');
  if (u.last_name.trim() === '') problems.push('last_name must not be empty');
  if (!isAsciiUsername(u.username) || (!USERNAME.test(u.username) && !EMAIL.test(u.username))) {
    problems.push('username must be an ASCII email address or 8-100 characters of a-z, A-Z, 0-9, . and _');
  }
  if (!EMAIL.test(u.email)) problems.push('email is not a valid email address');
  return problems;
}

const exampleUser = {
  user_id: '9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1',
  email: 'felixsmith@example.com',
  provider_id: 'felixsmith',
  provider: 'http://127.0.0.1:8080',
  username: 'felixsmith',
  entitlements: { list: [] },
};

export const createUser = endpoint({
  name: 'createUser',
  implementedIn: 'v2.0.0',
  method: 'POST',
  path: '/users',
  summary: 'Create User',
  description:
    'Creates a user who can then log in with DirectLogin. No authentication is needed. A new user is validated ' +
    '(allowed to log in) only when USER_ACCOUNT_VALIDATED is true; otherwise an operator validates it.',
  tags: ['User'],
  body: {
    schema: createUserSchema,
    example: {
      email: 'felixsmith@example.com',
      username: 'felixsmith',
      password: 'Str0ng-Passw0rd!',
      first_name: 'Felix',
      last_name: 'Smith',
    },
  },
  checks: ['body'],
  successStatus: 201,
  responseSchema: userJsonV200Schema,
  exampleResponse: exampleUser,
  errors: ['InvalidJsonFormat', 'TooManyRequests', 'InvalidStrongPasswordFormat', 'UnspecifiedError', 'ServiceIsTooBusy'],
  handler: async ({ body, services, config, ip }) => {
    await services.rateLimits.admitUserCreation(ip, body.username);
    if (!isStrongPassword(body.password)) throw new ObpError('InvalidStrongPasswordFormat');
    const problems = invalidUserFields(body);
    if (problems.length > 0) throw new ObpError('UnspecifiedError', ` ${problems.join('; ')}`);
    try {
      // UserStore.create refuses a taken username (in any letter case) before hashing the password.
      const user = await services.users.create({
        username: body.username,
        password: body.password,
        email: body.email,
        firstName: body.first_name,
        lastName: body.last_name,
        provider: config.HOSTNAME_URL,
        validated: config.USER_ACCOUNT_VALIDATED,
      });
      return userJsonV200(user, []);
    } catch (e) {
      if (e instanceof UsernameTakenError) {
        throw new ObpError('UnspecifiedError', ' User with the same username already exists.', { status: 409 });
      }
      throw e;
    }
  },
});

const exampleEntitlements = {
  list: [{ entitlement_id: '6fb17583-1e49-4435-bb74-a14fe0996723', role_name: 'CanCreateCustomer', bank_id: 'gh.29.uk' }],
};

/** What both versions of Get User (Current) share; they differ in their JSON (v3.0.0 adds `views`). */
const currentUserDeclaration = {
  name: 'getCurrentUser',
  method: 'GET',
  path: '/users/current',
  summary: 'Get User (Current)',
  description: 'Returns the logged-in user with their entitlements.',
  tags: ['User'],
  checks: ['auth'],
  catalogs: { core: true },
  successStatus: 200,
  errors: ['UserNotLoggedIn'],
} satisfies Partial<Endpoint<undefined>>;

export const getCurrentUser = endpoint({
  ...currentUserDeclaration,
  implementedIn: 'v3.0.0',
  responseSchema: userJsonV300Schema,
  exampleResponse: { ...exampleUser, entitlements: exampleEntitlements, views: { list: [] } },
  handler: async (ctx) => {
    const user = requireUser(ctx);
    return userJsonV300(user, await ctx.services.entitlements.forUser(user.userId));
  },
});

/** OBP v2.0.0's Get User (Current), served under v2.0.0 to v2.2.0: UserJsonV200, without `views`. */
export const getCurrentUserV200 = endpoint({
  ...currentUserDeclaration,
  implementedIn: 'v2.0.0',
  // v3.0.0 re-implemented GET /users/current (getCurrentUser above).
  servedUntil: 'v2.2.0',
  responseSchema: userJsonV200Schema,
  exampleResponse: { ...exampleUser, entitlements: exampleEntitlements },
  handler: async (ctx) => {
    const user = requireUser(ctx);
    return userJsonV200(user, await ctx.services.entitlements.forUser(user.userId));
  },
});
