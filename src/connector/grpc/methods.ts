/**
 * One entry per Connector method: how its arguments and result travel as obp.connector.v1 messages (used in both
 * directions, by the client and by the adapter), whether it is a read (safe to retry), and what the client
 * returns when the adapter answers NOT_FOUND.
 */
import type { CallContext, Connector, ConnectorMethodName } from '../connector';
import { ConnectorError } from '../errors';
import {
  compact,
  decodeAdapterInfo,
  decodeAddress,
  decodeAddressFields,
  decodeAttribute,
  decodeBank,
  decodeCreditLimitRequest,
  decodeCreditLimitRequestFields,
  decodeCrmEvent,
  decodeCustomer,
  decodeCustomerAndAttributes,
  decodeCustomerQuery,
  decodeFaceImage,
  decodeLink,
  decodeMoney,
  decodeNewCustomer,
  decodeNewSocialMediaHandle,
  decodeSocialMediaHandle,
  decodeTaxResidence,
  encodeAdapterInfo,
  encodeAddress,
  encodeAddressFields,
  encodeAttribute,
  encodeBank,
  encodeCreditLimitRequest,
  encodeCreditLimitRequestFields,
  encodeCrmEvent,
  encodeCustomer,
  encodeCustomerAndAttributes,
  encodeCustomerQuery,
  encodeFaceImage,
  encodeLink,
  encodeMoney,
  encodeNewCustomer,
  encodeNewSocialMediaHandle,
  encodeSocialMediaHandle,
  encodeTaxResidence,
  fromTimestamp,
  int,
  list,
  msg,
  optionalInt,
  optionalStr,
  str,
  toTimestamp,
  type Wire,
} from './codec';

/** The arguments of a connector method, without the trailing call context. */
export type MethodArgs<M extends ConnectorMethodName> = Parameters<Connector[M]> extends [...infer A, CallContext] ? A : never;
export type MethodResult<M extends ConnectorMethodName> = Awaited<ReturnType<Connector[M]>>;

export interface MethodCodec<M extends ConnectorMethodName> {
  /** No side effects: the client may retry it. */
  readonly read: boolean;
  /** Present when NOT_FOUND from the adapter is an answer rather than a failure: the value to resolve to. */
  readonly onNotFound?: { readonly value: MethodResult<M> };
  /** Request fields other than call_context. */
  encodeRequest(...args: MethodArgs<M>): Wire;
  decodeRequest(req: Wire): MethodArgs<M>;
  encodeResponse(result: NonNullable<MethodResult<M>>): Wire;
  decodeResponse(res: Wire): MethodResult<M>;
}

/** An adapter that answers OK must include the entity; an empty answer is a contract violation. */
function required<T>(res: Wire, key: string, decode: (m: Wire) => T): T {
  const m = msg(res, key);
  if (!m) throw new ConnectorError('INTERNAL', `adapter answered OK without "${key}"`);
  return decode(m);
}

const notFoundIsUndefined = { value: undefined } as const;

/** createOrUpdateBank and createBank carry the same messages (a bank in, the stored bank out). */
const bankWrite: MethodCodec<'createOrUpdateBank'> = {
  read: false,
  encodeRequest: (bank) => ({ bank: encodeBank(bank) }),
  decodeRequest: (req) => [decodeBank(msg(req, 'bank') ?? {})],
  encodeResponse: (bank) => ({ bank: encodeBank(bank) }),
  decodeResponse: (res) => required(res, 'bank', decodeBank),
};
const notFoundIsFalse = { value: false } as const;

