import { z } from 'zod';
import { ObpError } from '../../errors';
import { refusedAs } from '../connector-calls';
import { customerEtag } from '../preconditions';
import { endpoint, requireBank, requireCustomer, requireUser } from '../endpoint';
import {
  customerJsonV210,
  customerJsonV310,
  customerWithAttributesJsonV300,
  customerWithAttributesJsonV310,
  exampleCustomerAttribute,
  exampleCustomerV300,
  exampleCustomerV310,
  customerJsonV310Schema,
  customerWithAttributesJsonV310Schema,
  customerWithAttributesJsonV300Schema,
  customerJsonV210Schema,
} from '../json/customer';
import { obpDate, obpInt, obpList, obpString } from '../schemas';

export const faceImageSchema = z.object({ url: obpString(2000), date: obpDate });

const postCustomerSchema = z.object({
  legal_name: obpString(255),
  mobile_phone_number: obpString(50),
  email: obpString(200),
  face_image: faceImageSchema,
  date_of_birth: obpDate,
  relationship_status: obpString(255),
  dependants: obpInt,
  dob_of_dependants: obpList(obpDate),
  credit_rating: z.object({ rating: obpString(255), source: obpString(255) }),
  credit_limit: z.object({ currency: obpString(255), amount: obpString(255) }),
  highest_education_attained: obpString(255),
  employment_status: obpString(255),
  kyc_status: z.boolean(),
  last_ok_date: obpDate,
  title: obpString(255),
  branch_id: obpString(255),
  name_suffix: obpString(255),
});

const { bank_id: _b, customer_id: _c, customer_number: _n, ...examplePostCustomer } = exampleCustomerV310;

export const createCustomer = endpoint({
  name: 'createCustomer',
  implementedIn: 'v3.1.0',
  // v4.0.0 and v5.0.0 re-implemented POST /banks/BANK_ID/customers (other checks, then another request).
  servedUntil: 'v3.1.0',
  method: 'POST',
  path: '/banks/BANK_ID/customers',
  summary: 'Create Customer',
  description:
    'Creates a customer at the bank. Dates need to be in the format 2013-01-21T23:08:00Z. The customer number is ' +
    'assigned by the back end; to set a specific one, use Update Customer Number after this call.',
  tags: ['Customer', 'Person'],
  roles: ['CanCreateCustomer', 'CanCreateCustomerAtAnyBank'],
  body: { schema: postCustomerSchema, typeName: 'PostCustomerJsonV310', example: examplePostCustomer },
  checks: [
    'auth',
    'roles',
    'bank',
    'body',
    ({ body }) => {
      if (body.dependants !== body.dob_of_dependants.length) {
        throw new ObpError(
          'InvalidJsonValue',
          ` The field dependants(${body.dependants}) not equal the length(${body.dob_of_dependants.length}) of dob_of_dependants array`,
        );
      }
    },
  ],
  successStatus: 201,
  responseSchema: customerJsonV310Schema,
  exampleResponse: exampleCustomerV310,
  errors: ['UserNotLoggedIn', 'UserHasMissingRoles', 'BankNotFound', 'InvalidJsonFormat', 'InvalidJsonValue', 'CreateCustomerError'],
  handler: async (ctx) => {
    const b = ctx.body;
    const customer = await refusedAs(
      ctx.connector.createCustomer(
        requireBank(ctx).bankId,
        {
          legalName: b.legal_name,
          mobileNumber: b.mobile_phone_number,
          email: b.email,
          faceImage: b.face_image,
          dateOfBirth: b.date_of_birth,
          relationshipStatus: b.relationship_status,
          dependents: b.dependants,
          dobOfDependents: b.dob_of_dependants,
          highestEducationAttained: b.highest_education_attained,
          employmentStatus: b.employment_status,
          kycStatus: b.kyc_status,
          lastOkDate: b.last_ok_date,
          creditRating: b.credit_rating,
          creditLimit: b.credit_limit,
          title: b.title,
          branchId: b.branch_id,
          nameSuffix: b.name_suffix,
        },
        ctx.cc,
      ),
      'CreateCustomerError',
    );
    return customerJsonV310(customer);
  },
});

const exampleCustomerWithAttributes = { ...exampleCustomerV310, customer_attributes: [exampleCustomerAttribute] };

