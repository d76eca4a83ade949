/**
 * Verifies an OAuth2 access token (a signed JWT) of a trusted OpenID Connect provider: its issuer must be one of
 * OIDC_ISSUERS, its signature must verify with that issuer's published keys under an allowed asymmetric algorithm,
 * its audience must include one of OIDC_AUDIENCES, and `exp` / `nbf` must hold within the clock skew. Failures are
 * OBP's OAuth2 errors. Opaque (non-JWT) tokens are not recognised: this service does not introspect.
 */
import { decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import { ObpError } from '../../errors';
import { ProviderFetchError } from './fetch-json';
import type { OidcIssuers } from './issuers';

/** Longer tokens are refused before anything is decoded (a header holds at most HTTP_MAX_HEADER_BYTES anyway). */
export const MAX_TOKEN_LENGTH = 8192;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Identifiers are bounded like the columns that keep them. */
const MAX_ID_LENGTH = 255;

export interface AccessTokenSettings {
  audiences: readonly string[];
  algorithms: readonly string[];
  clockSkewSeconds: number;
}

export interface VerifiedAccessToken {
  issuer: string;
  /** The user at the issuer (`sub`). */
  subject: string;
  /** The OAuth2 client the token was issued to (`azp`, else `client_id`). */
  clientId: string;
  claims: JWTPayload;
}

/** Why a token was refused, in words a client can act on (never the token itself). */
function reason(e: InstanceType<typeof errors.JOSEError>): string {
  if (e instanceof errors.JWTExpired) return 'The token has expired.';
  if (e instanceof errors.JWTClaimValidationFailed) return `The ${e.claim} claim is invalid: ${e.reason}.`;
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'The signature does not verify.';
  if (e instanceof errors.JOSEAlgNotAllowed) return 'The signing algorithm is not allowed.';
  if (e instanceof errors.JWKSNoMatchingKey) return "No signing key of the issuer matches the token's key id.";
  return 'The token is malformed.';
}

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH;

export class AccessTokenVerifier {
  constructor(
    private readonly issuers: OidcIssuers,
    private readonly settings: AccessTokenSettings,
  ) {}

  async verify(token: string): Promise<VerifiedAccessToken> {
    if (token.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(token)) throw new ObpError('Oauth2IsNotRecognized');
    let issuer: unknown;
    try {
      // Read unverified only to pick the issuer's keys; jwtVerify checks it again.
      issuer = decodeJwt(token).iss;
    } catch {
      throw new ObpError('Oauth2IsNotRecognized');
    }
    if (typeof issuer !== 'string' || !this.issuers.isTrusted(issuer)) {
      throw new ObpError('Oauth2ProviderNotEnabled', ' On this service: set OIDC_ISSUERS.');
    }
    let claims: JWTPayload;
    try {
      const keys = await this.issuers.keys(issuer);
      ({ payload: claims } = await jwtVerify(token, keys, {
        issuer,
        audience: [...this.settings.audiences],
        algorithms: [...this.settings.algorithms],
        clockTolerance: this.settings.clockSkewSeconds,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (e) {
      if (e instanceof ProviderFetchError) throw new ObpError('Oauth2ProviderUnavailable', "The token issuer's signing keys could not be fetched.");
      if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'aud') throw new ObpError('Oauth2TokenAudienceNotAllowed');
      if (e instanceof errors.JOSEError) throw new ObpError('Oauth2ValidateAccessTokenError', reason(e));
      throw e;
    }
    if (!isId(claims.sub)) throw new ObpError('Oauth2ValidateAccessTokenError', 'The sub claim is invalid.');
    const clientId = claims.azp ?? claims.client_id;
    if (!isId(clientId)) throw new ObpError('ApplicationNotIdentified', 'The token names no client (azp or client_id).');
    return { issuer, subject: claims.sub, clientId, claims };
  }
}
