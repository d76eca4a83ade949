/**
 * Version prefixes, generated from the endpoint table: every endpoint answers under each OBP version prefix it
 * declares and under no other (404 OBP-10404, as OBP answers a version that does not serve a path), and a read
 * answers the same under every version that serves it. What each version serves is checked against OBP-API's route
 * lists in endpoint-table.test.ts.
 */
import { beforeAll, expect, it } from 'vitest';
import { operationId, type Endpoint } from '../src/api/endpoint';
import { endpoints } from '../src/api/endpoints';
import { OBP_VERSIONS, defaultVersion, isServedIn, type ObpVersion } from '../src/api/versions';
import { roles as roleCatalogue, type RoleName } from '../src/auth/roles';
import { allParamValues, exampleBody, newOwner, targetUser, urlOf, type Owner } from './support/endpoint-world';
import { loggedInUser, type TestUser } from './support/fixtures';
import { describeEachBackend, type TestService } from './support/service';

/** Another declaration of the same method and path serves this version (OBP re-implemented it there). */
const servedByAnother = (e: Endpoint<any>, v: ObpVersion) =>
  endpoints.some((o) => o !== e && o.method === e.method && o.path === e.path && isServedIn(o, v));

/** What may differ between two answers of one implementation: the time an answer was made. */
const normalised = (text: string) => text.replace(/"(response_date|date)":"[^"]+"/g, '"$1":"…"');

describeEachBackend('version prefixes', (get) => {
  let s: TestService;
  let world: Owner;
  let values: Record<string, string>;
  let admin: TestUser;

  beforeAll(async () => {
    s = get();
    world = await newOwner(s, await targetUser(s));
    values = await allParamValues(world);
    const grants = (Object.values(roleCatalogue) as { name: RoleName; requiresBankId: boolean }[])
      .filter((r) => ['CanGetCustomer', 'CanGetEntitlementsForAnyUserAtAnyBank', 'CanGetEntitlementsForAnyUserAtOneBank'].includes(r.name) || /^Can(Get|Read|Use)/.test(r.name))
      .map((r) => ({ role: r.name, bankId: r.requiresBankId ? world.bankId : '' }));
    admin = await loggedInUser(s, grants);
  });

  it('serves every endpoint under the versions it declares, and answers OBP-10404 under the others', async () => {
    let served = 0;
    let refused = 0;
    for (const e of endpoints.filter((x) => !x.root)) {
      for (const v of OBP_VERSIONS) {
        if (!isServedIn(e, v) && servedByAnother(e, v)) continue;
        const res = await s.api.request(e.method, urlOf(e, values, v), e.method === 'POST' || e.method === 'PUT' ? { rawBody: '{' } : {});
        const context = `${e.method} ${urlOf(e, values, v)} (${operationId(e)})`;
        if (isServedIn(e, v)) {
          expect(res.body?.message ?? '', context).not.toMatch(/^OBP-10404: /);
          served++;
        } else {
          expect({ context, status: res.status, code: res.body?.message?.slice(0, 10) }).toEqual({ context, status: 404, code: 'OBP-10404:' });
          refused++;
        }
      }
    }
    expect(served).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(100);
  });

  it('answers a read the same under every version that serves it', async () => {
    for (const e of endpoints.filter((x) => x.method === 'GET' && !x.root)) {
      const reference = await s.api.get(urlOf(e, values, defaultVersion(e)), admin.auth);
      expect(reference.status, `${operationId(e)}: ${reference.text.slice(0, 200)}`).toBe(e.successStatus);
      for (const v of OBP_VERSIONS.filter((x) => isServedIn(e, x) && x !== defaultVersion(e))) {
        const res = await s.api.get(urlOf(e, values, v), admin.auth);
        expect({ at: `${operationId(e)} under ${v}`, status: res.status, body: normalised(res.text) }).toEqual({
          at: `${operationId(e)} under ${v}`,
          status: reference.status,
          body: normalised(reference.text),
        });
      }
    }
  });

  it('creates under a later version exactly as under the version that implements the endpoint', async () => {
    // Social media handles (v2.0.0) under v2.0.0, v3.1.0 and v5.1.0: the same 201 and the same list afterwards.
    const e = endpoints.find((x) => operationId(x) === 'OBPv2.0.0-addSocialMediaHandle')!;
    const clerk = await loggedInUser(s, [
      { role: 'CanAddSocialMediaHandle', bankId: world.bankId },
      { role: 'CanGetSocialMediaHandles', bankId: world.bankId },
    ]);
    for (const v of ['v2.0.0', 'v3.1.0', 'v5.1.0'] as const) {
      const body = { ...(exampleBody(e, world) as object), customer_number: world.customer.number, handle: `@${v}` };
      const res = await s.api.post(urlOf(e, values, v), body, clerk.auth);
      expect(res.status, res.text).toBe(201);
    }
    const list = await s.api.get(urlOf(e, values, 'v4.0.0'), clerk.auth);
    expect(list.body.checks.map((h: { handle: string }) => h.handle)).toEqual(['@v5.1.0', '@v3.1.0', '@v2.0.0']);
  });
}, { ALLOW_CUSTOMER_FIREHOSE: 'true' });
