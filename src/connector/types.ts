/** Domain types exchanged through the Connector, named after OBP's commons (CustomerCommons, BankCommons, …). */

export interface Bank {
  bankId: string;
  shortName: string;
  fullName: string;
  logoUrl: string;
  websiteUrl: string;
  swiftBic: string;
  nationalIdentifier: string;
  bankRoutingScheme: string;
  bankRoutingAddress: string;
}

export interface CustomerFaceImage {
  url: string;
  date: Date | null;
}

export interface CreditRating {
  rating: string;
  source: string;
}

export interface AmountOfMoney {
  currency: string;
  /** Money travels as a decimal string, never as a float. */
  amount: string;
}

/** Everything of a new customer but the ids: the customer number is assigned by the back end. */
export interface NewCustomer {
  legalName: string;
  mobileNumber: string;
  email: string;
  faceImage: CustomerFaceImage;
  dateOfBirth: Date | null;
  relationshipStatus: string;
  dependents: number;
  dobOfDependents: Date[];
  highestEducationAttained: string;
  employmentStatus: string;
  kycStatus: boolean;
  lastOkDate: Date | null;
  creditRating: CreditRating;
  creditLimit: AmountOfMoney;
  title: string;
  branchId: string;
  nameSuffix: string;
}

/** A stored customer: a new customer's fields plus its ids and the number the back end assigned. */
export interface Customer extends NewCustomer {
  customerId: string;
  bankId: string;
  number: string;
  /**
   * Counts every change to the customer or its satellites (the strong ETag of GET customer derives from it).
   * 0: the back end keeps no version (no ETag is sent).
   */
  version: number;
}

/** updateCustomerScaData: an absent field is left unchanged. */
export interface CustomerScaDataUpdate {
  mobileNumber?: string;
  email?: string;
  customerNumber?: string;
}

/** updateCustomerCreditData: an absent field is left unchanged. */
export interface CustomerCreditDataUpdate {
  creditRating?: string;
  creditSource?: string;
  creditLimit?: AmountOfMoney;
}

/** updateCustomerGeneralData: an absent field is left unchanged. */
export interface CustomerGeneralDataUpdate {
  legalName?: string;
  faceImage?: CustomerFaceImage;
  dateOfBirth?: Date | null;
  relationshipStatus?: string;
  dependents?: number;
  highestEducationAttained?: string;
  employmentStatus?: string;
  title?: string;
  branchId?: string;
  nameSuffix?: string;
}

export type CustomerAttributeType = 'STRING' | 'INTEGER' | 'DOUBLE' | 'DATE_WITH_DAY';

/** What a client sets on a customer attribute (OBP's CustomerAttributeJsonV400): the value is text whatever the type. */
export interface CustomerAttributeFields {
  name: string;
  attributeType: CustomerAttributeType;
  value: string;
}

export interface CustomerAttribute extends CustomerAttributeFields {
  customerAttributeId: string;
  bankId: string;
  customerId: string;
}

export interface CustomerAndAttributes {
  customer: Customer;
  attributes: CustomerAttribute[];
}

/** What reading one customer of a bank needs (Connector.getCustomerAtBank). */
export interface CustomerAtBank {
  /** Undefined: there is no such bank. */
  bank?: Bank;
  /** Undefined: no customer with that id is one of the bank's. */
  customer?: Customer;
  /** The customer's attributes at that bank, by name; empty without a customer. */
  attributes: CustomerAttribute[];
}

export type SortDirection = 'ASC' | 'DESC';

/**
 * Firehose query: customers last changed within [fromDate, toDate] (an absent bound is open), attribute filters
 * (name → accepted values, names OR-ed) applied before paging.
 */
/** One page of a list: at most `limit` items after skipping `offset`. */
export interface Page {
  limit: number;
  offset: number;
}

export interface CustomerQuery {
  limit: number;
  offset: number;
  fromDate?: Date;
  toDate?: Date;
  sortDirection: SortDirection;
  attributeFilters: Record<string, string[]>;
}

/**
 * A search on one text field of customers: the field equals `value` exactly (letter case and spaces included), or,
 * with `prefix`, starts with it. What an index on the field can answer without reading every customer.
 */
export interface TextMatch {
  value: string;
  prefix: boolean;
}

export interface UserCustomerLink {
  userCustomerLinkId: string;
  userId: string;
  customerId: string;
  dateInserted: Date;
  isActive: boolean;
}

export interface CustomerAddressFields {
  line1: string;
  line2: string;
  line3: string;
  city: string;
  county: string;
  state: string;
  postcode: string;
  countryCode: string;
  status: string;
  tags: string[];
}

export interface CustomerAddress extends CustomerAddressFields {
  customerAddressId: string;
  customerId: string;
  insertDate: Date;
}

export interface TaxResidence {
  taxResidenceId: string;
  customerId: string;
  domain: string;
  taxNumber: string;
}

export interface SocialMediaHandle {
  customerId: string;
  customerNumber: string;
  type: string;
  handle: string;
  dateAdded: Date;
  dateActivated: Date;
}

export interface NewSocialMediaHandle {
  type: string;
  handle: string;
  dateAdded: Date;
  dateActivated: Date;
}

export interface CrmEvent {
  crmEventId: string;
  bankId: string;
  customerName: string;
  customerNumber: string;
  category: string;
  detail: string;
  channel: string;
  scheduledDate: Date | null;
  actualDate: Date | null;
  result: string;
}

/** A credit limit order request: the fields a client posted, kept as sent (OBP's example shape). */
export interface CreditLimitRequestFields {
  requestedCurrentRateAmount1: string;
  requestedCurrentRateAmount2: string;
  requestedCurrentValidEndDate: string;
  currentCreditDocumentation: string;
  temporaryRequestedCurrentAmount: string;
  requestedTemporaryValidEndDate: string;
  temporaryCreditDocumentation: string;
}

export interface CreditLimitRequest extends CreditLimitRequestFields {
  creditLimitRequestId: string;
  bankId: string;
  customerId: string;
  createdAt: Date;
}

export interface AdapterInfo {
  name: string;
  version: string;
  gitCommit: string;
  date: string;
  errorCode: string;
  backendMessages: { source: string; status: string; errorCode: string; text: string }[];
}

/** What one change did to a field: its value before and after, as JSON (dates as ISO 8601 text). */
export interface FieldChange {
  before: unknown;
  after: unknown;
}

export type HistoryAction = 'created' | 'updated' | 'deleted';

/**
 * One record of a customer's change history (append-only): a write to the customer or one of its satellites.
 * `entity` is one of customer, customer_attribute, address, tax_residence, social_media_handle,
 * user_customer_link, credit_limit_request.
 */
export interface CustomerHistoryRecord {
  historyId: string;
  bankId: string;
  customerId: string;
  /** The customer's version after the change: strictly increasing per customer. */
  sequence: number;
  entity: string;
  entityId: string;
  action: HistoryAction;
  /** The fields that changed (all of them for a create or a delete). */
  changes: Record<string, FieldChange>;
  userId: string;
  consumerId: string;
  correlationId: string;
  operationId: string;
  recordedAt: Date;
}
