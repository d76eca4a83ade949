/**
 * OAuth2 / OpenID Connect bearer tokens against a real OpenID provider started here (test/support/oidc-provider.ts):
 * tokens from its client-credentials grant and from a user's authorization-code login call the API; users are
 * created on first use (provider = issuer, named by `sub`); the client names the consumer; keys rotate; every
 * kind of bad token is refused with OBP's OAuth2 codes. Hand-made tokens only where the provider cannot make one
 * (`alg: none`, an HMAC over the public key, `nbf`, tampering).
 */
import { createPublicKey } from 'node:crypto';
import { importJWK, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId, type ApiResponse } from './support/client';
import { createBank, createUserDirect, logIn, loggedInUser } from './support/fixtures';
import { LogCapture } from './support/log-capture';
import { API_AUDIENCE, CLIENTS, OTHER_AUDIENCE, startOidcProvider, type TestProvider } from './support/oidc-provider';
import { selectedBackends } from './support/backends';
import { startTestService, type TestService } from './support/service';

const HOST = '127.0.0.1:8080';

/** A token signed with the provider's current key, with the claims given: for what the provider cannot issue. */
async function handMade(op: TestProvider, claims: JWTPayload, header: Record<string, unknown> = {}) {
  const key = op.signingKey();
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, ...header })
    .sign(await importJWK(key.privateJwk, 'RS256'));
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

function expectRefused(res: ApiResponse, code: string, status = 401) {
  expect({ status: res.status, message: res.body?.message?.slice(0, 10) }, res.text).toEqual({ status, message: `${code}:` });
  if (status === 401) expect(res.headers.get('www-authenticate')).toBe(`Bearer realm="${HOST}", error="invalid_token", DirectLogin realm="${HOST}"`);
}

