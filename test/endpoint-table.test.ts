import { describe, expect, it } from 'vitest';
import { resourceDoc } from '../src/api/docs';
import { openApiDocument } from '../src/api/openapi';
import { operationId } from '../src/api/endpoint';
import { endpoints } from '../src/api/endpoints';
import { koaPath } from '../src/api/router';
import { OBP_VERSIONS, defaultVersion, pathUnder, servedVersions, type ObpVersion } from '../src/api/versions';

// The 28 endpoints of the OBP v3.1.0 "Customer" page, as the contract lists them.
const customerPage = [
  'POST /banks/BANK_ID/customers/CUSTOMER_ID/social_media_handles',
  'POST /banks/BANK_ID/customers/CUSTOMER_ID/address',
  'POST /banks/BANK_ID/customers/CUSTOMER_ID/credit_limit/requests',
  'POST /banks/BANK_ID/customers',
  'POST /banks/BANK_ID/customers/CUSTOMER_ID/tax-residence',
  'POST /banks/BANK_ID/user_customer_links',
  'DELETE /banks/BANK_ID/customers/CUSTOMER_ID/addresses/CUSTOMER_ADDRESS_ID',
  'DELETE /banks/BANK_ID/customers/CUSTOMER_ID/tax_residencies/TAX_RESIDENCE_ID',
  'GET /banks/BANK_ID/crm-events',
  'GET /banks/BANK_ID/customers/CUSTOMER_ID/credit_limit/requests/REQUEST_ID',
  'GET /banks/BANK_ID/customers/CUSTOMER_ID/credit_limit/requests',
  'GET /banks/BANK_ID/customers/CUSTOMER_ID/addresses',
  'GET /banks/BANK_ID/customers/CUSTOMER_ID/social_media_handles',
  'GET /banks/BANK_ID/customers/CUSTOMER_ID',
  'POST /banks/BANK_ID/customers/customer-number',
  'GET /users/current/customers',
  'GET /banks/BANK_ID/customers',
  'GET /banks/BANK_ID/firehose/customers',
  'GET /banks/BANK_ID/customers/CUSTOMER_ID/tax-residences',
  'PUT /banks/BANK_ID/customers/CUSTOMER_ID/addresses/CUSTOMER_ADDRESS_ID',
  'PUT /banks/BANK_ID/customers/CUSTOMER_ID/branch',
  'PUT /banks/BANK_ID/customers/CUSTOMER_ID/credit-limit',
  'PUT /banks/BANK_ID/customers/CUSTOMER_ID/credit-rating-and-source',
  'PUT /banks/BANK_ID/customers/CUSTOMER_ID/email',
  'PUT /banks/BANK_ID/customers/CUSTOMER_ID/identity',
  'PUT /banks/BANK_ID/customers/CUSTOMER_ID/mobile-number',
  'PUT /banks/BANK_ID/customers/CUSTOMER_ID/number',
  'PUT /banks/BANK_ID/customers/CUSTOMER_ID/data',
];

