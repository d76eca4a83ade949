/**
 * The access matrix, generated from the endpoint table: every endpoint is called anonymously, logged in without
 * roles, with every bank-level role at another bank, as a user linked to the path customer, and with each of its
 * roles; the expected status is derived from the declaration (its checks in order, its roles). Then every id that
 * belongs to another bank, customer or user is refused with 404 at the place P3 gives it, and no answer about one
 * customer contains another's data. A new endpoint is covered without editing this file.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Endpoint } from '../src/api/endpoint';
import { endpoints } from '../src/api/endpoints';
import { defaultVersion, pathUnder } from '../src/api/versions';
import { roles as roleCatalogue, type RoleName } from '../src/auth/roles';
import type { ApiResponse } from './support/client';
import {
  exampleBody,
  foreignOwners,
  newOwner,
  paramValues,
  PATH_PARAMS,
  pathParams,
  targetUser,
  urlOf,
  type Owner,
} from './support/endpoint-world';
import { logIn, loggedInUser, type TestUser } from './support/fixtures';
import { describeEachBackend, type TestService } from './support/service';

/** The endpoints that answer a caller without a token. Adding one is a security decision: list it here. */
const ANSWERS_WITHOUT_TOKEN = [
  'POST /my/logins/direct',
  'GET /obp/v3.1.0/root',
  'POST /obp/v3.1.0/users',
  'GET /obp/v3.1.0/banks',
  'GET /obp/v3.1.0/banks/BANK_ID',
  'GET /obp/v3.1.0/resource-docs/API_VERSION/obp',
  'GET /obp/v4.0.0/resource-docs/API_VERSION/obp',
  'GET /obp/v3.1.0/resource-docs/API_VERSION/openapi',
  'GET /obp/v4.0.0/api/versions',
  'GET /obp/v3.1.0/message-docs/CONNECTOR',
  'GET /obp/v3.1.0/api/glossary',
  'GET /obp/v5.1.0/well-known',
  'GET /obp/v3.1.0/rate-limiting',
];
/** The endpoints that answer a logged-in caller holding no role (besides those above). */
const ANSWERS_ANY_USER = [
  'DELETE /my/logins/direct',
  'GET /obp/v2.0.0/users/current',
  'GET /obp/v3.1.0/users/current',
  'GET /obp/v3.1.0/my/entitlements',
  'GET /obp/v3.1.0/users/current/customers',
  'GET /obp/v3.1.0/banks/BANK_ID/customers',
];
/** …and those that answer it OBP's fixed example data only (policy P6). */
const EXAMPLE_DATA_WITHOUT_TOKEN = [
  'POST /obp/v3.1.0/banks/BANK_ID/customers/CUSTOMER_ID/credit_limit/requests',
  'GET /obp/v3.1.0/banks/BANK_ID/customers/CUSTOMER_ID/credit_limit/requests',
  'GET /obp/v3.1.0/banks/BANK_ID/customers/CUSTOMER_ID/credit_limit/requests/REQUEST_ID',
];

const cc = { correlationId: 'access-matrix' };
/** An endpoint at the version it is called under here (an endpoint OBP re-implemented has a declaration per version). */
const route = (e: Endpoint<any>) => `${e.method} ${pathUnder(e, defaultVersion(e))}`;
const bankRoles = (Object.values(roleCatalogue) as { name: RoleName; requiresBankId: boolean }[]).filter((r) => r.requiresBankId);
// The login endpoint reads credentials, not a session: direct-login.test.ts covers it.
const sessionEndpoints = endpoints.filter((e) => e.readsSession !== false);

interface Principal {
  name: string;
  user?: TestUser;
  /** The role held, for this request only, at the world's bank (bank-level) or everywhere (system). */
  role?: RoleName;
  linked: boolean;
}

/** What the declaration says this caller gets: the first check that refuses them, else success. */
function expectedStatus(e: Endpoint<any>, p: Principal, body: unknown): number {
  const roles = e.rolesForBody ? e.rolesForBody(body) : e.roles!;
  for (const check of e.checks) {
    if (check === 'auth' && !p.user) return e.anonymousResponse !== undefined ? e.successStatus : 401;
    if (check === 'roles' && !(p.role && roles.includes(p.role)) && !(p.linked && e.linkedUserPasses)) return 403;
  }
  return e.successStatus;
}

function expectObpError(res: ApiResponse, status: number, context: string) {
  expect({ context, status: res.status, body: res.body }).toEqual({
    context,
    status,
    body: { code: status, message: expect.stringMatching(/^OBP-\d{5}: /) },
  });
}

