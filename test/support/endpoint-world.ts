/**
 * Fixtures for tests generated from the endpoint table (the access matrix, the fuzz tests): a "world" in which
 * every path parameter of any endpoint has a value, and an example body of any endpoint refers to real data.
 *
 * A new endpoint is covered with no change here, unless it introduces a path parameter: then declare it in
 * PATH_PARAMS (how to make a value, and which OBP code answers a value that belongs to someone else).
 */
import type { Endpoint } from '../../src/api/endpoint';
import { defaultVersion, pathUnder, type ObpVersion } from '../../src/api/versions';
import type { Customer } from '../../src/connector/types';
import { uniqueId } from './client';
import { exampleNewCustomer, validatedUser } from './fixtures';
import type { TestService } from './service';

const cc = { correlationId: 'endpoint-world' };

/** OBP's example customer number: example bodies that name a customer use it. */
export const EXAMPLE_CUSTOMER_NUMBER = '5987953';

/** Whose data a parameter value belongs to. */
export interface Owner {
  s: TestService;
  bankId: string;
  customer: Customer;
  /** The user USER_ID names (the subject of entitlement and link endpoints). */
  targetUserId: string;
  /** Unique strings stored in this owner's customer data, to detect them leaking into another owner's answers. */
  marker: string;
}

export type ForeignOwner = 'otherBank' | 'sameBank';

export interface ParamFixture {
  make(o: Owner): Promise<string>;
  /**
   * The OBP code answered for a value that belongs to another owner: `otherBank` (a customer of another bank) and
   * `sameBank` (another customer, or another user, at the same bank) are the owners tried; `sameBankUnderCustomer`
   * tries `sameBank` only on paths that name the customer (elsewhere another customer's value at the bank is in reach).
   */
  foreign?: { code: string; owners: ForeignOwner[]; sameBankUnderCustomer?: true };
}

export const PATH_PARAMS: Record<string, ParamFixture> = {
  BANK_ID: { make: async (o) => o.bankId },
  CUSTOMER_ID: { make: async (o) => o.customer.customerId, foreign: { code: 'OBP-30046', owners: ['otherBank'] } },
  CUSTOMER_ADDRESS_ID: {
    make: async (o) =>
      (
        await o.s.services.connector.createCustomerAddress(
          o.customer.customerId,
          { line1: o.marker, line2: '', line3: '', city: 'City', county: '', state: '', postcode: '1', countryCode: 'DE', tags: [o.marker], status: '' },
          cc,
        )
      ).customerAddressId,
    foreign: { code: 'OBP-30310', owners: ['otherBank', 'sameBank'] },
  },
  TAX_RESIDENCE_ID: {
    make: async (o) => (await o.s.services.connector.createTaxResidence(o.customer.customerId, 'XX', uniqueId(o.marker), cc)).taxResidenceId,
    foreign: { code: 'OBP-30300', owners: ['otherBank', 'sameBank'] },
  },
  REQUEST_ID: {
    make: async (o) =>
      (
        await o.s.services.connector.createCreditLimitRequest(
          o.bankId,
          o.customer.customerId,
          {
            requestedCurrentRateAmount1: o.marker,
            requestedCurrentRateAmount2: o.marker,
            requestedCurrentValidEndDate: '',
            currentCreditDocumentation: '',
            temporaryRequestedCurrentAmount: '',
            requestedTemporaryValidEndDate: '',
            temporaryCreditDocumentation: '',
          },
          cc,
        )
      ).creditLimitRequestId,
    foreign: { code: 'OBP-30350', owners: ['otherBank', 'sameBank'] },
  },
  CUSTOMER_ATTRIBUTE_ID: {
    make: async (o) =>
      (await o.s.services.connector.createOrUpdateCustomerAttribute(
        o.bankId,
        o.customer.customerId,
        undefined,
        { name: uniqueId('WORLD_'), attributeType: 'STRING', value: o.marker },
        cc,
      ))!.customerAttributeId,
    foreign: { code: 'OBP-30069', owners: ['otherBank', 'sameBank'], sameBankUnderCustomer: true },
  },
  USER_ID: { make: async (o) => o.targetUserId },
  API_VERSION: { make: async () => 'OBPv3.1.0' },
  CONNECTOR: { make: async () => 'rest_vMar2019' },
  // A consumer of its own: disabling it revokes no token a test relies on.
  CONSUMER_ID: { make: async (o) => (await o.s.services.consumers.create(uniqueId('app-'))).consumerId },
  ENTITLEMENT_ID: {
    // At a bank id of its own, so that a fixture can be made any number of times (a grant is unique per bank).
    make: async (o) => (await o.s.services.entitlements.grant(o.targetUserId, 'CanGetCustomer', uniqueId(`${o.bankId}.`))).entitlementId,
    foreign: { code: 'OBP-30213', owners: ['sameBank'] },
  },
};

