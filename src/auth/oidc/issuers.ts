/**
 * The OpenID Connect providers this instance trusts, and their signing keys: each issuer's discovery document
 * (ISSUER/.well-known/openid-configuration) is read on first use and names its key set (`jwks_uri`), which jose
 * keeps in memory, fetches again after OIDC_JWKS_MAX_AGE_SECONDS, and at once for a token signed with an unknown
 * key, but never twice within OIDC_JWKS_COOLDOWN_SECONDS. Nothing of this is per request: a verified token costs
 * no network call.
 */
import { createRemoteJWKSet, customFetch, errors, type JWTVerifyGetKey } from 'jose';
import { log } from '../../observability/log';
import { boundedText, fetchJson, MAX_DOCUMENT_BYTES, ProviderFetchError } from './fetch-json';

export interface IssuerSettings {
  issuers: readonly string[];
  timeoutMs: number;
  cooldownMs: number;
  maxAgeMs: number;
}

interface IssuerState {
  keys?: JWTVerifyGetKey;
  pending?: Promise<JWTVerifyGetKey>;
  failedAt?: number;
}

/** jose's fetch of a key set, held to the same size limit as every other provider document. */
async function boundedFetch(url: string, options: RequestInit): Promise<Response> {
  const res = await fetch(url, options);
  const text = await boundedText(res, MAX_DOCUMENT_BYTES);
  return new Response(text, { status: res.status, headers: res.headers });
}

/** The token names a key the set does not have, or several, or one jose cannot use: the token's fault. */
const isTokenKeyError = (e: unknown) =>
  e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys || e instanceof errors.JOSENotSupported;

export class OidcIssuers {
  private readonly state = new Map<string, IssuerState>();

  constructor(private readonly settings: IssuerSettings) {
    for (const issuer of settings.issuers) this.state.set(issuer, {});
  }

  isTrusted(issuer: string): boolean {
    return this.state.has(issuer);
  }

  /**
   * The key resolver of a trusted issuer. Throws ProviderFetchError when its discovery document cannot be had (then
   * not asked again within the cooldown); the resolver throws ProviderFetchError when the key set cannot be fetched.
   */
  async keys(issuer: string): Promise<JWTVerifyGetKey> {
    const s = this.state.get(issuer);
    if (!s) throw new Error(`untrusted issuer ${issuer}`);
    if (s.keys) return s.keys;
    if (s.failedAt !== undefined && Date.now() - s.failedAt < this.settings.cooldownMs) {
      throw new ProviderFetchError('discovery document unavailable (cooling down)');
    }
    s.pending ??= this.discover(issuer)
      .then((keys) => {
        s.keys = keys;
        s.failedAt = undefined;
        return keys;
      })
      .catch((e: unknown) => {
        s.failedAt = Date.now();
        log().warn({ issuer, reason: (e as Error).message }, 'OIDC discovery failed');
        throw e;
      })
      .finally(() => {
        s.pending = undefined;
      });
    return s.pending;
  }

  private async discover(issuer: string): Promise<JWTVerifyGetKey> {
    const doc = await fetchJson(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, this.settings.timeoutMs);
    // OpenID Connect Discovery 4.3: the document must name exactly the issuer it was fetched for.
    if (doc.issuer !== issuer) throw new ProviderFetchError('discovery document names another issuer');
    const jwksUri = doc.jwks_uri;
    if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri)) throw new ProviderFetchError('discovery document has no jwks_uri');
    const url = new URL(jwksUri);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && new URL(issuer).protocol === 'http:')) {
      throw new ProviderFetchError('jwks_uri is not https');
    }
    const remote = createRemoteJWKSet(url, {
      timeoutDuration: this.settings.timeoutMs,
      cooldownDuration: this.settings.cooldownMs,
      cacheMaxAge: this.settings.maxAgeMs,
      [customFetch]: boundedFetch,
    });
    return async (header, token) => {
      try {
        return await remote(header, token);
      } catch (e) {
        if (isTokenKeyError(e)) throw e;
        log().warn({ issuer, reason: (e as Error).name }, 'OIDC signing keys could not be fetched');
        throw new ProviderFetchError('signing keys unavailable');
      }
    };
  }
}
