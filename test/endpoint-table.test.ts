import { describe, expect, it } from 'vitest';
import { resourceDoc } from '../src/api/docs';
import { openApiDocument } from '../src/api/openapi';
import { operationId } from '../src/api/endpoint';
import { endpoints } from '../src/api/endpoints';
import { declaredPath, koaPath } from '../src/api/router';

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

  it('declares each route and operation id once', () => {
    expect(new Set(declared).size).toBe(declared.length);
    expect(new Set(endpoints.map((e) => koaPath(e) + e.method)).size).toBe(endpoints.length);
    const ids = endpoints.map(operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never lets two endpoints of one method match the same URL, whatever the path parameters hold', () => {
    const isParam = (segment: string) => /^:/.test(segment);
    const overlap = (a: string[], b: string[]) => a.length === b.length && a.every((s, i) => s === b[i] || isParam(s) || isParam(b[i]!));
    const routes = endpoints.map((e) => ({ name: e.name, method: e.method, segments: koaPath(e).split('/') }));
    const ambiguous = routes.flatMap((a, i) =>
      routes.slice(i + 1).filter((b) => a.method === b.method && overlap(a.segments, b.segments)).map((b) => `${a.name} / ${b.name}`),
    );
    expect(ambiguous).toEqual([]);
  });

  it('serves each endpoint under the version it declares (v3.1.0 unless it names another), the login at its own path', () => {
    for (const e of endpoints) {
      const expected = e.root ? e.path : `/obp/${e.version ?? 'v3.1.0'}${e.path}`;
      expect(declaredPath(e), e.name).toBe(expected);
    }
    const served = (name: string) => declaredPath(endpoints.find((e) => e.name === name)!);
    expect(served('getCustomerByCustomerId')).toBe('/obp/v3.1.0/banks/BANK_ID/customers/CUSTOMER_ID');
    expect(served('deleteCustomerAttribute')).toBe('/obp/v4.0.0/banks/BANK_ID/customers/attributes/CUSTOMER_ATTRIBUTE_ID');
    expect(served('getCustomersByLegalName')).toBe('/obp/v5.1.0/banks/BANK_ID/customers/legal-name');
    expect(served('directLogin')).toBe('/my/logins/direct');
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

  it('documents every endpoint in the resource docs and the OpenAPI document', () => {
    const docs = endpoints.map(resourceDoc);
    expect(docs.map((d) => d.operation_id)).toEqual(endpoints.map(operationId));
    const openapi = openApiDocument(endpoints, { serverUrl: 'http://localhost:8080' });
    const operations = Object.values(openapi.paths).flatMap((p) => Object.values(p));
    expect(operations).toHaveLength(endpoints.length);
  });
});
