import type { Knex } from 'knex';
import { invalidating } from '../db/cache-generations';
import { isMysql } from '../db/knex';

export interface LockoutSettings {
  /** The account locks when more consecutive logins than this have failed. */
  maxBadLoginAttempts: number;
  /** A lock ends this long after it began; 0 = only an administrator unlocks. */
  lockoutMs: number;
}

/**
 * The failed-login counter, kept in the users row and changed only by single atomic statements, so that it holds
 * across concurrent requests and across instances (and on Galera, where a read-then-write would race).
 *
 * A login takes a ticket first: the counter is incremented and read in one statement *before* the password is
 * checked, so N parallel guesses get tickets 1..N and only the first MAX+1 are allowed a password check; the rest
 * are refused as locked without costing a hash. A right password then clears the counter, unless the account
 * locked meanwhile (the ticket counted against it, as the request could have been a failure).
 */
export class LoginAttempts {
  constructor(
    private readonly db: Knex,
    private readonly settings: LockoutSettings,
  ) {}

  /** Whether the user is locked now (read from a users row the caller already has). */
  isLocked(badLoginAttempts: number, lockedAt: number | null, now = Date.now()): boolean {
    if (badLoginAttempts <= this.settings.maxBadLoginAttempts) return false;
    return this.settings.lockoutMs === 0 || lockedAt === null || lockedAt > now - this.settings.lockoutMs;
  }

  /**
   * Counts an attempt and returns its ticket (the counter after the increment); a ticket above MAX+1 means the
   * account was already locked. An expired lock is cleared first (itself one conditional statement).
   */
  async takeTicket(userId: string, now = Date.now()): Promise<number> {
    // A ticket past the limit means the account is locked: sessions cached anywhere must see that (invalidating).
    return invalidating(this.db, 'auth', (trx) => this.countAttempt(trx, userId, now), (ticket) => ticket > this.settings.maxBadLoginAttempts);
  }

  private async countAttempt(db: Knex, userId: string, now: number): Promise<number> {
    const { maxBadLoginAttempts: max, lockoutMs } = this.settings;
    if (lockoutMs > 0) {
      await db('users')
        .where({ user_id: userId })
        .andWhere('bad_login_attempts', '>', max)
        .andWhere('bad_login_locked_at', '<', now - lockoutMs)
        .update({ bad_login_attempts: 0, bad_login_locked_at: null });
    }
    // Assignment order matters: MySQL evaluates SET left to right with updated values, SQLite with the old ones.
    // bad_login_locked_at reads bad_login_attempts before it changes, on both; bad_login_attempts reads only itself.
    const lockedAt = 'bad_login_locked_at = CASE WHEN bad_login_attempts >= ? AND bad_login_locked_at IS NULL THEN ? ELSE bad_login_locked_at END';
    if (isMysql(db)) {
      // LAST_INSERT_ID(expr) hands the new value back in the statement's own OK packet: no second read.
      const [result] = await db.raw(
        `UPDATE users SET ${lockedAt}, bad_login_attempts = LAST_INSERT_ID(bad_login_attempts + 1) WHERE user_id = ?`,
        [max, now, userId],
      );
      if (result.affectedRows !== 1) throw new Error('login attempt for a user that does not exist');
      return Number(result.insertId);
    }
    const rows = await db.raw(
      `UPDATE users SET ${lockedAt}, bad_login_attempts = bad_login_attempts + 1 WHERE user_id = ? RETURNING bad_login_attempts`,
      [max, now, userId],
    );
    if (rows.length !== 1) throw new Error('login attempt for a user that does not exist');
    return Number(rows[0].bad_login_attempts);
  }

  /** True when a ticket may go on to a password check. */
  admits(ticket: number): boolean {
    return ticket <= this.settings.maxBadLoginAttempts + 1;
  }

  /**
   * After a right password: clears the counter unless the account locked meanwhile (other failures arrived while
   * this password was checked). Returns false when locked: the login must be refused.
   */
  async succeeded(userId: string): Promise<boolean> {
    const max = this.settings.maxBadLoginAttempts;
    const clear = { bad_login_attempts: 0, bad_login_locked_at: null };
    // The usual case (not locked) changes nothing a session sees: one statement, no invalidation.
    if ((await this.db('users').where({ user_id: userId }).andWhere('bad_login_attempts', '<=', max).update(clear)) > 0) return true;
    // This login's own ticket locked the account (ticket MAX+1): clearing it unlocks, which cached sessions must see.
    return invalidating(
      this.db,
      'auth',
      async (trx) => (await trx('users').where({ user_id: userId, bad_login_attempts: max + 1 }).update(clear)) > 0,
      (cleared) => cleared,
    );
  }

  /** An administrator's unlock. */
  async unlock(userId: string): Promise<boolean> {
    return invalidating(
      this.db,
      'auth',
      async (trx) => (await trx('users').where({ user_id: userId }).update({ bad_login_attempts: 0, bad_login_locked_at: null })) > 0,
      (found) => found,
    );
  }
}