/** Whose values of the parameter the endpoint must refuse as not found. */
export function foreignOwners(e: Endpoint<any>, name: string): ForeignOwner[] {
  const foreign = PATH_PARAMS[name]?.foreign;
  if (!foreign) return [];
  const underCustomer = pathParams(e).includes('CUSTOMER_ID');
  return foreign.owners.filter((kind) => kind !== 'sameBank' || !foreign.sameBankUnderCustomer || underCustomer);
}

/** Path parameters of an endpoint, in order: `/banks/BANK_ID/customers/CUSTOMER_ID` → BANK_ID, CUSTOMER_ID. */
export function pathParams(e: Endpoint<any>): string[] {
  return e.path.split('/').filter((s) => /^[A-Z][A-Z0-9_]*$/.test(s));
}

/** The request path of an endpoint with the given parameter values (URL-encoded), under a version that serves it. */
export function urlOf(e: Endpoint<any>, values: Record<string, string>, version: ObpVersion = defaultVersion(e)): string {
  return pathUnder(e, version)
    .split('/')
    .map((s) => (/^[A-Z][A-Z0-9_]*$/.test(s) ? encodeURIComponent(values[s] ?? s) : s))
    .join('/');
}

/** A user that never logs in: enough to be USER_ID and hold entitlements. Worlds share one (their banks differ). */
export async function targetUser(s: TestService): Promise<string> {
  return (await validatedUser(s, 'target.')).userId;
}

/** A bank with one customer numbered EXAMPLE_CUSTOMER_NUMBER, whose legal name carries the owner's marker. */
export async function newOwner(s: TestService, targetUserId: string, bankId?: string): Promise<Owner> {
  const bank = bankId ?? uniqueId('world.');
  if (!bankId) {
    await s.services.connector.createOrUpdateBank(
      { bankId: bank, shortName: 'W', fullName: 'World', logoUrl: '', websiteUrl: '', swiftBic: '', nationalIdentifier: '', bankRoutingScheme: '', bankRoutingAddress: '' },
      cc,
    );
  }
  const marker = uniqueId('marker');
  const created = await s.services.connector.createCustomer(bank, { ...exampleNewCustomer(), legalName: marker }, cc);
  const customer = bankId
    ? created
    : (await s.services.connector.updateCustomerScaData(created.customerId, { customerNumber: EXAMPLE_CUSTOMER_NUMBER }, cc))!;
  return { s, bankId: bank, customer, targetUserId, marker };
}

/** Values for the endpoint's path parameters, owned by `o`. */
export async function paramValues(e: Endpoint<any>, o: Owner): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const name of pathParams(e)) {
    const fixture = PATH_PARAMS[name];
    if (!fixture) throw new Error(`declare a fixture for the path parameter ${name} (test/support/endpoint-world.ts)`);
    values[name] = await fixture.make(o);
  }
  return values;
}

/** One value of every declared path parameter, owned by `o`: enough for any endpoint of the table. */
export async function allParamValues(o: Owner): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const [name, fixture] of Object.entries(PATH_PARAMS)) values[name] = await fixture.make(o);
  return values;
}

/**
 * The endpoint's example body, made to refer to the owner's data: top-level ids name the owner's bank, customer
 * and target user; names that must be new (a username, a bank id to create, an attribute name) are fresh.
 */
export function exampleBody(e: Endpoint<any>, o: Owner): unknown {
  const example = e.body?.example;
  if (example === null || typeof example !== 'object' || Array.isArray(example)) return example;
  const body: Record<string, unknown> = { ...(example as Record<string, unknown>) };
  const replace: Record<string, () => string> = {
    bank_id: () => o.bankId,
    customer_id: () => o.customer.customerId,
    user_id: () => o.targetUserId,
    username: () => uniqueId('newuser.'),
    // A customer attribute's name, which must be new at the customer.
    name: () => uniqueId('ATTRIBUTE_'),
    id: () => uniqueId('newbank.'),
  };
  for (const key of Object.keys(body)) if (replace[key]) body[key] = replace[key]!();
  return body;
}
