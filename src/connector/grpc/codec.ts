/**
 * Mapping between the domain types (src/connector/types.ts) and the plain objects @grpc/proto-loader produces
 * and accepts for obp.connector.v1 messages (snake_case keys, int64 as strings, enums as names, unset message
 * fields as null). Decoders are lenient about missing fields because the other side may be an adapter written
 * by another team: a missing scalar reads as its proto3 default.
 */
import type { CallContext } from '../connector';
import type {
  AdapterInfo,
  AmountOfMoney,
  Bank,
  CreditLimitRequest,
  CreditLimitRequestFields,
  CrmEvent,
  Customer,
  CustomerAddress,
  CustomerAddressFields,
  CustomerAndAttributes,
  CustomerAttribute,
  CustomerAttributeType,
  CustomerFaceImage,
  CustomerQuery,
  NewCustomer,
  NewSocialMediaHandle,
  SocialMediaHandle,
  TaxResidence,
  UserCustomerLink,
} from '../types';

export type Wire = Record<string, unknown>;

// ---- primitives ----

export function str(m: Wire | undefined, key: string): string {
  const v = m?.[key];
  return typeof v === 'string' ? v : '';
}

export function int(m: Wire | undefined, key: string): number {
  const v = m?.[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') return Number(v);
  return 0;
}

export function bool(m: Wire | undefined, key: string): boolean {
  return m?.[key] === true;
}

/** A message field, or undefined when unset. */
export function msg(m: Wire | undefined, key: string): Wire | undefined {
  const v = m?.[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Wire) : undefined;
}

export function list<T>(m: Wire | undefined, key: string, decode: (item: Wire) => T): T[] {
  const v = m?.[key];
  return Array.isArray(v) ? v.map((item) => decode(item as Wire)) : [];
}

export function strings(m: Wire | undefined, key: string): string[] {
  const v = m?.[key];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/** A proto3 `optional` scalar: undefined when unset. */
export function optionalStr(m: Wire, key: string): string | undefined {
  const v = m[key];
  return typeof v === 'string' ? v : undefined;
}

export function optionalInt(m: Wire, key: string): number | undefined {
  const v = m[key];
  return v === undefined || v === null ? undefined : Number(v);
}

/** Drops undefined values, so unset `optional` fields stay unset on the wire. */
export function compact(m: Record<string, unknown>): Wire {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined));
}

export function toTimestamp(d: Date | null | undefined): Wire | undefined {
  if (!d) return undefined;
  const ms = d.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}

export function fromTimestamp(t: Wire | undefined): Date | null {
  if (!t) return null;
  return new Date(int(t, 'seconds') * 1000 + Math.floor(int(t, 'nanos') / 1_000_000));
}

/** For dates the domain never leaves empty: an unset timestamp reads as the epoch rather than null. */
function requiredDate(m: Wire | undefined, key: string): Date {
  return fromTimestamp(msg(m, key)) ?? new Date(0);
}

// ---- call context ----

export function encodeCallContext(cc: CallContext): Wire {
  return compact({
    correlation_id: cc.correlationId,
    consumer: cc.consumer ? { consumer_id: cc.consumer.consumerId, name: cc.consumer.name } : undefined,
    user: cc.user ? { user_id: cc.user.userId, username: cc.user.username } : undefined,
    general_context: Object.entries(cc.passThroughHeaders ?? {}).map(([key, value]) => ({ key, value })),
  });
}

export function decodeCallContext(m: Wire | undefined): CallContext {
  const cc: CallContext = { correlationId: str(m, 'correlation_id') };
  const consumer = msg(m, 'consumer');
  if (consumer) cc.consumer = { consumerId: str(consumer, 'consumer_id'), name: str(consumer, 'name') };
  const user = msg(m, 'user');
  if (user) cc.user = { userId: str(user, 'user_id'), username: str(user, 'username') };
  const headers = list(m, 'general_context', (kv) => [str(kv, 'key'), str(kv, 'value')] as const);
  if (headers.length > 0) cc.passThroughHeaders = Object.fromEntries(headers);
  return cc;
}

// ---- banks ----

export function encodeBank(b: Bank): Wire {
  return {
    bank_id: b.bankId,
    short_name: b.shortName,
    full_name: b.fullName,
    logo_url: b.logoUrl,
    website_url: b.websiteUrl,
    swift_bic: b.swiftBic,
    national_identifier: b.nationalIdentifier,
    bank_routing_scheme: b.bankRoutingScheme,
    bank_routing_address: b.bankRoutingAddress,
  };
}

