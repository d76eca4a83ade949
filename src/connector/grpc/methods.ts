/**
 * The gRPC contract as one table: a row per Connector method, typed by the Connector interface (arguments,
 * result) and by the messages generated from proto/ (request, response). A Connector method without an RPC, a
 * misspelt field or a field of the wrong type is a compile error. Both sides use it: the client turns arguments
 * into a request and a response into a result; the adapter does the reverse.
 *
 * Adding an RPC: declare it in proto/obp/connector/v1/connector.proto (request `<Rpc>Request`, response
 * `<Rpc>Response`, field 1 `OutboundCallContext call_context`), add the method to the Connector interface, and add
 * its row here. `npm run build` regenerates the messages; the compiler points at anything missing.
 */
import type { CallContext, Connector, ConnectorMethodName } from '../connector';
import { ConnectorError } from '../errors';
import { ConnectorService } from '../../generated/obp/connector/v1/connector';
import * as w from './wire';

/** The arguments of a connector method, without the trailing call context. */
export type MethodArgs<M extends ConnectorMethodName> = Parameters<Connector[M]> extends [...infer A, CallContext] ? A : never;
export type MethodResult<M extends ConnectorMethodName> = Awaited<ReturnType<Connector[M]>>;

type Service = typeof ConnectorService;
export type Request<M extends ConnectorMethodName> = ReturnType<Service[M]['requestDeserialize']>;
export type Response<M extends ConnectorMethodName> = ReturnType<Service[M]['responseDeserialize']>;

export interface Rpc<M extends ConnectorMethodName> {
  /** No side effects: the client may retry it, and the adapter runs it outside a write transaction. */
  readonly read: boolean;
  /** Present when NOT_FOUND from the adapter is an answer rather than a failure: the value to resolve to. */
  readonly notFound?: { readonly value: MethodResult<M> };
  /** For paged RPCs: the page size asked for, which the adapter checks against its list cap. */
  readonly pageSize?: (req: Request<M>) => number;
  /** The request without its call context, which the client adds. */
  request(...args: MethodArgs<M>): Omit<Request<M>, 'callContext'>;
  args(req: Request<M>): MethodArgs<M>;
  response(result: NonNullable<MethodResult<M>>): Response<M>;
  result(res: Response<M>): MethodResult<M>;
}

/** An adapter that answers OK must include the entity; an answer without it is a contract violation. */
function present<T>(value: T | null, field: string): T {
  if (value === null) throw new ConnectorError('INTERNAL', `adapter answered OK without "${field}"`);
  return value;
}

/** What the adapter answers to a request without the entity it is about. */
function given<T>(value: T | null, field: string): T {
  if (value === null) throw new ConnectorError('INVALID_ARGUMENT', `request without "${field}"`);
  return value;
}

// What a row is: reads may be retried; NOT_FOUND is an answer (undefined, or false for a delete) where noted.
const read = { read: true } as const;
const lookup = { read: true, notFound: { value: undefined } } as const;
const write = { read: false } as const;
const update = { read: false, notFound: { value: undefined } } as const;
const remove = { read: false, notFound: { value: false } } as const;
const customer = (res: { customer: Parameters<typeof w.customerOf>[0] | null }) => w.customerOf(present(res.customer, 'customer'));

