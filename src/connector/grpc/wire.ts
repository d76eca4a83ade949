/**
 * Domain types (src/connector/types.ts) ↔ the obp.connector.v1 messages generated from proto/ (src/generated).
 * Most entities have the same shape on both sides, so they cross as they are; only what differs is mapped here:
 * the call context, enums, nested `fields`, and message fields the domain never leaves empty. Decoders are
 * lenient (the other side may be another team's adapter): an unset message reads as its empty value, and the
 * decoded object is completed in place rather than copied.
 */
import type { CallContext } from '../connector';
import type {
  CreditLimitRequest,
  CreditLimitRequestFields,
  Customer,
  CustomerAddress,
  CustomerAddressFields,
  CustomerAttribute,
  CustomerAttributeType,
  CustomerHistoryRecord,
  CustomerQuery,
  NewCustomer,
  NewSocialMediaHandle,
  SocialMediaHandle,
  UserCustomerLink,
} from '../types';
import * as pb from '../../generated/obp/connector/v1/connector';

const epoch = () => new Date(0);
/** A message's empty value, with every field at its proto3 default: what an unset message field reads as. */
const none = new Uint8Array(0);
const empty = <T>(message: { decode(bytes: Uint8Array): T }): T => message.decode(none);

// ---- call context ----

/** `passThrough`: the lower-cased Pass-Through-* header names that may leave this service (GRPC_PASS_THROUGH_HEADERS). */
export function callContext(cc: CallContext, passThrough: ReadonlySet<string>): pb.OutboundCallContext {
  const generalContext: pb.KeyValue[] = [];
  if (cc.passThroughHeaders && passThrough.size > 0) {
    for (const [key, value] of Object.entries(cc.passThroughHeaders)) {
      if (passThrough.has(key.toLowerCase())) generalContext.push({ key, value });
    }
  }
  return {
    correlationId: cc.correlationId,
    consumer: cc.consumer ?? null,
    user: cc.user ?? null,
    generalContext,
    operationId: cc.operationId ?? '',
    idempotencyKey: cc.idempotencyKey ?? '',
    expectedCustomerVersion: cc.expectedCustomerVersion ?? null,
  };
}

export function callContextOf(m: pb.OutboundCallContext | null): CallContext {
  const cc: CallContext = { correlationId: m?.correlationId ?? '' };
  if (m?.consumer) cc.consumer = m.consumer;
  if (m?.user) cc.user = m.user;
  if (m && m.generalContext.length > 0) cc.passThroughHeaders = Object.fromEntries(m.generalContext.map((kv) => [kv.key, kv.value]));
  if (m?.operationId) cc.operationId = m.operationId;
  if (m?.idempotencyKey) cc.idempotencyKey = m.idempotencyKey;
  if (m?.expectedCustomerVersion !== undefined && m?.expectedCustomerVersion !== null) cc.expectedCustomerVersion = m.expectedCustomerVersion;
  return cc;
}

// ---- customers ----

/** Completes a decoded customer in place: the domain has no "unset" face image, credit rating or limit. */
export function newCustomerOf<T extends pb.NewCustomer>(c: T): T & NewCustomer {
  c.faceImage ??= empty(pb.CustomerFaceImage);
  c.creditRating ??= empty(pb.CreditRating);
  c.creditLimit ??= empty(pb.AmountOfMoney);
  return c as T & NewCustomer;
}

export const customerOf = (c: pb.Customer): Customer => newCustomerOf(c);

export const attributeType = (t: CustomerAttributeType): pb.CustomerAttributeType => pb.CustomerAttributeType[t];

/** An unset or unknown type reads as STRING: the value is text whatever the type. */
export function attributeTypeOf(t: pb.CustomerAttributeType): CustomerAttributeType {
  const type = pb.CustomerAttributeType[t] as keyof typeof pb.CustomerAttributeType | undefined;
  return type === undefined || type === 'UNSPECIFIED' ? 'STRING' : type;
}