export function decodeBank(m: Wire): Bank {
  return {
    bankId: str(m, 'bank_id'),
    shortName: str(m, 'short_name'),
    fullName: str(m, 'full_name'),
    logoUrl: str(m, 'logo_url'),
    websiteUrl: str(m, 'website_url'),
    swiftBic: str(m, 'swift_bic'),
    nationalIdentifier: str(m, 'national_identifier'),
    bankRoutingScheme: str(m, 'bank_routing_scheme'),
    bankRoutingAddress: str(m, 'bank_routing_address'),
  };
}

// ---- customers ----

export function encodeFaceImage(f: CustomerFaceImage): Wire {
  return compact({ url: f.url, date: toTimestamp(f.date) });
}

export function decodeFaceImage(m: Wire | undefined): CustomerFaceImage {
  return { url: str(m, 'url'), date: fromTimestamp(msg(m, 'date')) };
}

export function encodeMoney(a: AmountOfMoney): Wire {
  return { currency: a.currency, amount: a.amount };
}

export function decodeMoney(m: Wire | undefined): AmountOfMoney {
  return { currency: str(m, 'currency'), amount: str(m, 'amount') };
}

/** The fields NewCustomer and Customer share, in wire form. */
function encodeCustomerBody(c: NewCustomer): Wire {
  return compact({
    legal_name: c.legalName,
    mobile_number: c.mobileNumber,
    email: c.email,
    face_image: encodeFaceImage(c.faceImage),
    date_of_birth: toTimestamp(c.dateOfBirth),
    relationship_status: c.relationshipStatus,
    dependents: c.dependents,
    dob_of_dependents: c.dobOfDependents.map((d) => toTimestamp(d)),
    highest_education_attained: c.highestEducationAttained,
    employment_status: c.employmentStatus,
    kyc_status: c.kycStatus,
    last_ok_date: toTimestamp(c.lastOkDate),
    credit_rating: { rating: c.creditRating.rating, source: c.creditRating.source },
    credit_limit: encodeMoney(c.creditLimit),
    title: c.title,
    branch_id: c.branchId,
    name_suffix: c.nameSuffix,
  });
}

export function decodeNewCustomer(m: Wire | undefined): NewCustomer {
  const rating = msg(m, 'credit_rating');
  return {
    legalName: str(m, 'legal_name'),
    mobileNumber: str(m, 'mobile_number'),
    email: str(m, 'email'),
    faceImage: decodeFaceImage(msg(m, 'face_image')),
    dateOfBirth: fromTimestamp(msg(m, 'date_of_birth')),
    relationshipStatus: str(m, 'relationship_status'),
    dependents: int(m, 'dependents'),
    dobOfDependents: list(m, 'dob_of_dependents', (t) => fromTimestamp(t) ?? new Date(0)),
    highestEducationAttained: str(m, 'highest_education_attained'),
    employmentStatus: str(m, 'employment_status'),
    kycStatus: bool(m, 'kyc_status'),
    lastOkDate: fromTimestamp(msg(m, 'last_ok_date')),
    creditRating: { rating: str(rating, 'rating'), source: str(rating, 'source') },
    creditLimit: decodeMoney(msg(m, 'credit_limit')),
    title: str(m, 'title'),
    branchId: str(m, 'branch_id'),
    nameSuffix: str(m, 'name_suffix'),
  };
}

export const encodeNewCustomer = encodeCustomerBody;

export function encodeCustomer(c: Customer): Wire {
  return { customer_id: c.customerId, bank_id: c.bankId, number: c.number, ...encodeCustomerBody(c) };
}

export function decodeCustomer(m: Wire): Customer {
  return { customerId: str(m, 'customer_id'), bankId: str(m, 'bank_id'), number: str(m, 'number'), ...decodeNewCustomer(m) };
}

const sortDirections = { ASC: 'SORT_DIRECTION_ASCENDING', DESC: 'SORT_DIRECTION_DESCENDING' } as const;

const optionalDate = <K extends string>(key: K, d: Date | null | undefined) => (d ? { [key]: d } : {}) as Partial<Record<K, Date>>;

export function encodeCustomerQuery(q: CustomerQuery): Wire {
  return {
    limit: q.limit,
    offset: q.offset,
    ...(q.fromDate ? { from_date: toTimestamp(q.fromDate) } : {}),
    ...(q.toDate ? { to_date: toTimestamp(q.toDate) } : {}),
    sort_direction: sortDirections[q.sortDirection],
    attribute_filters: Object.entries(q.attributeFilters).map(([name, values]) => ({ name, values })),
  };
}

export function decodeCustomerQuery(m: Wire | undefined): CustomerQuery {
  return {
    limit: int(m, 'limit'),
    offset: int(m, 'offset'),
    // An unset bound is open.
    ...optionalDate('fromDate', fromTimestamp(msg(m, 'from_date'))),
    ...optionalDate('toDate', fromTimestamp(msg(m, 'to_date'))),
    sortDirection: str(m, 'sort_direction') === sortDirections.ASC ? 'ASC' : 'DESC',
    attributeFilters: Object.fromEntries(list(m, 'attribute_filters', (f) => [str(f, 'name'), strings(f, 'values')] as const)),
  };
}

