import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { operationId } from '../src/api/endpoint';
import { endpoints } from '../src/api/endpoints';
import { selectEndpoints } from '../src/api/docs';
import { describeEachBackend } from './support/service';

const root = path.resolve(__dirname, '..');
const byId = new Map(endpoints.map((e) => [operationId(e), e]));
/** What the v3.1.0 documents list: the endpoints served under v3.1.0, and those served at their own path. */
const servedInV310 = selectEndpoints(endpoints, 'v3.1.0');

/** Every operation of an OpenAPI document with its path and method. */
function operations(doc: any): { path: string; method: string; op: any }[] {
  return Object.entries(doc.paths).flatMap(([p, methods]: [string, any]) =>
    Object.entries(methods).map(([method, op]) => ({ path: p, method, op })),
  );
}

describeEachBackend('the OpenAPI document and resource docs', (get) => {
  let doc: any;
  const openapi = async () => (doc ??= (await get().api.get('/resource-docs/v3.1.0/openapi')).body);

  it('documents Idempotency-Key on creating POSTs and If-Match on the writes that check it', async () => {
    const d = await openapi();
    const headers = (p: string, m: string) =>
      (d.paths[p][m].parameters as { name: string; in: string }[]).filter((x) => x.in === 'header').map((x) => x.name);
    expect(headers('/obp/v3.1.0/banks/{BANK_ID}/customers', 'post')).toContain('Idempotency-Key');
    expect(headers('/obp/v3.1.0/banks/{BANK_ID}/customers/{CUSTOMER_ID}/email', 'put')).toEqual(['If-Match']);
    expect(headers('/obp/v3.1.0/banks/{BANK_ID}/customers/{CUSTOMER_ID}/addresses/{CUSTOMER_ADDRESS_ID}', 'put')).toEqual(['If-Match']);
    expect(headers('/obp/v3.1.0/banks/{BANK_ID}/customers/{CUSTOMER_ID}/history', 'get')).toEqual([]);
  });

  it('passes `redocly lint` (recommended-strict) with no error and no warning', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obp-openapi-'));
    const file = path.join(dir, 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(await openapi()));
    try {
      const cli = path.join(root, 'node_modules/@redocly/cli/bin/cli.js');
      const result = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--config', path.join(root, 'redocly.yaml'), '--format=json'], {
        cwd: root,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      }).catch((e: { stdout: string }) => e);
      const report = JSON.parse(result.stdout);
      expect(report.problems, JSON.stringify(report.problems, null, 1)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('declares DirectLogin and requires it exactly where the endpoint needs a login', async () => {
    const d = await openapi();
    expect(d.components.securitySchemes.DirectLogin).toMatchObject({ type: 'apiKey', in: 'header', name: 'DirectLogin' });
    const ops = operations(d);
    expect(ops).toHaveLength(servedInV310.length);
    for (const { op } of ops) {
      const e = byId.get(op.operationId)!;
      // A token is optional where anonymous callers get an answer of their own (OBP's example data) or a session is only read.
      const optional = e.checks.includes('session') || (e.checks.includes('auth') && e.anonymousResponse !== undefined);
      const expected = optional ? [{}, { DirectLogin: [] }] : e.checks.includes('auth') ? [{ DirectLogin: [] }] : [];
      expect(op.security, e.name).toEqual(expected);
    }
    expect(d.paths['/obp/v3.1.0/banks'].get.security).toEqual([]);
    expect(d.paths['/obp/v3.1.0/banks/{BANK_ID}/customers'].post.security).toEqual([{ DirectLogin: [] }]);
    // The login endpoint takes credentials in the DirectLogin header instead of a token.
    expect(d.paths['/my/logins/direct'].post.parameters).toContainEqual(expect.objectContaining({ name: 'DirectLogin', in: 'header', required: true }));
  });

  it('documents the query parameters of the firehose and of the docs endpoints', async () => {
    const d = await openapi();
    const firehose = d.paths['/obp/v3.1.0/banks/{BANK_ID}/firehose/customers'].get.parameters;
    const query = firehose.filter((p: any) => p.in === 'query');
    expect(query.map((p: any) => p.name)).toEqual(['limit', 'offset', 'from_date', 'to_date', 'sort_direction', 'attribute_filters']);
    expect(query.find((p: any) => p.name === 'from_date').schema.format).toBe('date-time');
    expect(query.find((p: any) => p.name === 'limit').schema).toMatchObject({ type: 'integer', minimum: 1, default: 50 });
    expect(query.find((p: any) => p.name === 'attribute_filters')).toMatchObject({
      style: 'form',
      explode: true,
      schema: { type: 'object', additionalProperties: { type: 'string' } },
    });
    for (const p of ['/obp/v3.1.0/resource-docs/{API_VERSION}/obp', '/obp/v3.1.0/resource-docs/{API_VERSION}/openapi']) {
      expect(d.paths[p].get.parameters.map((q: any) => q.name)).toEqual(['API_VERSION', 'tags', 'functions']);
    }
  });

  it('types dates as date-time or date, and marks the fields that may be null as nullable', async () => {
    const d = await openapi();
    const customer = d.paths['/obp/v3.1.0/banks/{BANK_ID}/customers/{CUSTOMER_ID}'].get.responses['200'].content['application/json'].schema;
    const nullableDateTime = { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] };
    expect(customer.properties.last_ok_date).toEqual(nullableDateTime);
    expect(customer.properties.date_of_birth).toEqual(nullableDateTime);
    expect(customer.properties.face_image.properties.date).toEqual(nullableDateTime);
    expect(customer.properties.legal_name).toEqual({ type: 'string' });
    const firehoseItem = d.paths['/obp/v3.1.0/banks/{BANK_ID}/firehose/customers'].get.responses['200'].content['application/json'].schema
      .properties.customers.items;
    expect(firehoseItem.properties.date_of_birth).toEqual({ anyOf: [{ type: 'string', format: 'date' }, { type: 'string', const: '' }] });
    const banks = d.paths['/obp/v3.1.0/banks'].get.responses['200'].content['application/json'].schema.properties.banks.items;
    expect(banks.properties.short_name).toEqual({ type: ['string', 'null'] });
    const request = d.paths['/obp/v3.1.0/banks/{BANK_ID}/customers'].post.requestBody.content['application/json'].schema;
    expect(request.properties.last_ok_date).toEqual({ type: 'string', format: 'date-time' });
  });

  it('documents a 401 for a bad token wherever a token is read, and a 413 wherever a body is', async () => {
    for (const { op, method } of operations(await openapi())) {
      const e = byId.get(op.operationId)!;
      if (e.readsSession !== false) expect(op.responses['401']?.description, e.name).toContain('OBP-20003');
      if (method === 'post' || method === 'put') expect(op.responses['413'], e.name).toBeDefined();
    }
  });

  it("carries OBP's is_core, is_psd2 and is_obwg in the resource docs", async () => {
    const docs = (await get().api.get('/resource-docs/v3.1.0/obp')).body.resource_docs;
    expect(docs).toHaveLength(servedInV310.length);
    const flags = (name: string) => {
      const d = docs.find((r: any) => r.implemented_by.function === name);
      return [d.is_core, d.is_psd2, d.is_obwg];
    };
    // As OBP-API declared them (Catalogs(...)) when these endpoints were current.
    expect(flags('getBanks')).toEqual([true, true, true]);
    expect(flags('root')).toEqual([true, false, true]);
    expect(flags('createBank')).toEqual([false, false, true]);
    expect(flags('getCurrentUser')).toEqual([true, false, false]);
    expect(flags('createCustomer')).toEqual([false, false, false]);
    for (const d of docs) for (const k of ['is_core', 'is_psd2', 'is_obwg']) expect(typeof d[k]).toBe('boolean');
    const firehose = docs.find((r: any) => r.implemented_by.function === 'getFirehoseCustomers');
    expect(firehose.description_markdown).toContain('Query parameters:');
    expect(firehose.description_markdown).toContain('`from_date`');
    // OBP's `description` is the HTML of `description_markdown`.
    expect(firehose.description).toContain('<p>Query parameters:</p>');
    expect(firehose.description).toContain('<code>from_date</code>');
  });
}, { HOSTNAME_URL: 'https://api.bank.test' });
