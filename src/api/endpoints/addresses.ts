import { z } from 'zod';
import type { CustomerAddressFields } from '../../connector/types';
import { ObpError } from '../../errors';
import { endpoint, requireCustomer } from '../endpoint';
import { requireIfMatch } from '../preconditions';
import { customerAddressJson, customerAddressJsonSchema } from '../json/address';
import { obpList, obpString } from '../schemas';

const postCustomerAddressJsonV310 = z.object({
  line_1: obpString(255),
  line_2: obpString(255),
  line_3: obpString(255),
  city: obpString(255),
  county: obpString(255),
  state: obpString(255),
  postcode: obpString(64),
  country_code: obpString(16),
  tags: obpList(obpString(255)),
  status: obpString(255),
});

type PostCustomerAddress = z.infer<typeof postCustomerAddressJsonV310>;

const toFields = (b: PostCustomerAddress): CustomerAddressFields => ({
  line1: b.line_1,
  line2: b.line_2,
  line3: b.line_3,
  city: b.city,
  county: b.county,
  state: b.state,
  postcode: b.postcode,
  countryCode: b.country_code,
  tags: b.tags,
  status: b.status,
});

const exampleRequest = {
  line_1: 'No 1 the Road',
  line_2: 'The Place',
  line_3: 'The Hill',
  city: 'Berlin',
  county: '',
  state: 'Brandenburg',
  postcode: '13359',
  country_code: 'DE',
  tags: ['mailing', 'home'],
  status: 'OK',
};

const exampleAddress = {
  customer_address_id: '5995d6a2-01b3-423c-a173-5481df49bdaf',
  customer_id: '7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh',
  ...exampleRequest,
  insert_date: '2024-10-16T10:00:00Z',
};

const addressBody = { schema: postCustomerAddressJsonV310, typeName: 'PostCustomerAddressJsonV310', example: exampleRequest };

export const createCustomerAddress = endpoint({
  name: 'createCustomerAddress',
  implementedIn: 'v3.1.0',
  method: 'POST',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/address',
  summary: 'Create Address',
  description:
    'Adds an address to the customer. `status` is stored and returned as sent; `tags` come back exactly as sent.',
  tags: ['Customer'],
  roles: ['CanCreateCustomerAddress'],
  body: addressBody,
  checks: ['auth', 'bank', 'roles', 'body', 'customer'],
  successStatus: 201,
  responseSchema: customerAddressJsonSchema,
  exampleResponse: exampleAddress,
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'InvalidJsonFormat', 'CustomerNotFoundByCustomerId'],
  handler: async (ctx) =>
    customerAddressJson(await ctx.connector.createCustomerAddress(requireCustomer(ctx).customerId, toFields(ctx.body), ctx.cc)),
});

export const getCustomerAddresses = endpoint({
  name: 'getCustomerAddresses',
  implementedIn: 'v3.1.0',
  method: 'GET',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/addresses',
  summary: 'Get Customer Addresses',
  description: 'Lists the addresses of the customer, oldest first.',
  tags: ['Customer'],
  roles: ['CanGetCustomerAddress'],
  checks: ['auth', 'bank', 'roles', 'customer'],
  successStatus: 200,
  responseSchema: z.object({ addresses: z.array(customerAddressJsonSchema) }),
  exampleResponse: { addresses: [exampleAddress] },
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'CustomerNotFoundByCustomerId'],
  handler: async (ctx) => ({
    addresses: (await ctx.connector.getCustomerAddress(requireCustomer(ctx).customerId, ctx.cc)).map(customerAddressJson),
  }),
});

export const updateCustomerAddress = endpoint({
  name: 'updateCustomerAddress',
  implementedIn: 'v3.1.0',
  method: 'PUT',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/addresses/CUSTOMER_ADDRESS_ID',
  summary: 'Update the Address of a Customer',
  description:
    'Replaces every field of one of the customer\'s addresses. Requires CanCreateCustomer at the bank (the role ' +
    "OBP checks). An address of another customer is not found. With `If-Match` (the customer's ETag from GET " +
    'customer), refused with 412 OBP-30360 if the customer changed since.',
  tags: ['Customer'],
  roles: ['CanCreateCustomer'],
  body: addressBody,
  checks: ['auth', 'bank', 'roles', 'body', 'customer'],
  successStatus: 200,
  responseSchema: customerAddressJsonSchema,
  exampleResponse: exampleAddress,
  errors: [
    'UserNotLoggedIn',
    'BankNotFound',
    'UserHasMissingRoles',
    'InvalidJsonFormat',
    'CustomerNotFoundByCustomerId',
    'CustomerChangedSince',
    'CustomerAddressNotFound',
  ],
  handler: async (ctx) => {
    requireIfMatch(ctx, requireCustomer(ctx));
    const updated = await ctx.connector.updateCustomerAddress(
      requireCustomer(ctx).customerId,
      ctx.params.CUSTOMER_ADDRESS_ID!,
      toFields(ctx.body),
      ctx.cc,
    );
    if (!updated) throw new ObpError('CustomerAddressNotFound');
    return customerAddressJson(updated);
  },
});

export const deleteCustomerAddress = endpoint({
  name: 'deleteCustomerAddress',
  implementedIn: 'v3.1.0',
  method: 'DELETE',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/addresses/CUSTOMER_ADDRESS_ID',
  summary: 'Delete Customer Address',
  description: "Deletes one of the customer's addresses; answers `true`. An address of another customer is not found.",
  tags: ['Customer'],
  roles: ['CanDeleteCustomerAddress'],
  checks: ['auth', 'bank', 'roles', 'customer'],
  successStatus: 200,
  responseSchema: z.boolean(),
  exampleResponse: true,
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'CustomerNotFoundByCustomerId', 'CustomerAddressNotFound'],
  handler: async (ctx) => {
    if (!(await ctx.connector.deleteCustomerAddress(requireCustomer(ctx).customerId, ctx.params.CUSTOMER_ADDRESS_ID!, ctx.cc))) {
      throw new ObpError('CustomerAddressNotFound');
    }
    return true;
  },
});
