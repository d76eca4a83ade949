/**
 * A bearer token from the locally started OpenID provider calls every endpoint of the table with the same results
 * as a DirectLogin token, generated from the table: each endpoint is called by a DirectLogin user and by an OIDC
 * user holding the same roles, on the same data for reads (equal answers but for who the caller is) and on data of
 * their own for writes (equal status and JSON shape).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationId, type Endpoint } from '../src/api/endpoint';
import { endpoints } from '../src/api/endpoints';
import { roles as roleCatalogue } from '../src/auth/roles';
import { uniqueId, type Auth } from './support/client';
import { exampleBody, newOwner, paramValues, targetUser, urlOf, type Owner } from './support/endpoint-world';
import { loggedInUser } from './support/fixtures';
import { API_AUDIENCE, CLIENTS, startOidcProvider, type TestProvider } from './support/oidc-provider';
import { selectedBackends } from './support/backends';
import { startTestService, type TestService } from './support/service';

interface Caller {
  name: string;
  auth: Auth;
  /** Values that name the caller in an answer (its user id, username, email, provider_id), replaced before comparing. */
  identity: string[];
  provider: string;
  userId: string;
}

/** The structure of a JSON value: its keys and the types of its leaves. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  return typeof value;
}

const cc = { correlationId: 'oidc-endpoints' };

for (const backend of selectedBackends()) {
  describe(`every endpoint, with a bearer token as with a DirectLogin token [${backend.name}]`, () => {
    let op: TestProvider;
    let s: TestService;
    let target: string;
    let callers: Caller[];

    beforeAll(async () => {
      op = await startOidcProvider();
      s = await startTestService(backend, { OIDC_ISSUERS: op.issuer, OIDC_AUDIENCES: API_AUDIENCE, ALLOW_CUSTOMER_FIREHOSE: 'true' });
      const consumer = await s.services.consumers.create('web app');
      await s.services.oidcClients.link({ issuer: op.issuer, clientId: CLIENTS.web.client_id, consumerId: consumer.consumerId });
      // Unique values, so that replacing them in answers cannot touch anything else.
      const account = uniqueId('acct-');
      op.accounts.set(account, { preferred_username: uniqueId('oidc.user.'), email: `${uniqueId('mail')}@idp.test`, given_name: 'Felix', family_name: 'Smith' });
      const token = await op.loginToken(account);
      const oidcUser = (await s.api.get('/users/current', { bearer: token })).body;
      const local = await loggedInUser(s);
      const localUser = (await s.api.get('/users/current', local.auth)).body;
      const identity = (u: Record<string, string>) => [u.user_id!, u.username!, u.email!, u.provider_id!];
      callers = [
        { name: 'DirectLogin', auth: local.auth, identity: identity(localUser), provider: localUser.provider, userId: local.userId },
        { name: 'bearer', auth: { bearer: token }, identity: identity(oidcUser), provider: oidcUser.provider, userId: oidcUser.user_id },
      ];
      target = await targetUser(s);
    }, 60_000);

    afterAll(async () => {
      await s?.close();
      await op?.close();
    });

    /** Calls `e` as `caller` holding every role the endpoint declares (at the world's bank), and only for this call. */
    async function callAs(e: Endpoint<any>, caller: Caller, o: Owner, values: Record<string, string>) {
      const grants = await Promise.all(
        (e.roles ?? []).map((r) => s.services.entitlements.grant(caller.userId, r, roleCatalogue[r].requiresBankId ? o.bankId : '')),
      );
      try {
        const takesBody = e.method === 'POST' || e.method === 'PUT';
        const res = await s.api.request(e.method, urlOf(e, values), { auth: caller.auth, ...(takesBody ? { body: exampleBody(e, o) ?? {} } : {}) });
        let text = res.text;
        // Longest first: a username is part of its email address.
        for (const value of [...caller.identity].sort((a, b) => b.length - a.length)) text = text.split(value).join('<me>');
        // A user's JSON: its provider is followed by its username.
        text = text.split(`"provider":"${caller.provider}","username"`).join('"provider":"<me>","username"');
        // Entitlement ids and the instants records are made at differ between any two calls.
        text = text
          .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
          .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<instant>');
        return { status: res.status, text, json: res.body };
      } finally {
        await Promise.all(grants.map((g) => s.services.entitlements.revoke(g.entitlementId)));
      }
    }

    const session = endpoints.filter((e) => e.readsSession !== false && !e.endsSession);

    it('answers every read the same', async () => {
      for (const e of session.filter((x) => x.method === 'GET')) {
        const o = await newOwner(s, target);
        for (const c of callers) await s.services.connector.createUserCustomerLink(c.userId, o.customer.customerId, cc);
        const values = await paramValues(e, o);
        const [viaDirectLogin, viaBearer] = [await callAs(e, callers[0]!, o, values), await callAs(e, callers[1]!, o, values)];
        // The customer's history names both callers (their links above), each answer calling one of them "<me>".
        if (operationId(e).endsWith('-getCustomerHistory')) for (const r of [viaDirectLogin, viaBearer]) r.text = r.text.split('<me>').join('<uuid>');
        expect(viaDirectLogin.status, `${operationId(e)}: ${viaDirectLogin.text.slice(0, 200)}`).toBe(e.successStatus);
        expect({ at: operationId(e), status: viaBearer.status, text: viaBearer.text }).toEqual({
          at: operationId(e),
          status: viaDirectLogin.status,
          text: viaDirectLogin.text,
        });
      }
    });

    it('refuses or answers every endpoint the same to a caller without its roles (the access matrix, with a bearer token)', async () => {
      const o = await newOwner(s, target);
      for (const e of session) {
        const values = await paramValues(e, o);
        const takesBody = e.method === 'POST' || e.method === 'PUT';
        const [viaDirectLogin, viaBearer] = await Promise.all(
          callers.map((c) => s.api.request(e.method, urlOf(e, values), { auth: c.auth, ...(takesBody ? { body: exampleBody(e, o) ?? {} } : {}) })),
        );
        expect({ at: operationId(e), status: viaBearer!.status, code: viaBearer!.body?.message?.slice(0, 9) }).toEqual({
          at: operationId(e),
          status: viaDirectLogin!.status,
          code: viaDirectLogin!.body?.message?.slice(0, 9),
        });
      }
    });

    it('answers every write the same', async () => {
      for (const e of session.filter((x) => x.method !== 'GET')) {
        const results = [];
        for (const c of callers) {
          // Each caller writes to data of its own, so that both writes can succeed.
          const o = await newOwner(s, target);
          results.push(await callAs(e, c, o, await paramValues(e, o)));
        }
        const [viaDirectLogin, viaBearer] = results as [{ status: number; json: unknown; text: string }, { status: number; json: unknown }];
        expect(viaDirectLogin.status, `${operationId(e)}: ${viaDirectLogin.text.slice(0, 200)}`).toBe(e.successStatus);
        expect({ at: operationId(e), status: viaBearer.status, shape: shape(viaBearer.json) }).toEqual({
          at: operationId(e),
          status: viaDirectLogin.status,
          shape: shape(viaDirectLogin.json),
        });
      }
    });
  });
}