for (const backend of selectedBackends()) {
  describe(`OpenID Connect bearer tokens [${backend.name}]`, () => {
    let op: TestProvider;
    let untrusted: TestProvider;
    let gone: TestProvider;
    let goneToken: string;
    let s: TestService;
    let serviceConsumerId: string;
    const logs = new LogCapture();
    /** Every token a test sent, to look for in the logs. */
    const sent: string[] = [];

    const bearer = (token: string) => ({ bearer: token });
    const me = (token: string) => {
      sent.push(token);
      return s.api.get('/users/current', bearer(token));
    };

    beforeAll(async () => {
      [op, untrusted, gone] = await Promise.all([startOidcProvider(), startOidcProvider(), startOidcProvider()]);
      goneToken = await gone.clientCredentialsToken(CLIENTS.service);
      await gone.close();
      s = await startTestService(backend, {
        OIDC_ISSUERS: `${op.issuer},${gone.issuer}`,
        OIDC_AUDIENCES: API_AUDIENCE,
        OIDC_CLOCK_SKEW_SECONDS: '1',
        OIDC_JWKS_COOLDOWN_SECONDS: '1',
        OIDC_HTTP_TIMEOUT_MS: '1000',
        RATE_LIMITING_ENABLED: 'true',
        ANONYMOUS_CALL_LIMIT_PER_HOUR: '0',
        LOG_LEVEL: 'info',
      }, { logDestination: logs });
      // As an operator registers them (admin create-consumer --oidc-client-id / link-oidc-client).
      for (const issuer of [op.issuer, gone.issuer]) {
        for (const client of [CLIENTS.service, CLIENTS.web, CLIENTS.shortLived]) {
          const consumer = await s.services.consumers.create(`app ${client.client_id}`);
          await s.services.oidcClients.link({ issuer, clientId: client.client_id, consumerId: consumer.consumerId });
          if (issuer === op.issuer && client === CLIENTS.service) serviceConsumerId = consumer.consumerId;
        }
      }
    }, 60_000);

    afterAll(async () => {
      await s?.close();
      await Promise.all([op?.close(), untrusted?.close()]);
    });

    it("calls with a client-credentials token: the client's user is created on first use, once", async () => {
      const token = await op.clientCredentialsToken(CLIENTS.service);
      const first = await me(token);
      expect(first.status, first.text).toBe(200);
      // OBP's rule: provider = the issuer, provider_id = sub (for a client-credentials token, the client id).
      expect(first.body).toMatchObject({ provider: op.issuer, provider_id: CLIENTS.service.client_id, username: CLIENTS.service.client_id });
      const again = await me(await op.clientCredentialsToken(CLIENTS.service));
      expect(again.body.user_id).toBe(first.body.user_id);
      const rows = await s.db('users').where({ provider: op.issuer, provider_id: CLIENTS.service.client_id });
      expect(rows).toHaveLength(1);
    });

    it("calls with a user's token from an authorization-code login: named by preferred_username, roles from entitlements", async () => {
      const account = uniqueId('acct-');
      op.accounts.set(account, { preferred_username: uniqueId('eveline.'), email: 'eveline@example.com', given_name: 'Eveline', family_name: 'Tripman' });
      const token = await op.loginToken(account);
      const user = await me(token);
      expect(user.status, user.text).toBe(200);
      expect(user.body).toEqual({
        user_id: expect.any(String),
        email: 'eveline@example.com',
        provider_id: account,
        provider: op.issuer,
        username: op.accounts.get(account)!.preferred_username,
        entitlements: { list: [] },
        views: { list: [] },
      });
      // Roles come from this service's entitlements, whatever the token says.
      const bankId = await createBank(s);
      const customer = await s.api.get(`/banks/${bankId}/customers/nobody`, bearer(token));
      expect(customer.body.message).toMatch(/^OBP-20006: /);
      await s.services.entitlements.grant(user.body.user_id, 'CanGetCustomer', bankId);
      expect((await s.api.get(`/banks/${bankId}/customers/nobody`, bearer(token))).body.message).toMatch(/^OBP-30046: /);
      // The user exists only through the provider: no password works for it.
      const consumer = await s.services.consumers.create('dl');
      const login = await s.api.request('POST', '/my/logins/direct', {
        headers: { DirectLogin: `username=${user.body.username}, password=Str0ng-Passw0rd!, consumer_key=${consumer.key}` },
      });
      expect(login.body.message).toMatch(/^OBP-20004: /);
    });

    it('creates one user however many first requests race', async () => {
      const account = uniqueId('racer-');
      op.accounts.set(account, { preferred_username: account });
      const token = await op.loginToken(account);
      const answers = await Promise.all(Array.from({ length: 12 }, () => me(token)));
      expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
      expect(new Set(answers.map((a) => a.body.user_id)).size).toBe(1);
      expect(await s.db('users').where({ provider: op.issuer, provider_id: account })).toHaveLength(1);
    });

    it("never takes over a local user whose name the token claims, in any letter case", async () => {
      const local = await loggedInUser(s, [{ role: 'CanCreateBank' }]);
      const account = uniqueId('twin-');
      op.accounts.set(account, { preferred_username: local.username.toUpperCase() });
      const token = await op.loginToken(account);
      const twin = await me(token);
      expect(twin.status, twin.text).toBe(200);
      expect(twin.body.user_id).not.toBe(local.userId);
      expect(twin.body.username).toMatch(new RegExp(`^${local.username.toUpperCase().replace(/\./g, '\\.')}~[0-9a-f]{8}$`));
      expect(twin.body.entitlements.list).toEqual([]);
      expect((await s.api.get('/users/current', local.auth)).body.username).toBe(local.username);
      // Without a usable claim the user is named by its subject.
      const plain = uniqueId('plain-');
      op.accounts.set(plain, { preferred_username: 'Ünïcode Name' });
      expect((await me(await op.loginToken(plain))).body.username).toBe(plain);
    });

    it('counts calls against the consumer of the client, as for DirectLogin', async () => {
      await s.services.callLimits.set({
        consumerId: serviceConsumerId,
        fromDate: new Date(Date.now() - 60_000),
        toDate: new Date(Date.now() + 3600_000),
        perPeriod: { second: -1, minute: 2, hour: -1, day: -1, week: -1, month: -1 },
      });
      try {
        // Call limits are read at most once a second per instance.
        await new Promise((r) => setTimeout(r, 1100));
        const token = await op.clientCredentialsToken(CLIENTS.service);
        const answers = [];
        for (let i = 0; i < 3; i++) answers.push(await s.api.get('/my/entitlements', bearer(token)));
        expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
        expect(answers[0]!.headers.get('x-rate-limit-limit')).toBe('2');
        expect(answers[2]!.body.message).toBe('OBP-10018: Too Many Requests. We only allow 2 requests per minute for this Consumer.');
        // Another client of the same provider is another consumer, with no limit.
        expect((await me(await op.clientCredentialsToken(CLIENTS.shortLived))).status).toBe(200);
      } finally {
        await s.db('consumer_call_limits').where({ consumer_id: serviceConsumerId }).delete();
      }
    });

    it('refuses a client that is not registered, or whose consumer is disabled or unlinked, from the next request on', async () => {
      expectRefused(await me(await op.clientCredentialsToken(CLIENTS.unregistered)), 'OBP-20209');
      const consumer = await s.services.consumers.create('switch');
      await s.services.oidcClients.link({ issuer: untrusted.issuer, clientId: CLIENTS.service.client_id, consumerId: consumer.consumerId });
      // Registered at another issuer: a client id names a consumer only together with its issuer.
      const web = await s.db('oidc_clients').where({ issuer: op.issuer, client_id: CLIENTS.web.client_id }).first();
      const account = uniqueId('switch-');
      op.accounts.set(account, {});
      const token = await op.loginToken(account);
      expect((await me(token)).status).toBe(200);
      await s.services.consumers.setActive(web.consumer_id, false);
      const disabled = await me(token);
      expect(disabled.status).toBe(401);
      expect(disabled.body.message).toBe('OBP-20058: Consumer is disabled.');
      await s.services.consumers.setActive(web.consumer_id, true);
      expect((await me(token)).status).toBe(200);
      await s.services.oidcClients.unlink(op.issuer, CLIENTS.web.client_id);
      try {
        expectRefused(await me(token), 'OBP-20209');
      } finally {
        await s.services.oidcClients.link({ issuer: op.issuer, clientId: CLIENTS.web.client_id, consumerId: web.consumer_id });
      }
    });

    it('refuses tokens of another audience, of an untrusted issuer, expired, not yet valid, unsigned, re-signed or tampered with', async () => {
      expectRefused(await me(await op.clientCredentialsToken(CLIENTS.service, OTHER_AUDIENCE)), 'OBP-20217');
      const foreign = await me(await untrusted.clientCredentialsToken(CLIENTS.service));
      expectRefused(foreign, 'OBP-20218');
      expect(foreign.body.message).toContain('On this service: set OIDC_ISSUERS.');

      const short = await op.clientCredentialsToken(CLIENTS.shortLived);
      expect((await me(short)).status).toBe(200);
      // One second of life, one second of allowed skew.
      await new Promise((r) => setTimeout(r, 2100));
      const expired = await me(short);
      expectRefused(expired, 'OBP-20215');
      expect(expired.body.message).toContain('The token has expired.');

      const now = Math.floor(Date.now() / 1000);
      const base = { iss: op.issuer, aud: API_AUDIENCE, sub: CLIENTS.service.client_id, client_id: CLIENTS.service.client_id, iat: now, exp: now + 300 };
      expect((await me(await handMade(op, base))).status).toBe(200);
      // Not before: within the skew is fine, beyond it is not.
      expect((await me(await handMade(op, { ...base, nbf: now + 1 }))).status).toBe(200);
      expectRefused(await me(await handMade(op, { ...base, nbf: now + 60 })), 'OBP-20215');
      // alg none, and an HMAC keyed with the provider's public key (the key-confusion attack).
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(base)}.`;
      const noneAnswer = await me(none);
      expectRefused(noneAnswer, 'OBP-20215');
      expect(noneAnswer.body.message).toContain('algorithm');
      const publicPem = createPublicKey({ key: op.signingKey().privateJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      const hmac = await new SignJWT(base).setProtectedHeader({ alg: 'HS256', kid: op.signingKey().kid }).sign(Buffer.from(publicPem));
      expectRefused(await me(hmac), 'OBP-20215');
      // A claim changed after signing.
      const real = await op.clientCredentialsToken(CLIENTS.service);
      const [h, p, sig] = real.split('.');
      const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
      expectRefused(await me(`${h}.${b64({ ...payload, sub: 'someone-else' })}.${sig}`), 'OBP-20215');
      // Missing sub, missing client.
      expectRefused(await me(await handMade(op, { ...base, sub: undefined })), 'OBP-20215');
      expectRefused(await me(await handMade(op, { ...base, client_id: undefined })), 'OBP-20200');
      // Not a JWT at all (this service does not introspect opaque tokens), and no token.
      expectRefused(await me('opaque-token-value'), 'OBP-20214');
      expectRefused(await s.api.get('/users/current', undefined, { Authorization: 'Bearer' }), 'OBP-20214');
      expectRefused(await me('x'.repeat(9000)), 'OBP-20214');
    });

    it("follows a key rotation at the provider, fetching its keys again no more often than the cooldown allows", async () => {
      await me(await op.clientCredentialsToken(CLIENTS.service));
      await new Promise((r) => setTimeout(r, 1100));
      const before = op.jwksFetches();
      await op.rotate(uniqueId('key-'));
      const rotated = await op.clientCredentialsToken(CLIENTS.service);
      expect((await me(rotated)).status).toBe(200);
      expect(op.jwksFetches()).toBe(before + 1);
      // Known keys cost nothing.
      expect((await me(rotated)).status).toBe(200);
      expect(op.jwksFetches()).toBe(before + 1);
      // A second new key within the cooldown: refused without asking the provider again …
      await op.rotate(uniqueId('key-'), true);
      const again = await op.clientCredentialsToken(CLIENTS.service);
      const early = await me(again);
      expectRefused(early, 'OBP-20215');
      expect(early.body.message).toContain('No signing key of the issuer matches');
      expect(op.jwksFetches()).toBe(before + 1);
      // … and accepted once it has passed. The dropped key no longer verifies.
      await new Promise((r) => setTimeout(r, 1100));
      expect((await me(again)).status).toBe(200);
      expect(op.jwksFetches()).toBe(before + 2);
      expectRefused(await me(rotated), 'OBP-20215');
    });

    it('answers 503 OBP-20207 at once when a trusted provider cannot be reached, and does not ask it again within the cooldown', async () => {
      const started = Date.now();
      const down = await me(goneToken);
      expect(down.status).toBe(503);
      expect(down.body.message).toBe(
        "OBP-20207: Bad JSON Object Signing and Encryption (JOSE) exception. An internal JOSE exception was encountered. The token issuer's signing keys could not be fetched.",
      );
      expect((await me(goneToken)).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('advertises exactly the enabled schemes, and leaves DirectLogin logout to DirectLogin tokens', async () => {
      const anonymous = await s.api.get('/users/current');
      expect(anonymous.headers.get('www-authenticate')).toBe(`Bearer realm="${HOST}", DirectLogin realm="${HOST}"`);
      const token = await op.clientCredentialsToken(CLIENTS.service);
      const logout = await s.api.request('DELETE', '/my/logins/direct', { auth: bearer(token) });
      expect(logout.status).toBe(400);
      expect(logout.body.message).toMatch(/^OBP-20083: /);
      expect((await me(token)).status).toBe(200);
      // Bearer first, as in OBP: with both headers, the bearer token decides.
      const local = await createUserDirect(s);
      const dl = await logIn(s, local.userId, local.username);
      const both = await s.api.get('/users/current', dl.auth, { Authorization: 'Bearer not.a-token' });
      expect(both.body.message).toMatch(/^OBP-2021[48]: /);
      // Where OBP v5.1.0 tells its API Explorer which providers to log in with.
      expect((await s.api.get('/obp/v5.1.0/well-known')).body).toEqual({
        well_known_uris: [op.issuer, gone.issuer].map((i) => ({ provider: i, url: `${i}/.well-known/openid-configuration` })),
      });
      const doc = (await s.api.get('/resource-docs/v3.1.0/openapi')).body;
      expect(Object.keys(doc.components.securitySchemes)).toEqual(['Bearer', 'DirectLogin']);
      expect(doc.components.securitySchemes.Bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
      expect(doc.paths['/obp/v3.1.0/banks/{BANK_ID}/customers'].post.security).toEqual([{ Bearer: [] }, { DirectLogin: [] }]);
    });

    it('writes no token, nor any part of one, to the logs; refusals are logged by their code', async () => {
      expect(sent.length).toBeGreaterThan(20);
      const text = logs.lines.join('\n');
      // The signature part is what makes a token usable; no token leaks it, whole or in part.
      for (const token of sent) for (const part of token.split('.').filter((p) => p.length > 16)) expect(text).not.toContain(part);
      const refusals = logs.entries().filter((l) => l.msg === 'request' && l.status === 401);
      expect(refusals.map((l) => l.error_code)).toEqual(expect.arrayContaining(['OBP-20215', 'OBP-20217', 'OBP-20218', 'OBP-20209']));
    });
  });

  describe(`OpenID Connect only: DirectLogin switched off [${backend.name}]`, () => {
    let op: TestProvider;
    let s: TestService;

    beforeAll(async () => {
      op = await startOidcProvider();
      s = await startTestService(backend, { OIDC_ISSUERS: op.issuer, OIDC_AUDIENCES: API_AUDIENCE, DIRECT_LOGIN_ENABLED: 'false' });
      const consumer = await s.services.consumers.create('only oidc');
      await s.services.oidcClients.link({ issuer: op.issuer, clientId: CLIENTS.service.client_id, consumerId: consumer.consumerId });
    }, 60_000);

    afterAll(async () => {
      await s?.close();
      await op?.close();
    });

    it('serves no DirectLogin login, refuses DirectLogin tokens, and advertises Bearer only', async () => {
      const user = await createUserDirect(s);
      const login = await s.api.request('POST', '/my/logins/direct', { headers: { DirectLogin: `username=${user.username}, password=x` } });
      expect(login.status).toBe(404);
      expect(login.body.message).toMatch(/^OBP-10404: /);
      const issued = await s.services.tokens.issue(user.userId, null, 60_000);
      const refused = await s.api.get('/users/current', { token: issued });
      expect(refused.status).toBe(401);
      expect(refused.body.message).toBe('OBP-20080: Authorization Header format is not supported at this instance.');
      expect(refused.headers.get('www-authenticate')).toBe(`Bearer realm="${HOST}"`);
      expect((await meOf(s, await op.clientCredentialsToken(CLIENTS.service))).status).toBe(200);
      const docs = (await s.api.get('/resource-docs/v3.1.0/obp')).body.resource_docs;
      expect(docs.map((d: { implemented_by: { function: string } }) => d.implemented_by.function)).not.toContain('directLogin');
    });
  });
}

const meOf = (s: TestService, token: string) => s.api.get('/users/current', { bearer: token });
