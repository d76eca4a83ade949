/**
 * Who is calling: the login schemes this instance enables, tried in OBP's order. An `Authorization: Bearer` header
 * is an OAuth2 access token (OIDC_ISSUERS), then a DirectLogin token (`DirectLogin: token=…`, or
 * `Authorization: DirectLogin token=…`); no credentials is an anonymous caller. A scheme that is switched off is
 * refused, never ignored, so a client learns at once that its credentials are not accepted.
 */
import { ObpError } from '../errors';
import type { DirectLogin, Session } from './direct-login';
import type { BearerLogin } from './oidc/bearer-login';

type Headers = Record<string, string | string[] | undefined>;

export type LoginScheme = 'DirectLogin' | 'Bearer';

const BEARER = /^\s*Bearer\s+(\S+)\s*$/i;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export class Authenticator {
  /** The schemes a 401 advertises in WWW-Authenticate, in the order OBP tries them. */
  readonly schemes: readonly LoginScheme[];

  constructor(
    private readonly directLogin: DirectLogin | undefined,
    private readonly bearer: BearerLogin | undefined,
  ) {
    this.schemes = [...(bearer ? ['Bearer' as const] : []), ...(directLogin ? ['DirectLogin' as const] : [])];
  }

  async authenticate(headers: Headers): Promise<Session | undefined> {
    const authorization = header(headers, 'authorization');
    if (authorization !== undefined && /^\s*Bearer(\s|$)/i.test(authorization)) {
      if (!this.bearer) throw new ObpError('Oauth2IsNotAllowed');
      const token = BEARER.exec(authorization)?.[1];
      if (token === undefined) throw new ObpError('Oauth2IsNotRecognized');
      return this.bearer.authenticate(token);
    }
    if (this.directLogin) return this.directLogin.authenticate(headers);
    if (authorization !== undefined || header(headers, 'directlogin') !== undefined) {
      throw new ObpError('AuthorizationHeaderFormatNotSupported');
    }
    return undefined;
  }
}

/** The errors of a bearer token that was read and refused (RFC 6750's invalid_token). */
const INVALID_BEARER_TOKEN = new Set(['OBP-20200', 'OBP-20209', 'OBP-20214', 'OBP-20215', 'OBP-20217', 'OBP-20218']);

export const isInvalidBearerToken = (obpCode: string) => INVALID_BEARER_TOKEN.has(obpCode);

/** `WWW-Authenticate` of a 401: each enabled scheme with the realm; a refused bearer token is named as such (RFC 6750). */
export function challenge(schemes: readonly LoginScheme[], realm: string, invalidBearerToken: boolean): string {
  return schemes
    .map((s) => `${s} realm="${realm}"${s === 'Bearer' && invalidBearerToken ? ', error="invalid_token"' : ''}`)
    .join(', ');
}