describe('the endpoint table', () => {
  const declared = endpoints.map((e) => `${e.method} ${e.path}`);

  it('declares all 28 endpoints of the Customer page', () => {
    expect(customerPage).toHaveLength(28);
    for (const route of customerPage) expect(declared, route).toContain(route);
  });

  it('declares each route once per version, and each operation id once', () => {
    for (const v of OBP_VERSIONS) {
      const served = endpoints.filter((e) => e.root || servedVersions(e).includes(v));
      const routes = served.map((e) => `${e.method} ${e.path}`);
      expect(new Set(routes).size, v).toBe(routes.length);
      expect(new Set(served.map((e) => koaPath(pathUnder(e, v)) + e.method)).size, v).toBe(served.length);
    }
    const ids = endpoints.map(operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every endpoint a body schema exactly when it reads a JSON body, and roles when it checks them', () => {
    for (const e of endpoints) {
      expect(e.checks.includes('body'), e.name).toBe(e.body !== undefined);
      if (e.checks.includes('roles')) expect(e.roles?.length, e.name).toBeGreaterThan(0);
    }
  });

  it('checks the roles it declares, and declares access options only where they can apply', () => {
    for (const e of endpoints) {
      if (e.roles?.length) expect(e.checks, e.name).toContain('roles');
      if (e.linkedUserPasses) expect(e.path, e.name).toContain('CUSTOMER_ID');
      if (e.anonymousResponse !== undefined) expect(e.checks, e.name).toContain('auth');
      if (e.rolesAtBank || e.superAdminPasses || e.missingRolesError) expect(e.checks, e.name).toContain('roles');
    }
  });

  it('documents every endpoint in the resource docs and the OpenAPI document of each version that serves it', () => {
    const docs = endpoints.map((e) => resourceDoc(e, defaultVersion(e)));
    expect(docs.map((d) => d.operation_id)).toEqual(endpoints.map(operationId));
    for (const version of OBP_VERSIONS) {
      const served = endpoints.filter((e) => e.root || servedVersions(e).includes(version));
      const openapi = openApiDocument(served, { serverUrl: 'http://localhost:8080', version });
      const operations = Object.values(openapi.paths).flatMap((p) => Object.values(p)) as { operationId: string }[];
      expect(operations.map((o) => o.operationId).sort(), version).toEqual(served.map(operationId).sort());
    }
  });

  it("serves each endpoint under the versions OBP-API's route lists serve that implementation under, and no other", () => {
    const from = (v: ObpVersion) => OBP_VERSIONS.slice(OBP_VERSIONS.indexOf(v));
    const until = (a: ObpVersion, b: ObpVersion) => from(a).slice(0, OBP_VERSIONS.indexOf(b) - OBP_VERSIONS.indexOf(a) + 1);
    // From OBP-API's OBPAPIx_y_z route lists and collectResourceDocs (the README's "Version prefixes" table).
    const expected: Record<string, ObpVersion[]> = {
      'OBPv3.1.0-root': ['v3.1.0'],
      'OBPv2.0.0-createUser': from('v2.0.0'),
      'OBPv2.0.0-getCurrentUser': until('v2.0.0', 'v2.2.0'),
      'OBPv3.0.0-getCurrentUser': from('v3.0.0'),
      'OBPv2.0.0-addEntitlement': from('v2.0.0'),
      'OBPv2.0.0-getEntitlements': until('v2.0.0', 'v3.1.0'),
      'OBPv4.0.0-getEntitlements': from('v4.0.0'),
      'OBPv2.1.0-getEntitlementsByBankAndUser': from('v2.1.0'),
      'OBPv3.0.0-getEntitlementsForCurrentUser': from('v3.0.0'),
      'OBPv2.0.0-deleteEntitlement': from('v2.0.0'),
      'OBPv2.2.0-createBank': until('v2.2.0', 'v3.1.0'),
      'OBPv3.0.0-getBanks': until('v3.0.0', 'v3.1.0'),
      'OBPv3.0.0-bankById': until('v3.0.0', 'v3.1.0'),
      'OBPv1.4.0-getResourceDocsObp': until('v1.4.0', 'v3.1.0'),
      'OBPv1.4.0-getResourceDocsObpV400': from('v4.0.0'),
      'OBPv4.0.0-getScannedApiVersions': from('v4.0.0'),
      'OBPv2.2.0-getMessageDocs': from('v2.2.0'),
      'OBPv3.0.0-getApiGlossary': from('v3.0.0'),
      'OBPv5.1.0-getOAuth2ServerWellKnown': ['v5.1.0'],
      'OBPv3.1.0-getAdapterInfo': until('v3.1.0', 'v4.0.0'),
      'OBPv3.1.0-enableDisableConsumers': from('v3.1.0'),
      'OBPv3.1.0-callsLimit': ['v3.1.0'],
      'OBPv3.1.0-getCallsLimit': from('v3.1.0'),
      'OBPv3.1.0-getRateLimitingInfo': from('v3.1.0'),
      'OBPv3.1.0-createCustomer': ['v3.1.0'],
      'OBPv2.0.0-createUserCustomerLinks': until('v2.0.0', 'v3.1.0'),
      'OBPv4.0.0-createUserCustomerLinks': from('v4.0.0'),
      'OBPv3.0.0-getCustomersForUser': from('v3.0.0'),
      'OBPv2.1.0-getCustomersForCurrentUserAtBank': until('v2.1.0', 'v3.1.0'),
      'OBPv2.0.0-addSocialMediaHandle': from('v2.0.0'),
      'OBPv2.0.0-getSocialMediaHandles': from('v2.0.0'),
      'OBPv1.4.0-getCrmEvents': from('v1.4.0'),
      'OBPv4.0.0-createCustomerAttribute': from('v4.0.0'),
      'OBPv4.0.0-updateCustomerAttribute': from('v4.0.0'),
      'OBPv4.0.0-getCustomerAttributes': from('v4.0.0'),
      'OBPv4.0.0-getCustomerAttributeById': from('v4.0.0'),
      'OBPv4.0.0-deleteCustomerAttribute': from('v4.0.0'),
      'OBPv4.0.0-getCustomersByCustomerPhoneNumber': from('v4.0.0'),
      'OBPv5.1.0-getCustomersByLegalName': ['v5.1.0'],
    };
    for (const e of endpoints) {
      if (e.root) continue;
      const id = operationId(e);
      // Every other endpoint of OBP v3.1.0 (customers, their updates and satellites, the firehose, the credit limit
      // requests of the seed) is served from v3.1.0 on: no later OBP version re-implements its method and path.
      const want = expected[id] ?? (e.implementedIn === 'v3.1.0' ? from('v3.1.0') : undefined);
      if (want === undefined) continue;
      expect(servedVersions(e), id).toEqual(want);
    }
    for (const id of Object.keys(expected)) expect(endpoints.map(operationId), id).toContain(id);
  });
});