export function attribute(a: CustomerAttribute): pb.CustomerAttribute {
  return { ...a, attributeType: attributeType(a.attributeType) };
}

export function attributeOf(a: pb.CustomerAttribute): CustomerAttribute {
  return { ...a, attributeType: attributeTypeOf(a.attributeType) };
}

export function query(q: CustomerQuery): pb.CustomerQuery {
  return {
    limit: q.limit,
    offset: q.offset,
    fromDate: q.fromDate ?? null,
    toDate: q.toDate ?? null,
    sortDirection: q.sortDirection === 'ASC' ? pb.SortDirection.ASCENDING : pb.SortDirection.DESCENDING,
    attributeFilters: Object.entries(q.attributeFilters).map(([name, values]) => ({ name, values })),
  };
}

export function queryOf(q: pb.CustomerQuery | null): CustomerQuery {
  const out: CustomerQuery = {
    limit: q?.limit ?? 0,
    offset: q?.offset ?? 0,
    sortDirection: q?.sortDirection === pb.SortDirection.ASCENDING ? 'ASC' : 'DESC',
    attributeFilters: Object.fromEntries((q?.attributeFilters ?? []).map((f) => [f.name, f.values])),
  };
  // An unset bound is open.
  if (q?.fromDate) out.fromDate = q.fromDate;
  if (q?.toDate) out.toDate = q.toDate;
  return out;
}

// ---- customer history: the changes cross as JSON text ----

export function historyRecord({ changes, ...r }: CustomerHistoryRecord): pb.CustomerHistoryRecord {
  return { ...r, changesJson: JSON.stringify(changes) };
}

export function historyRecordOf({ changesJson, ...r }: pb.CustomerHistoryRecord): CustomerHistoryRecord {
  return {
    ...r,
    action: r.action as CustomerHistoryRecord['action'],
    changes: changesJson ? (JSON.parse(changesJson) as CustomerHistoryRecord['changes']) : {},
    recordedAt: r.recordedAt ?? epoch(),
  };
}

// ---- satellites: the domain flattens `fields`; the proto nests them so that create and update share a message ----

export function address({ customerAddressId, customerId, insertDate, ...fields }: CustomerAddress): pb.CustomerAddress {
  return { customerAddressId, customerId, insertDate, fields };
}

export const addressFieldsOf = (f: pb.CustomerAddressFields | null): CustomerAddressFields => f ?? empty(pb.CustomerAddressFields);

export function addressOf(a: pb.CustomerAddress): CustomerAddress {
  return { customerAddressId: a.customerAddressId, customerId: a.customerId, ...addressFieldsOf(a.fields), insertDate: a.insertDate ?? epoch() };
}

export function creditLimitRequest({ creditLimitRequestId, bankId, customerId, createdAt, ...fields }: CreditLimitRequest): pb.CreditLimitRequest {
  return { creditLimitRequestId, bankId, customerId, createdAt, fields };
}

export const creditLimitFieldsOf = (f: pb.CreditLimitRequestFields | null): CreditLimitRequestFields =>
  f ?? empty(pb.CreditLimitRequestFields);

export function creditLimitRequestOf(r: pb.CreditLimitRequest): CreditLimitRequest {
  const { creditLimitRequestId, bankId, customerId } = r;
  return { creditLimitRequestId, bankId, customerId, ...creditLimitFieldsOf(r.fields), createdAt: r.createdAt ?? epoch() };
}

/** Handles and links always have their dates in the domain: an unset one reads as the epoch. */
export function handleOf<T extends pb.NewSocialMediaHandle>(h: T): T & NewSocialMediaHandle {
  h.dateAdded ??= epoch();
  h.dateActivated ??= epoch();
  return h as T & NewSocialMediaHandle;
}

export const socialMediaHandleOf = (h: pb.SocialMediaHandle): SocialMediaHandle => handleOf(h);

export function linkOf(l: pb.UserCustomerLink): UserCustomerLink {
  l.dateInserted ??= epoch();
  return l as UserCustomerLink;
}
