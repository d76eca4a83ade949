/**
 * A caller logged in with an OpenID Connect access token: `Authorization: Bearer <JWT>`. The token names its
 * consumer (a registered OIDC client, which must be enabled) and its user (issuer + `sub`, created on first use as
 * OBP does: provider = issuer, username from OIDC_USERNAME_CLAIM). Roles come from this service's entitlements, as
 * for DirectLogin users. After verification (no network once the issuer's keys are cached) the consumer and the
 * user are found in one indexed query.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { ObpError } from '../../errors';
import type { LoginAttempts } from '../login-attempts';
import { SESSION_COLUMNS, sessionConsumer, sessionUser, type Session, type SessionRow } from '../session';
import type { UserStore } from '../users';
import type { AccessTokenVerifier, VerifiedAccessToken } from './access-tokens';

const USERNAME_MAX = 100;

/** A claim usable as a username: printable ASCII (as every username here), at most 100 characters. */
function usable(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  return v.length > 0 && v.length <= USERNAME_MAX && /^[\x20-\x7e]+$/.test(v) ? v : undefined;
}

/**
 * Usernames for a new OIDC user, best first: the claim's value, then that value with a suffix derived from the
 * identity (`~` and hex digits: never a local username, which POST /users limits to letters, digits, `.` and `_`).
 * A name already taken in any letter case, by a local user or another provider's, is skipped: identities are never
 * merged by name.
 */
export function usernameCandidates(token: VerifiedAccessToken, claim: string): string[] {
  const base = usable(token.claims[claim]) ?? usable(token.subject) ?? 'oidc.user';
  const id = createHash('sha256').update(`${token.issuer}\n${token.subject}`).digest('hex');
  const suffixed = (n: number) => `${base.slice(0, USERNAME_MAX - n - 1)}~${id.slice(0, n)}`;
  return [base, suffixed(8), suffixed(16), `oidc~${id.slice(0, 40)}`];
}

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

export interface BearerLoginParts {
  db: Knex;
  users: UserStore;
  attempts: LoginAttempts;
  verifier: AccessTokenVerifier;
  usernameClaim: string;
}

export class BearerLogin {
  constructor(private readonly parts: BearerLoginParts) {}

  async authenticate(token: string): Promise<Session> {
    const verified = await this.parts.verifier.verify(token);
    const row = await this.lookup(verified);
    if (!row) throw new ObpError('Oauth2TokenHaveNoConsumer', `Client ${verified.clientId} is not registered as a consumer at this instance.`);
    const consumer = sessionConsumer(row);
    if (row.user_id === null) return { user: await this.provision(verified), consumer };
    return { user: sessionUser(row, this.parts.attempts), consumer };
  }

  /** The client's consumer and, when the user exists, the user: one query over two unique indexes. */
  private async lookup(t: VerifiedAccessToken): Promise<SessionRow | undefined> {
    const { db } = this.parts;
    return db('oidc_clients as oc')
      .join('consumers as c', 'c.consumer_id', 'oc.consumer_id')
      .leftJoin('users as u', (j) => j.on('u.provider', db.raw('?', [t.issuer])).andOn('u.provider_id', db.raw('?', [t.subject])))
      .where({ 'oc.issuer': t.issuer, 'oc.client_id': t.clientId })
      .first(SESSION_COLUMNS);
  }

  private provision(t: VerifiedAccessToken) {
    return this.parts.users.provisionExternal({
      provider: t.issuer,
      providerId: t.subject,
      usernames: usernameCandidates(t, this.parts.usernameClaim),
      email: text(t.claims.email, 255),
      firstName: text(t.claims.given_name, 255),
      lastName: text(t.claims.family_name, 255),
    });
  }
}