// ---- attributes ----

const attributeTypePrefix = 'CUSTOMER_ATTRIBUTE_TYPE_';
const attributeTypes: readonly CustomerAttributeType[] = ['STRING', 'INTEGER', 'DOUBLE', 'DATE_WITH_DAY'];

export function encodeAttribute(a: CustomerAttribute): Wire {
  return {
    customer_attribute_id: a.customerAttributeId,
    bank_id: a.bankId,
    customer_id: a.customerId,
    name: a.name,
    attribute_type: attributeTypePrefix + a.attributeType,
    value: a.value,
  };
}

export function decodeAttribute(m: Wire): CustomerAttribute {
  const type = str(m, 'attribute_type').slice(attributeTypePrefix.length) as CustomerAttributeType;
  return {
    customerAttributeId: str(m, 'customer_attribute_id'),
    bankId: str(m, 'bank_id'),
    customerId: str(m, 'customer_id'),
    name: str(m, 'name'),
    attributeType: attributeTypes.includes(type) ? type : 'STRING',
    value: str(m, 'value'),
  };
}

export function encodeCustomerAndAttributes(c: CustomerAndAttributes): Wire {
  return { customer: encodeCustomer(c.customer), attributes: c.attributes.map(encodeAttribute) };
}

export function decodeCustomerAndAttributes(m: Wire): CustomerAndAttributes {
  return { customer: decodeCustomer(msg(m, 'customer') ?? {}), attributes: list(m, 'attributes', decodeAttribute) };
}

// ---- links ----

export function encodeLink(l: UserCustomerLink): Wire {
  return compact({
    user_customer_link_id: l.userCustomerLinkId,
    user_id: l.userId,
    customer_id: l.customerId,
    date_inserted: toTimestamp(l.dateInserted),
    is_active: l.isActive,
  });
}

export function decodeLink(m: Wire): UserCustomerLink {
  return {
    userCustomerLinkId: str(m, 'user_customer_link_id'),
    userId: str(m, 'user_id'),
    customerId: str(m, 'customer_id'),
    dateInserted: requiredDate(m, 'date_inserted'),
    isActive: bool(m, 'is_active'),
  };
}

// ---- addresses ----

export function encodeAddressFields(f: CustomerAddressFields): Wire {
  return {
    line1: f.line1,
    line2: f.line2,
    line3: f.line3,
    city: f.city,
    county: f.county,
    state: f.state,
    postcode: f.postcode,
    country_code: f.countryCode,
    status: f.status,
    tags: f.tags,
  };
}

export function decodeAddressFields(m: Wire | undefined): CustomerAddressFields {
  return {
    line1: str(m, 'line1'),
    line2: str(m, 'line2'),
    line3: str(m, 'line3'),
    city: str(m, 'city'),
    county: str(m, 'county'),
    state: str(m, 'state'),
    postcode: str(m, 'postcode'),
    countryCode: str(m, 'country_code'),
    status: str(m, 'status'),
    tags: strings(m, 'tags'),
  };
}

export function encodeAddress(a: CustomerAddress): Wire {
  return compact({
    customer_address_id: a.customerAddressId,
    customer_id: a.customerId,
    fields: encodeAddressFields(a),
    insert_date: toTimestamp(a.insertDate),
  });
}

export function decodeAddress(m: Wire): CustomerAddress {
  return {
    customerAddressId: str(m, 'customer_address_id'),
    customerId: str(m, 'customer_id'),
    ...decodeAddressFields(msg(m, 'fields')),
    insertDate: requiredDate(m, 'insert_date'),
  };
}

// ---- tax residences, social media, CRM ----

export function encodeTaxResidence(t: TaxResidence): Wire {
  return { tax_residence_id: t.taxResidenceId, customer_id: t.customerId, domain: t.domain, tax_number: t.taxNumber };
}

export function decodeTaxResidence(m: Wire): TaxResidence {
  return {
    taxResidenceId: str(m, 'tax_residence_id'),
    customerId: str(m, 'customer_id'),
    domain: str(m, 'domain'),
    taxNumber: str(m, 'tax_number'),
  };
}

export function encodeNewSocialMediaHandle(h: NewSocialMediaHandle): Wire {
  return compact({
    type: h.type,
    handle: h.handle,
    date_added: toTimestamp(h.dateAdded),
    date_activated: toTimestamp(h.dateActivated),
  });
}