export const methodCodecs: { readonly [M in ConnectorMethodName]: MethodCodec<M> } = {
  getBank: {
    read: true,
    onNotFound: notFoundIsUndefined,
    encodeRequest: (bankId) => ({ bank_id: bankId }),
    decodeRequest: (req) => [str(req, 'bank_id')],
    encodeResponse: (bank) => ({ bank: encodeBank(bank) }),
    decodeResponse: (res) => required(res, 'bank', decodeBank),
  },
  getBanks: {
    read: true,
    encodeRequest: () => ({}),
    decodeRequest: () => [],
    encodeResponse: (banks) => ({ banks: banks.map(encodeBank) }),
    decodeResponse: (res) => list(res, 'banks', decodeBank),
  },
  createOrUpdateBank: bankWrite,
  createBank: bankWrite,

  createCustomer: {
    read: false,
    encodeRequest: (bankId, customer) => ({ bank_id: bankId, customer: encodeNewCustomer(customer) }),
    decodeRequest: (req) => [str(req, 'bank_id'), decodeNewCustomer(msg(req, 'customer'))],
    encodeResponse: (customer) => ({ customer: encodeCustomer(customer) }),
    decodeResponse: (res) => required(res, 'customer', decodeCustomer),
  },
  checkCustomerNumberAvailable: {
    read: true,
    encodeRequest: (bankId, customerNumber) => ({ bank_id: bankId, customer_number: customerNumber }),
    decodeRequest: (req) => [str(req, 'bank_id'), str(req, 'customer_number')],
    encodeResponse: (available) => ({ available }),
    decodeResponse: (res) => res.available === true,
  },
  getCustomerByCustomerId: {
    read: true,
    onNotFound: notFoundIsUndefined,
    encodeRequest: (customerId) => ({ customer_id: customerId }),
    decodeRequest: (req) => [str(req, 'customer_id')],
    encodeResponse: (customer) => ({ customer: encodeCustomer(customer) }),
    decodeResponse: (res) => required(res, 'customer', decodeCustomer),
  },
  getCustomerByCustomerNumber: {
    read: true,
    onNotFound: notFoundIsUndefined,
    encodeRequest: (customerNumber, bankId) => ({ customer_number: customerNumber, bank_id: bankId }),
    decodeRequest: (req) => [str(req, 'customer_number'), str(req, 'bank_id')],
    encodeResponse: (customer) => ({ customer: encodeCustomer(customer) }),
    decodeResponse: (res) => required(res, 'customer', decodeCustomer),
  },
  getCustomersByUserId: {
    read: true,
    encodeRequest: (userId) => ({ user_id: userId }),
    decodeRequest: (req) => [str(req, 'user_id')],
    encodeResponse: (customers) => ({ customers: customers.map(encodeCustomer) }),
    decodeResponse: (res) => list(res, 'customers', decodeCustomer),
  },
  getCustomers: {
    read: true,
    encodeRequest: (bankId, query) => ({ bank_id: bankId, query: encodeCustomerQuery(query) }),
    decodeRequest: (req) => [str(req, 'bank_id'), decodeCustomerQuery(msg(req, 'query'))],
    encodeResponse: (customers) => ({ customers: customers.map(encodeCustomer) }),
    decodeResponse: (res) => list(res, 'customers', decodeCustomer),
  },
  updateCustomerScaData: {
    read: false,
    onNotFound: notFoundIsUndefined,
    encodeRequest: (customerId, u) =>
      compact({ customer_id: customerId, mobile_number: u.mobileNumber, email: u.email, customer_number: u.customerNumber }),
    decodeRequest: (req) => [
      str(req, 'customer_id'),
      dropUndefined({
        mobileNumber: optionalStr(req, 'mobile_number'),
        email: optionalStr(req, 'email'),
        customerNumber: optionalStr(req, 'customer_number'),
      }),
    ],
    encodeResponse: (customer) => ({ customer: encodeCustomer(customer) }),
    decodeResponse: (res) => required(res, 'customer', decodeCustomer),
  },
  updateCustomerCreditData: {
    read: false,
    onNotFound: notFoundIsUndefined,
    encodeRequest: (customerId, u) =>
      compact({
        customer_id: customerId,
        credit_rating: u.creditRating,
        credit_source: u.creditSource,
        credit_limit: u.creditLimit && encodeMoney(u.creditLimit),
      }),
    decodeRequest: (req) => {
      const limit = msg(req, 'credit_limit');
      return [
        str(req, 'customer_id'),
        dropUndefined({
          creditRating: optionalStr(req, 'credit_rating'),
          creditSource: optionalStr(req, 'credit_source'),
          creditLimit: limit && decodeMoney(limit),
        }),
      ];
    },
    encodeResponse: (customer) => ({ customer: encodeCustomer(customer) }),
    decodeResponse: (res) => required(res, 'customer', decodeCustomer),
  },
  updateCustomerGeneralData: {
    read: false,
    onNotFound: notFoundIsUndefined,
    encodeRequest: (customerId, u) =>
      compact({
        customer_id: customerId,
        legal_name: u.legalName,
        face_image: u.faceImage && encodeFaceImage(u.faceImage),
        date_of_birth: u.dateOfBirth === undefined ? undefined : compact({ value: toTimestamp(u.dateOfBirth) }),
        relationship_status: u.relationshipStatus,
        dependents: u.dependents,
        highest_education_attained: u.highestEducationAttained,
        employment_status: u.employmentStatus,
        title: u.title,
        branch_id: u.branchId,
        name_suffix: u.nameSuffix,
      }),
    decodeRequest: (req) => {
      const faceImage = msg(req, 'face_image');
      const dateOfBirth = msg(req, 'date_of_birth');
      return [
        str(req, 'customer_id'),
        dropUndefined({
          legalName: optionalStr(req, 'legal_name'),
          faceImage: faceImage && decodeFaceImage(faceImage),
          dateOfBirth: dateOfBirth && fromTimestamp(msg(dateOfBirth, 'value')),
          relationshipStatus: optionalStr(req, 'relationship_status'),
          dependents: optionalInt(req, 'dependents'),
          highestEducationAttained: optionalStr(req, 'highest_education_attained'),
          employmentStatus: optionalStr(req, 'employment_status'),
          title: optionalStr(req, 'title'),
          branchId: optionalStr(req, 'branch_id'),
          nameSuffix: optionalStr(req, 'name_suffix'),
        }),
      ];
    },
    encodeResponse: (customer) => ({ customer: encodeCustomer(customer) }),
    decodeResponse: (res) => required(res, 'customer', decodeCustomer),
  },

  getCustomerAttributes: {
    read: true,
    encodeRequest: (bankId, customerId) => ({ bank_id: bankId, customer_id: customerId }),
    decodeRequest: (req) => [str(req, 'bank_id'), str(req, 'customer_id')],
    encodeResponse: (attributes) => ({ attributes: attributes.map(encodeAttribute) }),
    decodeResponse: (res) => list(res, 'attributes', decodeAttribute),
  },
  getCustomerAttributesForCustomers: {
    read: true,
    encodeRequest: (customers) => ({ customers: customers.map(encodeCustomer) }),
    decodeRequest: (req) => [list(req, 'customers', decodeCustomer)],
    encodeResponse: (entries) => ({ customers_and_attributes: entries.map(encodeCustomerAndAttributes) }),
    decodeResponse: (res) => list(res, 'customers_and_attributes', decodeCustomerAndAttributes),
  },

  createUserCustomerLink: {
    read: false,
    encodeRequest: (userId, customerId) => ({ user_id: userId, customer_id: customerId }),
    decodeRequest: (req) => [str(req, 'user_id'), str(req, 'customer_id')],
    encodeResponse: (link) => ({ link: encodeLink(link) }),
    decodeResponse: (res) => required(res, 'link', decodeLink),
  },
  getUserCustomerLink: {
    read: true,
    onNotFound: notFoundIsUndefined,
    encodeRequest: (userId, customerId) => ({ user_id: userId, customer_id: customerId }),
    decodeRequest: (req) => [str(req, 'user_id'), str(req, 'customer_id')],
    encodeResponse: (link) => ({ link: encodeLink(link) }),
    decodeResponse: (res) => required(res, 'link', decodeLink),
  },

  getCustomerAddress: {
    read: true,
    encodeRequest: (customerId) => ({ customer_id: customerId }),
    decodeRequest: (req) => [str(req, 'customer_id')],
    encodeResponse: (addresses) => ({ addresses: addresses.map(encodeAddress) }),
    decodeResponse: (res) => list(res, 'addresses', decodeAddress),
  },
  createCustomerAddress: {
    read: false,
    encodeRequest: (customerId, fields) => ({ customer_id: customerId, fields: encodeAddressFields(fields) }),
    decodeRequest: (req) => [str(req, 'customer_id'), decodeAddressFields(msg(req, 'fields'))],
    encodeResponse: (address) => ({ address: encodeAddress(address) }),
    decodeResponse: (res) => required(res, 'address', decodeAddress),
  },
  updateCustomerAddress: {
    read: false,
    onNotFound: notFoundIsUndefined,
    encodeRequest: (customerId, addressId, fields) => ({
      customer_id: customerId,
      customer_address_id: addressId,
      fields: encodeAddressFields(fields),
    }),
    decodeRequest: (req) => [str(req, 'customer_id'), str(req, 'customer_address_id'), decodeAddressFields(msg(req, 'fields'))],
    encodeResponse: (address) => ({ address: encodeAddress(address) }),
    decodeResponse: (res) => required(res, 'address', decodeAddress),
  },
  deleteCustomerAddress: {
    read: false,
    onNotFound: notFoundIsFalse,
    encodeRequest: (customerId, addressId) => ({ customer_id: customerId, customer_address_id: addressId }),
    decodeRequest: (req) => [str(req, 'customer_id'), str(req, 'customer_address_id')],
    encodeResponse: (deleted) => ({ deleted }),
    decodeResponse: (res) => res.deleted === true,
  },

  createTaxResidence: {
    read: false,
    encodeRequest: (customerId, domain, taxNumber) => ({ customer_id: customerId, domain, tax_number: taxNumber }),
    decodeRequest: (req) => [str(req, 'customer_id'), str(req, 'domain'), str(req, 'tax_number')],
    encodeResponse: (taxResidence) => ({ tax_residence: encodeTaxResidence(taxResidence) }),
    decodeResponse: (res) => required(res, 'tax_residence', decodeTaxResidence),
  },
  getTaxResidence: {
    read: true,
    encodeRequest: (customerId) => ({ customer_id: customerId }),
    decodeRequest: (req) => [str(req, 'customer_id')],
    encodeResponse: (residences) => ({ tax_residences: residences.map(encodeTaxResidence) }),
    decodeResponse: (res) => list(res, 'tax_residences', decodeTaxResidence),
  },
  deleteTaxResidence: {
    read: false,
    onNotFound: notFoundIsFalse,
    encodeRequest: (customerId, taxResidenceId) => ({ customer_id: customerId, tax_residence_id: taxResidenceId }),
    decodeRequest: (req) => [str(req, 'customer_id'), str(req, 'tax_residence_id')],
    encodeResponse: (deleted) => ({ deleted }),
    decodeResponse: (res) => res.deleted === true,
  },

  addSocialMediaHandle: {
    read: false,
    encodeRequest: (customerId, handle) => ({ customer_id: customerId, handle: encodeNewSocialMediaHandle(handle) }),
    decodeRequest: (req) => [str(req, 'customer_id'), decodeNewSocialMediaHandle(msg(req, 'handle'))],
    encodeResponse: (handle) => ({ handle: encodeSocialMediaHandle(handle) }),
    decodeResponse: (res) => required(res, 'handle', decodeSocialMediaHandle),
  },
  getSocialMediaHandles: {
    read: true,
    encodeRequest: (customerId) => ({ customer_id: customerId }),
    decodeRequest: (req) => [str(req, 'customer_id')],
    encodeResponse: (handles) => ({ handles: handles.map(encodeSocialMediaHandle) }),
    decodeResponse: (res) => list(res, 'handles', decodeSocialMediaHandle),
  },

  getCrmEvents: {
    read: true,
    encodeRequest: (bankId, page) => ({ bank_id: bankId, limit: page.limit, offset: page.offset }),
    decodeRequest: (req) => [str(req, 'bank_id'), { limit: int(req, 'limit'), offset: int(req, 'offset') }],
    encodeResponse: (events) => ({ crm_events: events.map(encodeCrmEvent) }),
    decodeResponse: (res) => list(res, 'crm_events', decodeCrmEvent),
  },

  createCreditLimitRequest: {
    read: false,
    encodeRequest: (bankId, customerId, fields) => ({
      bank_id: bankId,
      customer_id: customerId,
      fields: encodeCreditLimitRequestFields(fields),
    }),
    decodeRequest: (req) => [str(req, 'bank_id'), str(req, 'customer_id'), decodeCreditLimitRequestFields(msg(req, 'fields'))],
    encodeResponse: (request) => ({ credit_limit_request: encodeCreditLimitRequest(request) }),
    decodeResponse: (res) => required(res, 'credit_limit_request', decodeCreditLimitRequest),
  },
  getCreditLimitRequests: {
    read: true,
    encodeRequest: (bankId, customerId, limit) => ({ bank_id: bankId, customer_id: customerId, limit }),
    decodeRequest: (req) => [str(req, 'bank_id'), str(req, 'customer_id'), int(req, 'limit')],
    encodeResponse: (requests) => ({ credit_limit_requests: requests.map(encodeCreditLimitRequest) }),
    decodeResponse: (res) => list(res, 'credit_limit_requests', decodeCreditLimitRequest),
  },
  getCreditLimitRequestByRequestId: {
    read: true,
    onNotFound: notFoundIsUndefined,
    encodeRequest: (bankId, customerId, requestId) => ({ bank_id: bankId, customer_id: customerId, request_id: requestId }),
    decodeRequest: (req) => [str(req, 'bank_id'), str(req, 'customer_id'), str(req, 'request_id')],
    encodeResponse: (request) => ({ credit_limit_request: encodeCreditLimitRequest(request) }),
    decodeResponse: (res) => required(res, 'credit_limit_request', decodeCreditLimitRequest),
  },

  getAdapterInfo: {
    read: true,
    encodeRequest: () => ({}),
    decodeRequest: () => [],
    encodeResponse: (info) => ({ adapter_info: encodeAdapterInfo(info) }),
    decodeResponse: (res) => decodeAdapterInfo(msg(res, 'adapter_info')),
  },
};

export const connectorMethodNames = Object.keys(methodCodecs) as ConnectorMethodName[];

/** Leaves out undefined values, so "absent" stays absent in partial updates (exactOptionalPropertyTypes-safe). */
function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
