/**
 * What a resource request's credentials resolve to, whichever scheme carried them (DirectLogin token, bearer
 * token): the user and the consumer, read in one query, and refused when they may not call.
 */
import { ObpError } from '../errors';
import type { Consumer } from './consumers';
import type { LoginAttempts } from './login-attempts';
import { toUser, type User, type UserRow } from './users';

export interface Session {
  user: User;
  consumer?: Consumer;
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
