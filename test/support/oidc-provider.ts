/**
 * A real OpenID Connect provider for tests: panva's `oidc-provider` (OpenID Certified), on a free loopback port.
 * It issues JWT access tokens (RFC 9068) for one API audience through a client-credentials client and through an
 * authorization-code login driven over HTTP (its development login form), adds the profile claims Keycloak puts in
 * access tokens, counts how often its key set is fetched, and can rotate its signing key or stop answering.
 * oidc-provider is ESM and targets Node 22 (on Node 20 it warns once and works); it is a test dependency only.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export const API_AUDIENCE = 'https://api.bank.test/obp';
export const OTHER_AUDIENCE = 'https://other.bank.test';

export interface Account {
  preferred_username?: string;
  email?: string;
  given_name?: string;
  family_name?: string;
}

/** Clients registered at the provider, all confidential (client_secret_basic). */
export const CLIENTS = {
  service: { client_id: 'obp-service', client_secret: 'service-secret-0123456789abcdef' },
  web: { client_id: 'obp-web-app', client_secret: 'web-secret-0123456789abcdef0123' },
  /** Its access tokens live one second: for expiry. */
  shortLived: { client_id: 'obp-short-lived', client_secret: 'short-secret-0123456789abcdef01' },
  unregistered: { client_id: 'not-a-consumer', client_secret: 'unregistered-secret-0123456789ab' },
} as const;

const REDIRECT_URI = 'http://127.0.0.1:9/callback';

export interface SigningKey {
  kid: string;
  privateJwk: JWK;
}

export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' } };
}

export interface TestProvider {
  issuer: string;
  /** Key-set requests served so far. */
  jwksFetches(): number;
  /** The key tokens are signed with. */
  signingKey(): SigningKey;
  /** Signs with a new key from now on; the old one stays published unless `dropOld`. */
  rotate(kid: string, dropOld?: boolean): Promise<SigningKey>;
  accounts: Map<string, Account>;
  clientCredentialsToken(client: { client_id: string; client_secret: string }, resource?: string): Promise<string>;
  /** Logs `accountId` in through the authorization-code flow, over HTTP as a browser would, and returns the access token. */
  loginToken(accountId: string): Promise<string>;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export async function startOidcProvider(): Promise<TestProvider> {
  // ESM-only package: imported when a test starts a provider.
  const { default: Provider } = await import('oidc-provider');
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, Account>();
  let keys = [await newSigningKey('key-1')];
  let jwksFetches = 0;
  let handler: Handler;

  const build = () => {
    const provider = new Provider(issuer, {
      clients: [
        { ...CLIENTS.service, grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope: 'api' },
        { ...CLIENTS.shortLived, grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope: 'api' },
        { ...CLIENTS.unregistered, grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope: 'api' },
        { ...CLIENTS.web, grant_types: ['authorization_code'], redirect_uris: [REDIRECT_URI], response_types: ['code'], scope: 'openid profile email api' },
      ],
      jwks: { keys: keys.map((k) => k.privateJwk) },
      cookies: { keys: ['test-cookie-key'] },
      scopes: ['openid', 'profile', 'email', 'api'],
      features: {
        clientCredentials: { enabled: true },
        devInteractions: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => API_AUDIENCE,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx: unknown, resource: string) => ({
            scope: 'api',
            audience: resource,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          }),
        },
      },
      // Keycloak puts profile claims in its access tokens; so does this provider, for user logins.
      extraTokenClaims: (_ctx: unknown, token: { accountId?: string }) => (token.accountId ? accounts.get(token.accountId) : undefined),
      findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id, ...accounts.get(id) }) }),
      ttl: {
        AccessToken: 600,
        AuthorizationCode: 60,
        ClientCredentials: (_ctx: unknown, _token: unknown, client: { clientId: string }) => (client.clientId === CLIENTS.shortLived.client_id ? 1 : 600),
        Grant: 600,
        IdToken: 600,
        Interaction: 600,
        Session: 600,
      },
    });
    const callback = provider.callback();
    handler = (req, res) => {
      if (req.url === '/jwks') jwksFetches++;
      callback(req, res);
    };
  };
  build();
  server.on('request', (req, res) => handler(req, res));

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const basic = (c: { client_id: string; client_secret: string }) => `Basic ${Buffer.from(`${c.client_id}:${c.client_secret}`).toString('base64')}`;
  const token = async (client: { client_id: string; client_secret: string }, fields: Record<string, string>) => {
    const res = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { authorization: basic(client), 'content-type': 'application/x-www-form-urlencoded' },
      body: form(fields),
    });
    const body = (await res.json()) as { access_token?: string };
    if (res.status !== 200 || !body.access_token) throw new Error(`token endpoint: ${res.status} ${JSON.stringify(body)}`);
    return body.access_token;
  };

  return {
    issuer,
    accounts,
    jwksFetches: () => jwksFetches,
    signingKey: () => keys[0]!,
    async rotate(kid, dropOld = false) {
      const key = await newSigningKey(kid);
      keys = dropOld ? [key] : [key, ...keys];
      build();
      return key;
    },
    clientCredentialsToken: (client, resource = API_AUDIENCE) => token(client, { grant_type: 'client_credentials', scope: 'api', resource }),

    async loginToken(accountId) {
      const cookies = new Map<string, string>();
      const request = async (url: string, init: RequestInit = {}) => {
        const res = await fetch(new URL(url, issuer), {
          ...init,
          redirect: 'manual',
          headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(';');
          const eq = pair!.indexOf('=');
          cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
        }
        return res;
      };
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      let res = await request(
        `/auth?${form({
          client_id: CLIENTS.web.client_id,
          response_type: 'code',
          redirect_uri: REDIRECT_URI,
          scope: 'openid profile email api',
          resource: API_AUDIENCE,
          state: randomBytes(8).toString('hex'),
          code_challenge: challenge,
          code_challenge_method: 'S256',
        })}`,
      );
      // Sign in, then consent: each step is a form post to the interaction, then a redirect back to the authorization.
      const steps: Record<string, string>[] = [{ prompt: 'login', login: accountId, password: 'any' }, { prompt: 'consent' }];
      for (const fields of steps) {
        const interaction = res.headers.get('location')!;
        res = await request(interaction, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(fields) });
        res = await request(res.headers.get('location')!);
      }
      const callback = new URL(res.headers.get('location')!);
      const code = callback.searchParams.get('code');
      if (!code) throw new Error(`no authorization code: ${callback.search}`);
      return token(CLIENTS.web, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier, resource: API_AUDIENCE });
    },

    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
