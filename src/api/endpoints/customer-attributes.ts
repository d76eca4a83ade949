/** OBP v4.0.0's customer attributes, served under /obp/v4.0.0 with OBP's paths, roles, shapes and check order. */
import { z } from 'zod';
import type { CustomerAttributeFields, CustomerAttributeType } from '../../connector/types';
import { ObpError } from '../../errors';
import { refusedAs } from '../connector-calls';
import { endpoint, requireBank, requireCustomer, type RequestContext } from '../endpoint';
import { customerAttributeJson, customerAttributeJsonSchema, exampleCustomerAttribute } from '../json/customer';
import { obpString } from '../schemas';

const ATTRIBUTE_TYPES: readonly CustomerAttributeType[] = ['STRING', 'INTEGER', 'DOUBLE', 'DATE_WITH_DAY'];

/** Limited to the store's columns (OBP: name 50, value 2000; here name 128, value 255, see the README). */
const customerAttributeJsonV400 = z.object({ name: obpString(128), type: obpString(255), value: obpString(255) });
type CustomerAttributeBody = z.infer<typeof customerAttributeJsonV400>;

const { customer_attribute_id: _id, ...exampleRequest } = exampleCustomerAttribute;

const attributeBody = { schema: customerAttributeJsonV400, typeName: 'CustomerAttributeJsonV400', example: exampleRequest };

const isAttributeType = (t: string): t is CustomerAttributeType => (ATTRIBUTE_TYPES as readonly string[]).includes(t);

/** OBP checks the type (exactly one of four names, letter case included) after the body and before the customer. */
function attributeType({ body }: RequestContext<CustomerAttributeBody>): void {
  if (!isAttributeType(body.type)) {
    throw new ObpError(
      'InvalidJsonFormat',
      ' The `Type` field can only accept the following field: DOUBLE(12.1234), STRING(TAX_NUMBER), INTEGER(123) and DATE_WITH_DAY(2012-04-23)',
    );
  }
}

const fieldsOf = (b: CustomerAttributeBody): CustomerAttributeFields => ({ name: b.name, attributeType: b.type as CustomerAttributeType, value: b.value });

const attributeNotFound = () => new ObpError('CustomerAttributeNotFound');

/** A name the customer already has is refused (the store keeps one attribute per name and customer). */
const nameTaken = { ALREADY_EXISTS: () => new ObpError('CustomerAttributeAlreadyExists') };

const typeDescription = 'The type must be one of STRING, INTEGER, DOUBLE or DATE_WITH_DAY; the value is stored as text, whatever the type.';

export const createCustomerAttribute = endpoint({
  name: 'createCustomerAttribute',
  implementedIn: 'v4.0.0',
  version: 'v4.0.0',
  method: 'POST',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/attribute',
  summary: 'Create Customer Attribute',
  description: `Adds an attribute to the customer. ${typeDescription} A customer has at most one attribute of each name.`,
  tags: ['Customer'],
  roles: ['CanCreateCustomerAttributeAtOneBank', 'CanCreateCustomerAttributeAtAnyBank'],
  body: attributeBody,
  checks: ['auth', 'bank', 'roles', 'body', attributeType, 'customer'],
  successStatus: 201,
  responseSchema: customerAttributeJsonSchema,
  exampleResponse: exampleCustomerAttribute,
  errors: [
    'UserNotLoggedIn',
    'BankNotFound',
    'UserHasMissingRoles',
    'InvalidJsonFormat',
    'CustomerNotFoundByCustomerId',
    'CustomerAttributeAlreadyExists',
    'ConnectorEmptyResponse',
  ],
  handler: async (ctx) => {
    const customer = requireCustomer(ctx);
    const created = await refusedAs(
      ctx.connector.createOrUpdateCustomerAttribute(customer.bankId, customer.customerId, undefined, fieldsOf(ctx.body), ctx.cc),
      'ConnectorEmptyResponse',
      nameTaken,
    );
    if (!created) throw new ObpError('ConnectorEmptyResponse');
    return customerAttributeJson(created);
  },
});