export function decodeNewSocialMediaHandle(m: Wire | undefined): NewSocialMediaHandle {
  return {
    type: str(m, 'type'),
    handle: str(m, 'handle'),
    dateAdded: requiredDate(m, 'date_added'),
    dateActivated: requiredDate(m, 'date_activated'),
  };
}

export function encodeSocialMediaHandle(h: SocialMediaHandle): Wire {
  return { customer_id: h.customerId, customer_number: h.customerNumber, ...encodeNewSocialMediaHandle(h) };
}

export function decodeSocialMediaHandle(m: Wire): SocialMediaHandle {
  return { customerId: str(m, 'customer_id'), customerNumber: str(m, 'customer_number'), ...decodeNewSocialMediaHandle(m) };
}

export function encodeCrmEvent(e: CrmEvent): Wire {
  return compact({
    crm_event_id: e.crmEventId,
    bank_id: e.bankId,
    customer_name: e.customerName,
    customer_number: e.customerNumber,
    category: e.category,
    detail: e.detail,
    channel: e.channel,
    scheduled_date: toTimestamp(e.scheduledDate),
    actual_date: toTimestamp(e.actualDate),
    result: e.result,
  });
}

export function decodeCrmEvent(m: Wire): CrmEvent {
  return {
    crmEventId: str(m, 'crm_event_id'),
    bankId: str(m, 'bank_id'),
    customerName: str(m, 'customer_name'),
    customerNumber: str(m, 'customer_number'),
    category: str(m, 'category'),
    detail: str(m, 'detail'),
    channel: str(m, 'channel'),
    scheduledDate: fromTimestamp(msg(m, 'scheduled_date')),
    actualDate: fromTimestamp(msg(m, 'actual_date')),
    result: str(m, 'result'),
  };
}

// ---- credit limit requests ----

export function encodeCreditLimitRequestFields(f: CreditLimitRequestFields): Wire {
  return {
    requested_current_rate_amount1: f.requestedCurrentRateAmount1,
    requested_current_rate_amount2: f.requestedCurrentRateAmount2,
    requested_current_valid_end_date: f.requestedCurrentValidEndDate,
    current_credit_documentation: f.currentCreditDocumentation,
    temporary_requested_current_amount: f.temporaryRequestedCurrentAmount,
    requested_temporary_valid_end_date: f.requestedTemporaryValidEndDate,
    temporary_credit_documentation: f.temporaryCreditDocumentation,
  };
}

export function decodeCreditLimitRequestFields(m: Wire | undefined): CreditLimitRequestFields {
  return {
    requestedCurrentRateAmount1: str(m, 'requested_current_rate_amount1'),
    requestedCurrentRateAmount2: str(m, 'requested_current_rate_amount2'),
    requestedCurrentValidEndDate: str(m, 'requested_current_valid_end_date'),
    currentCreditDocumentation: str(m, 'current_credit_documentation'),
    temporaryRequestedCurrentAmount: str(m, 'temporary_requested_current_amount'),
    requestedTemporaryValidEndDate: str(m, 'requested_temporary_valid_end_date'),
    temporaryCreditDocumentation: str(m, 'temporary_credit_documentation'),
  };
}

export function encodeCreditLimitRequest(r: CreditLimitRequest): Wire {
  return compact({
    credit_limit_request_id: r.creditLimitRequestId,
    bank_id: r.bankId,
    customer_id: r.customerId,
    fields: encodeCreditLimitRequestFields(r),
    created_at: toTimestamp(r.createdAt),
  });
}

export function decodeCreditLimitRequest(m: Wire): CreditLimitRequest {
  return {
    creditLimitRequestId: str(m, 'credit_limit_request_id'),
    bankId: str(m, 'bank_id'),
    customerId: str(m, 'customer_id'),
    ...decodeCreditLimitRequestFields(msg(m, 'fields')),
    createdAt: requiredDate(m, 'created_at'),
  };
}

// ---- adapter info ----

export function encodeAdapterInfo(i: AdapterInfo): Wire {
  return {
    name: i.name,
    version: i.version,
    git_commit: i.gitCommit,
    date: i.date,
    error_code: i.errorCode,
    backend_messages: i.backendMessages.map((b) => ({ source: b.source, status: b.status, error_code: b.errorCode, text: b.text })),
  };
}

export function decodeAdapterInfo(m: Wire | undefined): AdapterInfo {
  return {
    name: str(m, 'name'),
    version: str(m, 'version'),
    gitCommit: str(m, 'git_commit'),
    date: str(m, 'date'),
    errorCode: str(m, 'error_code'),
    backendMessages: list(m, 'backend_messages', (b) => ({
      source: str(b, 'source'),
      status: str(b, 'status'),
      errorCode: str(b, 'error_code'),
      text: str(b, 'text'),
    })),
  };
}
