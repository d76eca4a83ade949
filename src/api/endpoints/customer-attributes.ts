/** OBP v4.0.0's customer attributes, served under /obp/v4.0.0 with OBP's paths, roles, shapes and check order. */
import { z } from 'zod';
import type { CustomerAttributeFields, CustomerAttributeType } from '../../connector/types';
import { ObpError } from '../../errors';
import { refusedAs } from '../connector-calls';
import { endpoint, requireBank, requireCustomer, type Endpoint, type RequestContext } from '../endpoint';
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

/** Implemented in OBP v4.0.0, and served from its prefix on (src/api/versions.ts). */
const v400 = { implementedIn: 'v4.0.0', tags: ['Customer'] } satisfies Partial<Endpoint>;

const typeDescription = 'The type must be one of STRING, INTEGER, DOUBLE or DATE_WITH_DAY; the value is stored as text, whatever the type.';

/** What create and update share: OBP's checks in its order, the body, the one-attribute answer. */
const attributeWrite: Pick<
  Endpoint<CustomerAttributeBody>,
  'implementedIn' | 'tags' | 'body' | 'checks' | 'responseSchema' | 'exampleResponse'
> = {
  ...v400,
  body: attributeBody,
  checks: ['auth', 'bank', 'roles', 'body', attributeType, 'customer'],
  responseSchema: customerAttributeJsonSchema,
  exampleResponse: exampleCustomerAttribute,
};
const writeErrors = ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'InvalidJsonFormat', 'CustomerNotFoundByCustomerId'] as const;

/**
 * Creates (no id) or updates the path customer's attribute. A name the customer already has on another attribute is
 * refused (the store keeps one attribute per name and customer).
 */
function writeAttribute(ctx: RequestContext<CustomerAttributeBody>, customerAttributeId: string | undefined) {
  const customer = requireCustomer(ctx);
  return refusedAs(
    ctx.connector.createOrUpdateCustomerAttribute(customer.bankId, customer.customerId, customerAttributeId, fieldsOf(ctx.body), ctx.cc),
    'ConnectorEmptyResponse',
    { ALREADY_EXISTS: () => new ObpError('CustomerAttributeAlreadyExists') },
  );
}

export const createCustomerAttribute = endpoint({
  ...attributeWrite,
  name: 'createCustomerAttribute',
  method: 'POST',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/attribute',
  summary: 'Create Customer Attribute',
  description: `Adds an attribute to the customer. ${typeDescription} A customer has at most one attribute of each name.`,
  roles: ['CanCreateCustomerAttributeAtOneBank', 'CanCreateCustomerAttributeAtAnyBank'],
  successStatus: 201,
  errors: [...writeErrors, 'CustomerAttributeAlreadyExists', 'ConnectorEmptyResponse'],
  handler: async (ctx) => {
    const created = await writeAttribute(ctx, undefined);
    // The customer was found at the bank by the checks: the connector has no reason to answer nothing.
    if (!created) throw new ObpError('ConnectorEmptyResponse');
    return customerAttributeJson(created);
  },
});

export const updateCustomerAttribute = endpoint({
  ...attributeWrite,
  name: 'updateCustomerAttribute',
  method: 'PUT',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/attributes/CUSTOMER_ATTRIBUTE_ID',
  summary: 'Update Customer Attribute',
  description: `Replaces the name, type and value of one of the customer's attributes. ${typeDescription} An attribute of another customer is not found.`,
  roles: ['CanUpdateCustomerAttributeAtOneBank', 'CanUpdateCustomerAttributeAtAnyBank'],
  successStatus: 200,
  errors: [...writeErrors, 'CustomerAttributeNotFound', 'CustomerAttributeAlreadyExists'],
  handler: async (ctx) => {
    const updated = await writeAttribute(ctx, ctx.params.CUSTOMER_ATTRIBUTE_ID!);
    if (!updated) throw attributeNotFound();
    return customerAttributeJson(updated);
  },
});

export const getCustomerAttributes = endpoint({
  ...v400,
  name: 'getCustomerAttributes',
  method: 'GET',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/attributes',
  summary: 'Get Customer Attributes',
  description: "Lists the customer's attributes, by name.",
  roles: ['CanGetCustomerAttributesAtOneBank', 'CanGetCustomerAttributesAtAnyBank'],
  checks: ['auth', 'bank', 'roles', 'customer'],
  successStatus: 200,
  responseSchema: z.object({ customer_attributes: z.array(customerAttributeJsonSchema) }),
  exampleResponse: { customer_attributes: [exampleCustomerAttribute] },
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'CustomerNotFoundByCustomerId'],
  handler: async (ctx) => {
    const customer = requireCustomer(ctx);
    const attributes = ctx.customerAttributes ?? (await ctx.connector.getCustomerAttributes(customer.bankId, customer.customerId, ctx.cc));
    return { customer_attributes: attributes.map(customerAttributeJson) };
  },
});

export const getCustomerAttributeById = endpoint({
  ...v400,
  name: 'getCustomerAttributeById',
  method: 'GET',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/attributes/CUSTOMER_ATTRIBUTE_ID',
  summary: 'Get Customer Attribute By Id',
  description: "Returns one of the customer's attributes. An attribute of another customer is not found.",
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
  ...v400,
  name: 'deleteCustomerAttribute',
  method: 'DELETE',
  // OBP's route; its resource doc shows /banks/BANK_ID/CUSTOMER_ID/attributes/CUSTOMER_ATTRIBUTE_ID, which it never served.
  path: '/banks/BANK_ID/customers/attributes/CUSTOMER_ATTRIBUTE_ID',
  summary: 'Delete Customer Attribute',
  description: 'Deletes an attribute of a customer of the bank; answers 204 without a body. An attribute of another bank is not found.',
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
