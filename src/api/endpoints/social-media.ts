import { z } from 'zod';
import { ObpError } from '../../errors';
import { endpoint, requireCustomer } from '../endpoint';
import { socialMediaJson, socialMediaJsonSchema } from '../json/social-media';
import { obpDate, obpString } from '../schemas';

const exampleHandle = {
  customer_number: '5987953',
  type: 'PlaceholderString',
  handle: 'PlaceholderString',
  date_added: '1100-01-01T00:00:00Z',
  date_activated: '1100-01-01T00:00:00Z',
};

/** OBP's isValidID, applied to BANK_ID by this endpoint only. */
const VALID_ID = /^[A-Za-z0-9\-_.]+$/;

export const addSocialMediaHandle = endpoint({
  name: 'addSocialMediaHandle',
  implementedIn: 'v2.0.0',
  method: 'POST',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/social_media_handles',
  summary: 'Add Social Media Handle',
  description:
    'Adds a social media handle to the customer; a customer may have any number of them. `customer_number` must ' +
    "be the customer's number.",
  tags: ['Customer'],
  roles: ['CanAddSocialMediaHandle'],
  body: {
    schema: z.object({
      customer_number: obpString(50),
      type: obpString(255),
      handle: obpString(255),
      date_added: obpDate,
      date_activated: obpDate,
    }),
    example: exampleHandle,
  },
  checks: [
    'auth',
    'body',
    ({ params }) => {
      const bankId = params.BANK_ID ?? '';
      if (!VALID_ID.test(bankId) || bankId.length > 255) throw new ObpError('InvalidBankIdFormat');
    },
    'bank',
    'roles',
    'customer',
    (ctx) => {
      const customer = requireCustomer(ctx);
      if (ctx.body.customer_number !== customer.number) {
        throw new ObpError(
          'IncorrectJsonValue',
          ` customer_number(${ctx.body.customer_number}) is not the number of the customer CUSTOMER_ID(${customer.customerId}).`,
        );
      }
    },
  ],
  successStatus: 201,
  responseSchema: z.object({ success: z.string() }),
  exampleResponse: { success: 'Success' },
  errors: [
    'UserNotLoggedIn',
    'InvalidJsonFormat',
    'InvalidBankIdFormat',
    'BankNotFound',
    'UserHasMissingRoles',
    'CustomerNotFoundByCustomerId',
    'IncorrectJsonValue',
  ],
  handler: async (ctx) => {
    const b = ctx.body;
    await ctx.connector.addSocialMediaHandle(
      requireCustomer(ctx).customerId,
      { type: b.type, handle: b.handle, dateAdded: b.date_added, dateActivated: b.date_activated },
      ctx.cc,
    );
    return { success: 'Success' };
  },
});

export const getSocialMediaHandles = endpoint({
  name: 'getSocialMediaHandles',
  implementedIn: 'v2.0.0',
  method: 'GET',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/social_media_handles',
  summary: 'Get Customer Social Media Handles',
  description: "Lists the customer's social media handles, most recently added first (the list is named `checks`, as in OBP).",
  tags: ['Customer'],
  roles: ['CanGetSocialMediaHandles'],
  checks: ['auth', 'bank', 'roles', 'customer'],
  successStatus: 200,
  responseSchema: z.object({ checks: z.array(socialMediaJsonSchema) }),
  exampleResponse: { checks: [exampleHandle] },
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'CustomerNotFoundByCustomerId'],
  handler: async (ctx) => ({
    checks: (await ctx.connector.getSocialMediaHandles(requireCustomer(ctx).customerId, ctx.cc)).map(socialMediaJson),
  }),
});