describeEachBackend(
  'access matrix',
  (get) => {
    let s: TestService;
    let target: string;
    let otherTarget: string;
    let otherBank: Owner;
    let noRole: TestUser;
    let wrongBank: TestUser;
    let linked: TestUser;
    /** Holds exactly one role at a time: granted for one request, then revoked (logins are slow, grants are not). */
    let holder: TestUser;

    beforeAll(async () => {
      s = get();
      [target, otherTarget] = await Promise.all([targetUser(s), targetUser(s)]);
      otherBank = await newOwner(s, otherTarget);
      [noRole, wrongBank, linked, holder] = await Promise.all([
        loggedInUser(s),
        loggedInUser(s, bankRoles.map((r) => ({ role: r.name, bankId: otherBank.bankId }))),
        loggedInUser(s),
        loggedInUser(s),
      ]);
    });

    /** Runs `fn` while `holder` holds `role` (at `bankId` if it is a bank-level role), and only then. */
    async function holding<T>(role: RoleName | undefined, bankId: string, fn: () => Promise<T>): Promise<T> {
      if (!role) return fn();
      const grant = await s.services.entitlements.grant(holder.userId, role, roleCatalogue[role].requiresBankId ? bankId : '');
      try {
        return await fn();
      } finally {
        await s.services.entitlements.revoke(grant.entitlementId);
      }
    }

    /** A bank with a customer, to which `linked` is linked. */
    async function world(): Promise<Owner> {
      const o = await newOwner(s, target);
      await s.services.connector.createUserCustomerLink(linked.userId, o.customer.customerId, cc);
      return o;
    }

    async function principals(e: Endpoint<any>): Promise<Principal[]> {
      // A logout ends the session it is called with: each caller then needs a token of its own, held by no one else.
      const own = async (u: TestUser) => (e.endsSession ? logIn(s, u.userId, u.username) : u);
      return [
        { name: 'anonymous', linked: false },
        { name: 'logged in, no roles', user: await own(noRole), linked: false },
        { name: 'every bank role, at another bank', user: await own(wrongBank), linked: false },
        { name: 'linked to the customer, no roles', user: await own(linked), linked: true },
        ...(await Promise.all((e.roles ?? []).map(async (role) => ({ name: role, user: await own(holder), role, linked: false })))),
      ];
    }

    // Path parameter values are made once per world and endpoint (an entitlement can only be granted once).
    const made = new Map<string, Record<string, string>>();
    const valuesIn = async (e: Endpoint<any>, o: Owner) => {
      const key = `${route(e)} ${o.bankId} ${o.customer.customerId}`;
      if (!made.has(key)) made.set(key, await paramValues(e, o));
      return made.get(key)!;
    };

    const call = async (e: Endpoint<any>, o: Owner, p: { user?: TestUser }, values?: Record<string, string>, body?: unknown) =>
      s.api.request(e.method, urlOf(e, values ?? (await valuesIn(e, o))), {
        auth: p.user?.auth,
        ...(e.body ? { body: body ?? exampleBody(e, o) } : e.method === 'POST' || e.method === 'PUT' ? { body: {} } : {}),
      });

    for (const e of sessionEndpoints) {
      it(`${route(e)}: anonymous, no role, role at another bank, linked user, each role`, async () => {
        const shared = await world();
        for (const p of await principals(e)) {
          const expected = expectedStatus(e, p, e.body ? exampleBody(e, shared) : undefined);
          // A write that should succeed gets a world of its own, so each succeeds on fresh data.
          const o = expected < 300 && e.method !== 'GET' ? await world() : shared;
          const res = await holding(p.role, o.bankId, () => call(e, o, p));
          const context = `${route(e)} as ${p.name}`;
          if (expected >= 400) expectObpError(res, expected, context);
          else expect({ context, status: res.status, text: res.text.slice(0, 300) }).toMatchObject({ context, status: expected });
          if (!p.user && e.anonymousResponse !== undefined) expect(res.text).toBe(JSON.stringify(e.anonymousResponse));
          if (expected === 401) expect(res.body.message).toMatch(/^OBP-20001: /);
          if (expected === 403) expect(res.body.message).toMatch(/^OBP-(20006|20050): /);
          expect(res.headers.get('x-content-type-options'), context).toBe('nosniff');
          if (p.user) expect(res.headers.get('cache-control'), context).toBe('no-store');
        }
      });
    }

    it('exactly the listed endpoints answer without a token; every other one is 401 OBP-20001', async () => {
      const o = await newOwner(s, target);
      const open: string[] = [];
      const exampleOnly: string[] = [];
      for (const e of endpoints) {
        const res = await call(e, o, {});
        if (res.status === 401) expect(res.body, route(e)).toEqual({ code: 401, message: 'OBP-20001: User not logged in. Authentication is required!' });
        else if (e.anonymousResponse !== undefined && res.text === JSON.stringify(e.anonymousResponse)) exampleOnly.push(route(e));
        else open.push(route(e));
      }
      expect(open.sort()).toEqual([...ANSWERS_WITHOUT_TOKEN].sort());
      expect(exampleOnly.sort()).toEqual([...EXAMPLE_DATA_WITHOUT_TOKEN].sort());
    });

    it('exactly the listed endpoints answer a logged-in caller who holds no role', async () => {
      const o = await newOwner(s, target);
      const answered: string[] = [];
      for (const e of sessionEndpoints) {
        const res = await call(e, o, { user: e.endsSession ? await logIn(s, noRole.userId, noRole.username) : noRole });
        if (res.status < 400) answered.push(route(e));
        else expect([401, 403], `${route(e)}: ${res.text}`).toContain(res.status);
      }
      const anonymous = ANSWERS_WITHOUT_TOKEN.filter((r) => r !== 'POST /my/logins/direct');
      expect(answered.sort()).toEqual([...anonymous, ...ANSWERS_ANY_USER].sort());
    });

    it("every id of another bank, customer or user is 404, in P3 order (after the role, where the body comes first after the body)", async () => {
      let cases = 0;
      for (const e of sessionEndpoints) {
        const params = pathParams(e).filter((name) => foreignOwners(e, name).length > 0);
        const bodyNamesCustomer = typeof e.body?.example === 'object' && e.body.example !== null && 'customer_id' in e.body.example;
        if (params.length === 0 && !bodyNamesCustomer) continue;
        const o = await world();
        const owners = { otherBank, sameBank: await newOwner(s, otherTarget, o.bankId) };
        const role = e.roles?.[0];
        const clerk = { user: role ? holder : noRole };
        const asClerk = (values: Record<string, string>, body?: unknown) => holding(role, o.bankId, () => call(e, o, clerk, values, body));
        const own = await valuesIn(e, o);
        for (const name of params) {
          const { code } = PATH_PARAMS[name]!.foreign!;
          for (const kind of foreignOwners(e, name)) {
            const values = { ...own, [name]: await PATH_PARAMS[name]!.make(owners[kind]) };
            const context = `${route(e)} with ${name} of ${kind}`;
            const res = await asClerk(values);
            expectObpError(res, 404, context);
            expect(res.body.message, context).toMatch(new RegExp(`^${code}: `));
            cases++;
            if (name !== 'CUSTOMER_ID') continue;
            // P3: the customer is looked up after the role and the body, so neither reveals whether it exists.
            const order = e.checks.filter((c) => typeof c === 'string');
            if (order.indexOf('roles') >= 0 && order.indexOf('roles') < order.indexOf('customer')) {
              expectObpError(await call(e, o, { user: noRole }, values), 403, `${context}, without the role`);
            }
            if (order.indexOf('body') >= 0 && order.indexOf('body') < order.indexOf('customer')) {
              expectObpError(await asClerk(values, []), 400, `${context}, with a bad body`);
            }
          }
        }
        if (bodyNamesCustomer) {
          const body = { ...(exampleBody(e, o) as object), customer_id: otherBank.customer.customerId };
          const res = await asClerk(own, body);
          expectObpError(res, 404, `${route(e)} with a body customer_id of another bank`);
          expect(res.body.message).toMatch(/^OBP-30046: /);
          cases++;
        }
      }
      expect(cases).toBeGreaterThanOrEqual(15);
    });

    it("no answer about a customer carries another customer's data (satellites, handles, attributes), nor another bank's", async () => {
      const reads = sessionEndpoints.filter((e) => e.method === 'GET');
      const o = await newOwner(s, target);
      const sibling = await newOwner(s, otherTarget, o.bankId);
      for (const other of [sibling, otherBank]) {
        for (const fixture of Object.values(PATH_PARAMS)) await fixture.make(other);
        const dates = { dateAdded: new Date(), dateActivated: new Date() };
        await s.services.connector.addSocialMediaHandle(other.customer.customerId, { type: 'x', handle: other.marker, ...dates }, cc);
      }
      // The sibling's name may be listed (the firehose lists the bank's customers); nothing else of it may be.
      const forbidden = [otherBank.marker, otherBank.customer.customerId];
      await s.services.connector.createUserCustomerLink(linked.userId, o.customer.customerId, cc);
      let checked = 0;
      for (const e of reads) {
        const role = e.roles?.[0];
        const url = urlOf(e, await valuesIn(e, o));
        const res = await holding(role, o.bankId, () => s.api.request('GET', url, { auth: (role ? holder : linked).auth }));
        expect(res.status, route(e)).toBe(200);
        const ofSibling = e.path.includes('CUSTOMER_ID') ? [sibling.marker, sibling.customer.customerId] : [];
        for (const text of [...forbidden, ...ofSibling]) expect(res.text.includes(text), `${route(e)} leaks ${text}`).toBe(false);
        checked++;
      }
      expect(checked).toBe(reads.length);
    });
  },
  { ALLOW_CUSTOMER_FIREHOSE: 'true' },
);