export const rpcs: { readonly [M in ConnectorMethodName]: Rpc<M> } = {
  getBank: {
    ...lookup,
    request: (bankId) => ({ bankId }), args: (r) => [r.bankId],
    response: (bank) => ({ bank }), result: (r) => present(r.bank, 'bank'),
  },
  getBanks: { ...read, request: () => ({}), args: () => [], response: (banks) => ({ banks }), result: (r) => r.banks },
  createOrUpdateBank: {
    ...write,
    request: (bank) => ({ bank }), args: (r) => [given(r.bank, 'bank')],
    response: (bank) => ({ bank }), result: (r) => present(r.bank, 'bank'),
  },
  createBank: {
    ...write,
    request: (bank) => ({ bank }), args: (r) => [given(r.bank, 'bank')],
    response: (bank) => ({ bank }), result: (r) => present(r.bank, 'bank'),
  },

  createCustomer: {
    ...write,
    request: (bankId, customer) => ({ bankId, customer }), args: (r) => [r.bankId, w.newCustomerOf(given(r.customer, 'customer'))],
    response: (customer) => ({ customer }), result: customer,
  },
  checkCustomerNumberAvailable: {
    ...read,
    request: (bankId, customerNumber) => ({ bankId, customerNumber }), args: (r) => [r.bankId, r.customerNumber],
    response: (available) => ({ available }), result: (r) => r.available,
  },
  getCustomerByCustomerId: {
    ...lookup,
    request: (customerId) => ({ customerId }), args: (r) => [r.customerId],
    response: (customer) => ({ customer }), result: customer,
  },
  getCustomerAtBank: {
    ...read,
    request: (bankId, customerId) => ({ bankId, customerId }), args: (r) => [r.bankId, r.customerId],
    response: (r) => ({ bank: r.bank ?? null, customer: r.customer ?? null, attributes: r.attributes.map(w.attribute) }),
    result: (r) => ({
      bank: r.bank ?? undefined,
      customer: r.customer ? w.customerOf(r.customer) : undefined,
      attributes: r.attributes.map(w.attributeOf),
    }),
  },
  getCustomerByCustomerNumber: {
    ...lookup,
    request: (customerNumber, bankId) => ({ customerNumber, bankId }), args: (r) => [r.customerNumber, r.bankId],
    response: (customer) => ({ customer }), result: customer,
  },
  getCustomersByUserId: {
    ...read,
    request: (userId) => ({ userId }), args: (r) => [r.userId],
    response: (customers) => ({ customers }), result: (r) => r.customers.map(w.customerOf),
  },
  getCustomers: {
    ...read,
    pageSize: (r) => r.query?.limit ?? 0,
    request: (bankId, q) => ({ bankId, query: w.query(q) }), args: (r) => [r.bankId, w.queryOf(r.query)],
    response: (customers) => ({ customers }), result: (r) => r.customers.map(w.customerOf),
  },
  // Partial updates: an unset optional field is "unchanged" on both sides (undefined in the domain).
  updateCustomerScaData: {
    ...update,
    request: (customerId, u) => ({ customerId, ...u }), args: ({ customerId, callContext: _, ...u }) => [customerId, defined(u)],
    response: (customer) => ({ customer }), result: customer,
  },
  updateCustomerCreditData: {
    ...update,
    request: (customerId, u) => ({ customerId, ...u, creditLimit: u.creditLimit ?? null }),
    args: ({ customerId, callContext: _, ...u }) => [customerId, defined(u)],
    response: (customer) => ({ customer }), result: customer,
  },
  updateCustomerGeneralData: {
    ...update,
    request: (customerId, { faceImage, dateOfBirth, ...u }) => ({
      customerId,
      ...u,
      faceImage: faceImage ?? null,
      dateOfBirth: dateOfBirth === undefined ? null : { value: dateOfBirth },
    }),
    // A set `date_of_birth` wrapper with no value means "no date": null, which `defined` would drop.
    args: ({ customerId, callContext: _, dateOfBirth, ...u }) => [
      customerId,
      { ...defined(u), ...(dateOfBirth ? { dateOfBirth: dateOfBirth.value } : {}) },
    ],
    response: (customer) => ({ customer }), result: customer,
  },

  getCustomerAttributes: {
    ...read,
    request: (bankId, customerId) => ({ bankId, customerId }), args: (r) => [r.bankId, r.customerId],
    response: (attributes) => ({ attributes: attributes.map(w.attribute) }), result: (r) => r.attributes.map(w.attributeOf),
  },
  getCustomerAttributesForCustomers: {
    ...read,
    request: (customers) => ({ customers }), args: (r) => [r.customers.map(w.customerOf)],
    response: (entries) => ({ customersAndAttributes: entries.map((e) => ({ customer: e.customer, attributes: e.attributes.map(w.attribute) })) }),
    result: (r) => r.customersAndAttributes.map((e) => ({ customer: customer(e), attributes: e.attributes.map(w.attributeOf) })),
  },

  createOrUpdateCustomerAttribute: {
    ...update,
    request: (bankId, customerId, customerAttributeId, f) => ({ bankId, customerId, customerAttributeId, ...f, attributeType: w.attributeType(f.attributeType) }),
    args: (r) => [r.bankId, r.customerId, r.customerAttributeId ?? undefined, { name: r.name, attributeType: w.attributeTypeOf(r.attributeType), value: r.value }],
    response: (attribute) => ({ attribute: w.attribute(attribute) }), result: (r) => w.attributeOf(present(r.attribute, 'attribute')),
  },
  getCustomerAttributeById: {
    ...lookup,
    request: (bankId, customerId, customerAttributeId) => ({ bankId, customerId, customerAttributeId }),
    args: (r) => [r.bankId, r.customerId, r.customerAttributeId],
    response: (attribute) => ({ attribute: w.attribute(attribute) }), result: (r) => w.attributeOf(present(r.attribute, 'attribute')),
  },
  deleteCustomerAttribute: {
    ...remove,
    request: (bankId, customerAttributeId) => ({ bankId, customerAttributeId }), args: (r) => [r.bankId, r.customerAttributeId],
    response: (deleted) => ({ deleted }), result: (r) => r.deleted,
  },

  getCustomersByCustomerPhoneNumber: {
    ...read,
    pageSize: (r) => r.limit,
    request: (bankId, phoneNumber, page) => ({ bankId, phoneNumber, ...page }),
    args: (r) => [r.bankId, given(r.phoneNumber, 'phone_number'), { limit: r.limit, offset: r.offset }],
    response: (customers) => ({ customers }), result: (r) => r.customers.map(w.customerOf),
  },
  getCustomersByCustomerLegalName: {
    ...read,
    pageSize: (r) => r.limit,
    request: (bankId, legalName, page) => ({ bankId, legalName, ...page }),
    args: (r) => [r.bankId, given(r.legalName, 'legal_name'), { limit: r.limit, offset: r.offset }],
    response: (customers) => ({ customers }), result: (r) => r.customers.map(w.customerOf),
  },

  createUserCustomerLink: {
    ...write,
    request: (userId, customerId) => ({ userId, customerId }), args: (r) => [r.userId, r.customerId],
    response: (link) => ({ link }), result: (r) => w.linkOf(present(r.link, 'link')),
  },
  getUserCustomerLink: {
    ...lookup,
    request: (userId, customerId) => ({ userId, customerId }), args: (r) => [r.userId, r.customerId],
    response: (link) => ({ link }), result: (r) => w.linkOf(present(r.link, 'link')),
  },

  getCustomerAddress: {
    ...read,
    request: (customerId) => ({ customerId }), args: (r) => [r.customerId],
    response: (addresses) => ({ addresses: addresses.map(w.address) }), result: (r) => r.addresses.map(w.addressOf),
  },
  createCustomerAddress: {
    ...write,
    request: (customerId, fields) => ({ customerId, fields }), args: (r) => [r.customerId, w.addressFieldsOf(r.fields)],
    response: (address) => ({ address: w.address(address) }), result: (r) => w.addressOf(present(r.address, 'address')),
  },
  updateCustomerAddress: {
    ...update,
    request: (customerId, customerAddressId, fields) => ({ customerId, customerAddressId, fields }),
    args: (r) => [r.customerId, r.customerAddressId, w.addressFieldsOf(r.fields)],
    response: (address) => ({ address: w.address(address) }), result: (r) => w.addressOf(present(r.address, 'address')),
  },
  deleteCustomerAddress: {
    ...remove,
    request: (customerId, customerAddressId) => ({ customerId, customerAddressId }), args: (r) => [r.customerId, r.customerAddressId],
    response: (deleted) => ({ deleted }), result: (r) => r.deleted,
  },

  createTaxResidence: {
    ...write,
    request: (customerId, domain, taxNumber) => ({ customerId, domain, taxNumber }), args: (r) => [r.customerId, r.domain, r.taxNumber],
    response: (taxResidence) => ({ taxResidence }), result: (r) => present(r.taxResidence, 'tax_residence'),
  },
  getTaxResidence: {
    ...read,
    request: (customerId) => ({ customerId }), args: (r) => [r.customerId],
    response: (taxResidences) => ({ taxResidences }), result: (r) => r.taxResidences,
  },
  deleteTaxResidence: {
    ...remove,
    request: (customerId, taxResidenceId) => ({ customerId, taxResidenceId }), args: (r) => [r.customerId, r.taxResidenceId],
    response: (deleted) => ({ deleted }), result: (r) => r.deleted,
  },

  addSocialMediaHandle: {
    ...write,
    request: (customerId, handle) => ({ customerId, handle }), args: (r) => [r.customerId, w.handleOf(given(r.handle, 'handle'))],
    response: (handle) => ({ handle }), result: (r) => w.socialMediaHandleOf(present(r.handle, 'handle')),
  },
  getSocialMediaHandles: {
    ...read,
    request: (customerId) => ({ customerId }), args: (r) => [r.customerId],
    response: (handles) => ({ handles }), result: (r) => r.handles.map(w.socialMediaHandleOf),
  },

  getCrmEvents: {
    ...read,
    pageSize: (r) => r.limit,
    request: (bankId, page) => ({ bankId, limit: page.limit, offset: page.offset }),
    args: (r) => [r.bankId, { limit: r.limit, offset: r.offset }],
    response: (crmEvents) => ({ crmEvents }), result: (r) => r.crmEvents,
  },

  createCreditLimitRequest: {
    ...write,
    request: (bankId, customerId, fields) => ({ bankId, customerId, fields }),
    args: (r) => [r.bankId, r.customerId, w.creditLimitFieldsOf(r.fields)],
    response: (request) => ({ creditLimitRequest: w.creditLimitRequest(request) }),
    result: (r) => w.creditLimitRequestOf(present(r.creditLimitRequest, 'credit_limit_request')),
  },
  getCustomerHistory: {
    ...read,
    pageSize: (r) => r.limit,
    request: (bankId, customerId, page) => ({ bankId, customerId, limit: page.limit, offset: page.offset }),
    args: (r) => [r.bankId, r.customerId, { limit: r.limit, offset: r.offset }],
    response: (records) => ({ records: records.map(w.historyRecord) }), result: (r) => r.records.map(w.historyRecordOf),
  },
  getCreditLimitRequests: {
    ...read,
    pageSize: (r) => r.limit,
    request: (bankId, customerId, limit) => ({ bankId, customerId, limit }), args: (r) => [r.bankId, r.customerId, r.limit],
    response: (requests) => ({ creditLimitRequests: requests.map(w.creditLimitRequest) }),
    result: (r) => r.creditLimitRequests.map(w.creditLimitRequestOf),
  },
  getCreditLimitRequestByRequestId: {
    ...lookup,
    request: (bankId, customerId, requestId) => ({ bankId, customerId, requestId }), args: (r) => [r.bankId, r.customerId, r.requestId],
    response: (request) => ({ creditLimitRequest: w.creditLimitRequest(request) }),
    result: (r) => w.creditLimitRequestOf(present(r.creditLimitRequest, 'credit_limit_request')),
  },

  getAdapterInfo: {
    ...read,
    request: () => ({}), args: () => [],
    response: (adapterInfo) => ({ adapterInfo }), result: (r) => present(r.adapterInfo, 'adapter_info'),
  },
};

export const connectorMethodNames = Object.keys(rpcs) as ConnectorMethodName[];

/** A partial update without its unset fields: "absent" stays absent, whatever the decoder filled in. */
function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], null | undefined> };
}