export const updateCustomerAttribute = endpoint({
  name: 'updateCustomerAttribute',
  implementedIn: 'v4.0.0',
  version: 'v4.0.0',
  method: 'PUT',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/attributes/CUSTOMER_ATTRIBUTE_ID',
  summary: 'Update Customer Attribute',
  description: `Replaces the name, type and value of one of the customer's attributes. ${typeDescription} An attribute of another customer is not found.`,
  tags: ['Customer'],
  roles: ['CanUpdateCustomerAttributeAtOneBank', 'CanUpdateCustomerAttributeAtAnyBank'],
  body: attributeBody,
  checks: ['auth', 'bank', 'roles', 'body', attributeType, 'customer'],
  successStatus: 200,
  responseSchema: customerAttributeJsonSchema,
  exampleResponse: exampleCustomerAttribute,
  errors: [
    'UserNotLoggedIn',
    'BankNotFound',
    'UserHasMissingRoles',
    'InvalidJsonFormat',
    'CustomerNotFoundByCustomerId',
    'CustomerAttributeNotFound',
    'CustomerAttributeAlreadyExists',
  ],
  handler: async (ctx) => {
    const customer = requireCustomer(ctx);
    const updated = await refusedAs(
      ctx.connector.createOrUpdateCustomerAttribute(customer.bankId, customer.customerId, ctx.params.CUSTOMER_ATTRIBUTE_ID!, fieldsOf(ctx.body), ctx.cc),
      'ConnectorEmptyResponse',
      nameTaken,
    );
    if (!updated) throw attributeNotFound();
    return customerAttributeJson(updated);
  },
});

export const getCustomerAttributes = endpoint({
  name: 'getCustomerAttributes',
  implementedIn: 'v4.0.0',
  version: 'v4.0.0',
  method: 'GET',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/attributes',
  summary: 'Get Customer Attributes',
  description: "Lists the customer's attributes, by name.",
  tags: ['Customer'],
  roles: ['CanGetCustomerAttributesAtOneBank', 'CanGetCustomerAttributesAtAnyBank'],
  checks: ['auth', 'bank', 'roles', 'customer'],
  successStatus: 200,
  responseSchema: z.object({ customer_attributes: z.array(customerAttributeJsonSchema) }),
  exampleResponse: { customer_attributes: [exampleCustomerAttribute] },
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'CustomerNotFoundByCustomerId'],
  handler: async (ctx) => {
    const customer = requireCustomer(ctx);
    const attributes = await ctx.connector.getCustomerAttributes(customer.bankId, customer.customerId, ctx.cc);
    return { customer_attributes: attributes.map(customerAttributeJson) };
  },
});

export const getCustomerAttributeById = endpoint({
  name: 'getCustomerAttributeById',
  implementedIn: 'v4.0.0',
  version: 'v4.0.0',
  method: 'GET',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/attributes/CUSTOMER_ATTRIBUTE_ID',
  summary: 'Get Customer Attribute By Id',
  description: "Returns one of the customer's attributes. An attribute of another customer is not found.",
  tags: ['Customer'],
  roles: ['CanGetCustomerAttributeAtOneBank', 'CanGetCustomerAttributeAtAnyBank'],
  checks: ['auth', 'bank', 'roles', 'customer'],
  successStatus: 200,
  responseSchema: customerAttributeJsonSchema,
  exampleResponse: exampleCustomerAttribute,
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'CustomerNotFoundByCustomerId', 'CustomerAttributeNotFound'],
  handler: async (ctx) => {
    const customer = requireCustomer(ctx);
    const attribute = await ctx.connector.getCustomerAttributeById(customer.bankId, customer.customerId, ctx.params.CUSTOMER_ATTRIBUTE_ID!, ctx.cc);
    if (!attribute) throw attributeNotFound();
    return customerAttributeJson(attribute);
  },
});

export const deleteCustomerAttribute = endpoint({
  name: 'deleteCustomerAttribute',
  implementedIn: 'v4.0.0',
  version: 'v4.0.0',
  method: 'DELETE',
  // OBP's route; its resource doc shows /banks/BANK_ID/CUSTOMER_ID/attributes/CUSTOMER_ATTRIBUTE_ID, which it never served.
  path: '/banks/BANK_ID/customers/attributes/CUSTOMER_ATTRIBUTE_ID',
  summary: 'Delete Customer Attribute',
  description: 'Deletes an attribute of a customer of the bank; answers 204 without a body. An attribute of another bank is not found.',
  tags: ['Customer'],
  roles: ['CanDeleteCustomerAttributeAtOneBank', 'CanDeleteCustomerAttributeAtAnyBank'],
  checks: ['auth', 'bank', 'roles'],
  successStatus: 204,
  exampleResponse: undefined,
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'CustomerAttributeNotFound'],
  handler: async (ctx) => {
    const deleted = await ctx.connector.deleteCustomerAttribute(requireBank(ctx).bankId, ctx.params.CUSTOMER_ATTRIBUTE_ID!, ctx.cc);
    if (!deleted) throw attributeNotFound();
  },
});

export const customerAttributeEndpoints = [
  createCustomerAttribute,
  getCustomerAttributes,
  getCustomerAttributeById,
  updateCustomerAttribute,
  deleteCustomerAttribute,
];
