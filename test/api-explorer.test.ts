/**
 * OBP's API Explorer (OpenBankProject/API-Explorer-II, 2024-10 release) browsing this service: its calls at start-up
 * replayed in its order, with its headers (its Node back end sends `Content-Type: application/json` on every call,
 * anonymous ones without Authorization), and every field it reads checked for the type it uses it as
 * (server/controllers/StatusController.ts, src/obp/*.ts, src/components/*.vue).
 */
import { expect, it } from 'vitest';
import { z } from 'zod';
import { send } from './support/fuzz';
import { describeEachBackend } from './support/service';

const HEADERS = { 'Content-Type': 'application/json' };

/** StatusController.isCodeError: an empty body, or one with a `code` of 400 or more. */
const isCodeError = (body: Record<string, unknown>) =>
  Object.keys(body).length === 0 || (typeof body.code === 'number' && body.code >= 400);

/** What Preview.vue, SearchNav.vue and Content.vue read of a resource doc, typed as they use it. */
const explorerResourceDoc = z.object({
  operation_id: z.string().min(1),
  summary: z.string().min(1),
  description: z.string(),
  tags: z.array(z.string()).min(1),
  specified_url: z.string().startsWith('/'),
  request_verb: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  example_request_body: z.unknown(),
  success_response_body: z.unknown().refine((v) => v !== undefined),
  error_response_bodies: z.array(z.string()),
  connector_methods: z.array(z.string()),
  implemented_by: z.object({ version: z.string(), function: z.string() }),
  roles: z.array(z.object({ role: z.string(), requires_bank_id: z.boolean() })).optional(),
});

for (const V of ['v4.0.0', 'v5.1.0'] as const) {
  describeEachBackend(`OBP's API Explorer with VITE_OBP_API_VERSION=${V}`, (get) => {
    const call = async (path: string) => {
      const res = await send(get().url, 'GET', path, HEADERS);
      return { status: res.status, body: JSON.parse(res.text) as Record<string, any> };
    };

    it('finds the server up: api/versions, the message docs of its four connectors and the resource docs', async () => {
      expect(isCodeError((await call(`/obp/${V}/api/versions`)).body)).toBe(false);
      for (const connector of ['kafka_vSept2018', 'akka_vDec2018', 'rest_vMar2019', 'stored_procedure_vDec2019']) {
        const docs = await call(`/obp/${V}/message-docs/${connector}`);
        expect(isCodeError(docs.body), connector).toBe(false);
        // getGroupedMessageDocs reduces message_docs, grouping by adapter_implementation.group.
        expect(Array.isArray(docs.body.message_docs), connector).toBe(true);
      }
      expect(isCodeError((await call(`/obp/${V}/resource-docs/${V}/obp`)).body)).toBe(false);
    });

    it('caches the resource docs of every scanned version and groups its own version by first tag', async () => {
      const versions = await call(`/obp/${V}/api/versions`);
      const scanned = z.array(z.object({ apiStandard: z.string().min(1), API_VERSION: z.string().min(1) })).parse(versions.body.scanned_api_versions);
      const mapping: Record<string, { resource_docs: unknown[] }> = {};
      for (const { apiStandard, API_VERSION } of scanned) {
        const version = `${apiStandard.toUpperCase()}${API_VERSION}`;
        const docs = await call(`/obp/${V}/resource-docs/${version}/obp`);
        expect(docs.status, version).toBe(200);
        if (Object.keys(docs.body).includes('resource_docs')) mapping[version] = docs.body as { resource_docs: unknown[] };
      }
      // getGroupedResourceDocs('OBP' + V, …) must find its own version.
      const own = mapping[`OBP${V}`]!;
      expect(own.resource_docs.length).toBeGreaterThan(10);
      for (const docs of Object.values(mapping)) {
        for (const doc of docs.resource_docs) {
          const parsed = explorerResourceDoc.safeParse(doc);
          expect(parsed.success, JSON.stringify(parsed.error?.issues ?? [])).toBe(true);
        }
      }
      // Each operation is reachable at /operationid/<operation_id>?version=OBP<V>: ids are unique within a version.
      const ids = own.resource_docs.map((d: any) => d.operation_id);
      expect(new Set(ids).size).toBe(ids.length);
      // "Try it": the specified URL with the request verb answers under the version the docs were asked for.
      const tryIt = own.resource_docs.find((d: any) => d.request_verb === 'GET' && d.specified_url === `/obp/${V}/api/versions`) as any;
      expect((await call(tryIt.specified_url)).status).toBe(200);
    });

    it('reads the glossary, and treats collections and the current user as absent when logged out', async () => {
      const glossary = await call(`/obp/${V}/api/glossary`);
      const items = z.array(z.object({ title: z.string().min(1), description: z.object({ html: z.string().min(1) }) })).parse(glossary.body.glossary_items);
      expect(items.length).toBeGreaterThan(3);
      // SearchNav.vue reads api_collections of the answer: an error body hides the feature.
      const collections = await call(`/obp/${V}/my/api-collections`);
      expect(collections.body.api_collections).toBeUndefined();
      expect(isCodeError(collections.body)).toBe(true);
      // HeaderNav.vue: logged in only if the answer has a username.
      const user = await call(`/obp/${V}/users/current`);
      expect(user.body.username).toBeUndefined();
      expect(user.body).toEqual({ code: 401, message: 'OBP-20001: User not logged in. Authentication is required!' });
    });
  });
}
