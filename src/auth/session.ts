/**
 * What a resource request's credentials resolve to, whichever scheme carried them (DirectLogin token, bearer
 * token): the user and the consumer, read in one query, and refused when they may not call.
 */
import type { Knex } from 'knex';
import { preparedRows } from '../db/prepared';
import { ObpError } from '../errors';
import type { Consumer } from './consumers';
import type { LoginAttempts } from './login-attempts';
import { toUser, type User, type UserRow } from './users';

export interface Session {
  user: User;
  consumer?: Consumer;
  /** The user's entitlements (grantKey), when the scheme read them with the session. */
  grants?: ReadonlySet<string>;
}

/** An entitlement as a set member: role name and bank id ("" for system roles). */
export const grantKey = (roleName: string, bankId: string) => `${roleName}\u0000${bankId}`;

/** What a DirectLogin token resolves to in the store, before the checks of the moment (expiry, lockout). */
export interface TokenSession {
  row: SessionRow;
  expiresAt: number;
  grants: ReadonlySet<string>;
}


/** The columns a session lookup selects: the user (aliased `u`) and its consumer (aliased `c`). */
export const SESSION_COLUMNS = [
  'u.user_id',
  'u.username',
  'u.email',
  'u.first_name',
  'u.last_name',
  'u.provider',
  'u.provider_id',
  'u.validated',
  'u.bad_login_attempts',
  'u.bad_login_locked_at',
  'u.is_disabled',
  'u.is_deleted',
  'c.consumer_id',
  'c.name as consumer_name',
  'c.consumer_key',
  'c.is_active as consumer_active',
];

/** A row of SESSION_COLUMNS. */
export type SessionRow = Omit<UserRow, 'password_hash'> & {
  consumer_id: string | null;
  consumer_name: string;
  consumer_key: string;
  consumer_active: number | boolean;
};

/** The session's user, unless deleted (OBP-20064), disabled or locked out (OBP-20013). */
export function sessionUser(row: SessionRow, attempts: LoginAttempts): User {
  if (row.is_deleted) throw new ObpError('UserDeleted');
  const lockedAt = row.bad_login_locked_at == null ? null : Number(row.bad_login_locked_at);
  if (row.is_disabled || attempts.isLocked(Number(row.bad_login_attempts), lockedAt)) throw new ObpError('UsernameHasBeenLocked');
  return toUser(row);
}

/** The session's consumer, if it has one, unless disabled (OBP-20058). */
export function sessionConsumer(row: SessionRow): Consumer | undefined {
  if (!row.consumer_id) return undefined;
  if (!row.consumer_active) throw new ObpError('ConsumerIsDisabled');
  return { consumerId: row.consumer_id, name: row.consumer_name, key: row.consumer_key, isActive: true };
}

/**
 * The token's user, consumer and every entitlement of the user, in one statement (a row per entitlement).
 * Plain SQL written once and prepared (src/db/prepared.ts), so that no request compiles or parses it again.
 */
const TOKEN_SESSION_SQL = `SELECT ${SESSION_COLUMNS.join(', ')}, t.expires_at, e.role_name AS grant_role, e.bank_id AS grant_bank
FROM direct_login_tokens t
JOIN users u ON u.user_id = t.user_id
LEFT JOIN consumers c ON c.consumer_id = t.consumer_id
LEFT JOIN entitlements e ON e.user_id = t.user_id
WHERE t.token_hash = ?`;

type TokenSessionRow = SessionRow & { expires_at: number | string; grant_role: string | null; grant_bank: string | null };

export async function readTokenSession(db: Knex, tokenHash: string): Promise<TokenSession | undefined> {
  const rows = await preparedRows<TokenSessionRow>(db, TOKEN_SESSION_SQL, [tokenHash]);
  const first = rows[0];
  if (!first) return undefined;
  const grants = new Set<string>();
  for (const r of rows) if (r.grant_role !== null) grants.add(grantKey(r.grant_role, r.grant_bank ?? ''));
  return { row: first, expiresAt: Number(first.expires_at), grants };
}
