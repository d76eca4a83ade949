import { expect, it } from 'vitest';
import { loggedInUser } from './support/fixtures';
import { describeEachBackend } from './support/service';

describeEachBackend('HTTP behaviour', (get) => {
  it('serves root with the connector name and OBP headers', async () => {
    const res = await get().api.get('/root');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      version: 'v3.1.0',
      version_status: 'STABLE',
      git_commit: expect.any(String),
      connector: 'mapped',
      hosted_by: {
        organisation: 'TESOBE',
        email: 'contact@tesobe.com',
        phone: '+49 (0)30 8145 3994',
        organisation_website: 'https://www.tesobe.com',
      },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('echoes the caller Correlation-Id, on errors too', async () => {
    const ok = await get().api.get('/root', undefined, { 'Correlation-Id': 'abc-123' });
    expect(ok.headers.get('correlation-id')).toBe('abc-123');
    const err = await get().api.get('/nothing/here', undefined, { 'Correlation-Id': 'err-456' });
    expect(err.headers.get('correlation-id')).toBe('err-456');
  });

  it('answers If-None-Match with 304 when the ETag matches', async () => {
    const first = await get().api.get('/banks');
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^".+"$/);
    const second = await get().api.get('/banks', undefined, { 'If-None-Match': tag! });
    expect(second.status).toBe(304);
    expect(second.text).toBe('');
    expect((await get().api.get('/banks', undefined, { 'If-None-Match': '"other"' })).status).toBe(200);
  });

  it('answers unmatched routes and wrong verbs with 404 OBP-10404', async () => {
    const res = await get().api.get('/no/such/path');
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(
      'OBP-10404: 404 Not Found. The server could not find the requested URI. Please double check your URL, headers and body. ' +
        'Note: When you are making a POST or PUT request, the Content-Type header MUST be `application/json`. ' +
        'Note: OBP only supports JSON formatted bodies.Current Url is (/obp/v3.1.0/no/such/path), Current Content-Type Header is ()',
    );
    expect((await get().api.request('PATCH', '/banks')).status).toBe(404);
  });

  it('requires a JSON content type on POST and PUT, as OBP', async () => {
    const res = await get().api.request('POST', '/users', { rawBody: '{}', headers: { 'Content-Type': 'text/plain' } });
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/Current Content-Type Header is \(text\/plain\)$/);
  });

  it('refuses malformed JSON with 400 OBP-10001 before authentication', async () => {
    const res = await get().api.request('POST', '/banks', { rawBody: '{"id": ' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^OBP-10001: Incorrect json format\./);
  });

  it('refuses bodies over MAX_BODY_BYTES with 413', async () => {
    const res = await get().api.request('POST', '/users', { rawBody: JSON.stringify({ pad: 'x'.repeat(5000) }) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ code: 413, message: 'OBP-10001: Incorrect json format. The request body is larger than the limit of 4096 bytes.' });
  });

  it('never answers odd input with a 500', async () => {
    const s = get();
    const user = await loggedInUser(s, [{ role: 'CanCreateBank' }]);
    const bodies = ['null', '[]', '"text"', '42', 'true', '{"id": {"nested": []}}', '{"id": null}', '\u0000'];
    for (const rawBody of bodies) {
      for (const path of ['/banks', '/users', `/users/${user.userId}/entitlements`]) {
        const res = await s.api.request('POST', path, { rawBody, auth: user.auth });
        expect(res.status, `${path} ${rawBody}`).toBeLessThan(500);
        expect(res.body.message).toMatch(/^OBP-\d{5}: /);
      }
    }
    const weird = await s.api.get('/banks/%E0%A4%A', user.auth);
    expect(weird.status).toBeLessThan(500);
  });

  it('answers CORS preflight requests', async () => {
    const res = await get().api.request('OPTIONS', '/banks', {
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'directlogin, content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('directlogin, content-type');
  });

  it('serves resource docs and an OpenAPI document built from the endpoint table', async () => {
    const docs = await get().api.get('/resource-docs/v3.1.0/obp?functions=createBank');
    expect(docs.status).toBe(200);
    expect(docs.body.resource_docs).toHaveLength(1);
    expect(docs.body.resource_docs[0]).toMatchObject({
      operation_id: 'OBPv2.2.0-createBank',
      implemented_by: { version: 'OBPv2.2.0', function: 'createBank' },
      request_verb: 'POST',
      request_url: '/obp/v2.2.0/banks',
      specified_url: '/obp/v3.1.0/banks',
      roles: [{ role: 'CanCreateBank', requires_bank_id: false }],
    });
    const openapi = await get().api.get('/resource-docs/v3.1.0/openapi');
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(openapi.body.paths['/obp/v3.1.0/banks/{BANK_ID}'].get.operationId).toBe('OBPv3.0.0-bankById');
    expect(openapi.body.paths['/obp/v3.1.0/banks'].post.requestBody.content['application/json'].schema.type).toBe('object');
  });
}, { MAX_BODY_BYTES: '4096' });
