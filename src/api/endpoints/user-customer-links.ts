import { z } from 'zod';
import { ObpError } from '../../errors';
import { refusedAs } from '../connector-calls';
import { endpoint, type Check, type Endpoint, type RequestContext } from '../endpoint';
import { userCustomerLinkJson, userCustomerLinkJsonSchema } from '../json/customer';
import { customerAtBank, existingUser } from '../lookups';
import { obpString } from '../schemas';

type LinkBody = { user_id: string; customer_id: string };

const bankIdFormat: Check<LinkBody> = ({ params }) => {
  if (!/^[A-Za-z0-9\-_.]{1,255}$/.test(params.BANK_ID!)) throw new ObpError('InvalidBankIdFormat');
};

/** The body's user exists (v2.0.0 answers an unknown one with OBP-20005, v4.0.0 with OBP-20057). */
const linkedUserExists =
  (notFound: 'UserNotFoundById' | 'UserNotFoundByUserId'): Check<LinkBody> =>
  async (ctx) => {
    const { body } = ctx;
    if (body.user_id === '') throw new ObpError('UnspecifiedError', ' Field user_id is not defined in the posted json!');
    if (notFound === 'UserNotFoundById') await existingUser(ctx, body.user_id);
    else if (!(await ctx.services.users.byId(body.user_id))) throw new ObpError(notFound);
    if (body.customer_id === '') throw new ObpError('UnspecifiedError', ' Field customer_id is not defined in the posted json!');
  };

const linkedCustomerAtBank: Check<LinkBody> = async (ctx) => void (await customerAtBank(ctx, ctx.body.customer_id));

/** What both versions of Create User Customer Link share: path, JSON, errors and the write. */
const linkDeclaration = {
  name: 'createUserCustomerLinks',
  method: 'POST',
  path: '/banks/BANK_ID/user_customer_links',
  summary: 'Create User Customer Link',
  description:
    'Link a User to a Customer. The customer must belong to the bank. ' +
    'CanCreateUserCustomerLink OR CanCreateUserCustomerLinkAtAnyBank entitlements are required.',
  tags: ['Customer', 'User'],
  body: {
    schema: z.object({ user_id: obpString(36), customer_id: obpString(36) }),
    example: { user_id: '9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1', customer_id: '7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh' },
  },
  successStatus: 201,
  responseSchema: userCustomerLinkJsonSchema,
  exampleResponse: {
    user_customer_link_id: '9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1',
    customer_id: '7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh',
    user_id: '9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1',
    date_inserted: '2024-10-16T10:00:00Z',
    is_active: true,
  },
  errors: [
    'UserNotLoggedIn',
    'InvalidBankIdFormat',
    'BankNotFound',
    'InvalidJsonFormat',
    'UnspecifiedError',
    'UserNotFoundById',
    'CustomerNotFoundByCustomerId',
    'UserHasMissingRoles',
    'CustomerAlreadyExistsForUser',
    'CreateUserCustomerLinksError',
  ],
  handler: async (ctx: RequestContext<LinkBody>) => {
    // The unique (user, customer) index decides "already linked", so concurrent requests cannot both succeed.
    const link = await refusedAs(
      ctx.connector.createUserCustomerLink(ctx.body.user_id, ctx.body.customer_id, ctx.cc),
      'CreateUserCustomerLinksError',
      { ALREADY_EXISTS: () => new ObpError('CustomerAlreadyExistsForUser') },
    );
    return userCustomerLinkJson(link);
  },
} satisfies Omit<Endpoint<LinkBody>, 'implementedIn' | 'checks'>;

/** The seed's v2.0.0 endpoint (policy P4): login, and the roles checked once the customer is known. */
export const createUserCustomerLinks = endpoint<LinkBody>({
  ...linkDeclaration,
  implementedIn: 'v2.0.0',
  // v4.0.0 re-implemented POST /banks/BANK_ID/user_customer_links (createUserCustomerLinksV400).
  servedUntil: 'v3.1.0',
  roles: ['CanCreateUserCustomerLink', 'CanCreateUserCustomerLinkAtAnyBank'],
  missingRolesError: () =>
    new ObpError('UserHasMissingRoles', ' CanCreateUserCustomerLink OR CanCreateUserCustomerLinkAtAnyBank entitlements are required.'),
  // OBP checks these roles only once the customer is known.
  checks: ['auth', bankIdFormat, 'bank', 'body', linkedUserExists('UserNotFoundById'), linkedCustomerAtBank, 'roles'],
});

/**
 * OBP v4.0.0's Create User Customer Link: the same JSON and roles, checked the way v4.0.0 checks every endpoint it
 * implements (login, bank, roles, then the body).
 */
export const createUserCustomerLinksV400 = endpoint<LinkBody>({
  ...linkDeclaration,
  implementedIn: 'v4.0.0',
  roles: ['CanCreateUserCustomerLinkAtAnyBank', 'CanCreateUserCustomerLink'],
  checks: ['auth', 'bank', 'roles', bankIdFormat, 'body', linkedUserExists('UserNotFoundByUserId'), linkedCustomerAtBank],
  errors: [...linkDeclaration.errors.filter((e) => e !== 'UserNotFoundById'), 'UserNotFoundByUserId'],
});