export const getCustomerByCustomerId = endpoint({
  name: 'getCustomerByCustomerId',
  implementedIn: 'v3.1.0',
  method: 'GET',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID',
  summary: 'Get Customer by CUSTOMER_ID',
  description:
    'Returns the customer with its attributes at this bank. The strong `ETag` is the customer\'s version, which every ' +
    'change to the customer or its satellites moves on: send it as `If-Match` on the customer PUTs and the address ' +
    'update to have them refused (412 OBP-30360) if the customer changed since.',
  tags: ['Customer'],
  roles: ['CanGetCustomer'],
  checks: ['auth', 'bank', 'roles', 'customer'],
  successStatus: 200,
  responseSchema: customerWithAttributesJsonV310Schema,
  exampleResponse: exampleCustomerWithAttributes,
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'CustomerNotFoundByCustomerId'],
  handler: async (ctx) => {
    const customer = requireCustomer(ctx);
    const attributes = ctx.customerAttributes ?? (await ctx.connector.getCustomerAttributes(customer.bankId, customer.customerId, ctx.cc));
    // Attribute writes move the version on too, so the tag changes whenever this answer does.
    const tag = customerEtag(customer);
    if (tag) ctx.setHeader('ETag', tag);
    return customerWithAttributesJsonV310(customer, attributes);
  },
});

export const getCustomerByCustomerNumber = endpoint({
  name: 'getCustomerByCustomerNumber',
  implementedIn: 'v3.1.0',
  method: 'POST',
  path: '/banks/BANK_ID/customers/customer-number',
  summary: 'Get Customer by CUSTOMER_NUMBER',
  description: 'Returns the customer with this customer number at the bank, with its attributes. The number is sent in the body.',
  tags: ['Customer'],
  roles: ['CanGetCustomer'],
  body: {
    schema: z.object({ customer_number: obpString(50) }),
    typeName: 'PostCustomerNumberJsonV310',
    example: { customer_number: '5987953' },
  },
  checks: ['auth', 'bank', 'roles', 'body'],
  successStatus: 200,
  responseSchema: customerWithAttributesJsonV310Schema,
  exampleResponse: exampleCustomerWithAttributes,
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'InvalidJsonFormat', 'CustomerNotFound'],
  handler: async (ctx) => {
    const bankId = requireBank(ctx).bankId;
    const customer = await ctx.connector.getCustomerByCustomerNumber(ctx.body.customer_number, bankId, ctx.cc);
    if (!customer) throw new ObpError('CustomerNotFound');
    const attributes = await ctx.connector.getCustomerAttributes(bankId, customer.customerId, ctx.cc);
    return customerWithAttributesJsonV310(customer, attributes);
  },
});

export const getCustomersForUser = endpoint({
  name: 'getCustomersForUser',
  implementedIn: 'v3.0.0',
  method: 'GET',
  path: '/users/current/customers',
  summary: 'Get Customers for Current User',
  description: 'Returns the customers, at every bank, linked to the logged-in user, with their attributes.',
  tags: ['Customer', 'User'],
  checks: ['auth'],
  successStatus: 200,
  responseSchema: z.object({ customers: z.array(customerWithAttributesJsonV300Schema) }),
  exampleResponse: { customers: [{ ...exampleCustomerV300, customer_attributes: [exampleCustomerAttribute] }] },
  errors: ['UserNotLoggedIn', 'ConnectorEmptyResponse'],
  handler: async (ctx) => {
    const customers = await refusedAs(ctx.connector.getCustomersByUserId(requireUser(ctx).userId, ctx.cc), 'ConnectorEmptyResponse');
    const withAttributes = await refusedAs(ctx.connector.getCustomerAttributesForCustomers(customers, ctx.cc), 'ConnectorEmptyResponse');
    return { customers: withAttributes.map((c) => customerWithAttributesJsonV300(c.customer, c.attributes)) };
  },
});

const { title: _t, branch_id: _br, name_suffix: _s, ...exampleCustomerV210 } = exampleCustomerV310;

export const getCustomersForCurrentUserAtBank = endpoint({
  name: 'getCustomersForCurrentUserAtBank',
  implementedIn: 'v2.1.0',
  // v4.0.0 and v5.0.0 serve other endpoints at GET /banks/BANK_ID/customers (other roles and answers).
  servedUntil: 'v3.1.0',
  method: 'GET',
  path: '/banks/BANK_ID/customers',
  summary: 'Get Customers for current User at Bank',
  description: 'Returns the customers at this bank that are linked to the logged-in user.',
  tags: ['Customer'],
  checks: ['auth', 'bank'],
  successStatus: 200,
  responseSchema: z.object({ customers: z.array(customerJsonV210Schema) }),
  exampleResponse: { customers: [exampleCustomerV210] },
  errors: ['UserNotLoggedIn', 'BankNotFound', 'ConnectorEmptyResponse'],
  handler: async (ctx) => {
    const customers = await refusedAs(ctx.connector.getCustomersByUserId(requireUser(ctx).userId, ctx.cc), 'ConnectorEmptyResponse');
    const bankId = requireBank(ctx).bankId;
    return { customers: customers.filter((c) => c.bankId === bankId).map(customerJsonV210) };
  },
});
