import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { readYourWrites } from '../db/causal-reads';
import { invalidating } from '../db/cache-generations';
import { isUniqueViolation } from '../db/knex';
import type { PasswordHasher } from './passwords';

export interface User {
  userId: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  provider: string;
  /** The user's id at `provider`: the username of a local user, the subject (`sub`) of an OpenID Connect user. */
  providerId: string;
  validated: boolean;
  badLoginAttempts: number;
  isDeleted: boolean;
}

export interface NewUser {
  username: string;
  password: string;
  email: string;
  firstName: string;
  lastName: string;
  provider: string;
  validated: boolean;
}

export interface UserRow {
  user_id: string;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  provider: string;
  /** NULL for local users; the subject at `provider` for OpenID Connect users. */
  provider_id?: string | null;
  password_hash: string;
  validated: number | boolean;
  bad_login_attempts: number;
  bad_login_locked_at?: number | string | null;
  is_disabled?: number | boolean;
  is_deleted: number | boolean;
}

export function toUser(r: Pick<UserRow, Exclude<keyof UserRow, 'password_hash'>>): User {
  return {
    userId: r.user_id,
    username: r.username,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    provider: r.provider,
    providerId: r.provider_id ?? r.username,
    validated: Boolean(r.validated),
    badLoginAttempts: Number(r.bad_login_attempts),
    isDeleted: Boolean(r.is_deleted),
  };
}

/**
 * The key usernames are unique by, as the database computes it (`username_ci` = LOWER(username)). Usernames are
 * ASCII, where JavaScript's and both databases' lower-casing agree.
 */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}

/** Printable ASCII only: DirectLogin accepts nothing else, and case folding must agree on SQLite and MySQL. */
export function isAsciiUsername(username: string): boolean {
  return /^[\x20-\x7e]+$/.test(username);
}

export class UsernameTakenError extends Error {}

/** A user of an OpenID Connect provider, as the first token names them. */
export interface ExternalIdentity {
  provider: string;
  providerId: string;
  /** Usernames to take, in order of preference; the first free one is used. */
  usernames: string[];
  email: string;
  firstName: string;
  lastName: string;
}

/** Local users (always in the API's own store, whatever the connector). */
export class UserStore {
  constructor(
    private readonly db: Knex,
    private readonly hasher: PasswordHasher,
  ) {}

  /**
   * Throws UsernameTakenError when the username exists in any letter case. A taken name is refused before the
   * password is hashed (hashing is the expensive part); the unique index still decides between concurrent creates.
   */
  async create(u: NewUser): Promise<User> {
    if (!isAsciiUsername(u.username)) throw new Error('usernames are printable ASCII');
    if (await this.usernameTaken(u.username)) throw new UsernameTakenError(u.username);
    const row: UserRow = {
      user_id: randomUUID(),
      username: u.username,
      email: u.email,
      first_name: u.firstName,
      last_name: u.lastName,
      provider: u.provider,
      password_hash: await this.hasher.hash(u.password),
      validated: u.validated,
      bad_login_attempts: 0,
      is_deleted: false,
    };
    try {
      await this.db('users').insert({ ...row, created_at: Date.now() });
    } catch (e) {
      if (isUniqueViolation(e)) throw new UsernameTakenError(u.username);
      throw e;
    }
    return toUser(row);
  }

  async usernameTaken(username: string): Promise<boolean> {
    return (await this.db('users').where({ username_ci: usernameKey(username) }).first('user_id')) !== undefined;
  }

  async byId(userId: string): Promise<User | undefined> {
    const r = await readYourWrites(this.db, (q) => q<UserRow>('users').where({ user_id: userId }).first());
    return r && toUser(r);
  }

  /**
   * Finds a user by username in any letter case (usernames are unique regardless of case). `external`: the user
   * logs in at an OpenID Connect provider and has no password here.
   */
  async byUsernameWithHash(
    username: string,
  ): Promise<{ user: User; passwordHash: string; disabled: boolean; external: boolean } | undefined> {
    if (!isAsciiUsername(username)) return undefined;
    const r = await this.db<UserRow>('users').where('username_ci', usernameKey(username)).first();
    return r && { user: toUser(r), passwordHash: r.password_hash, disabled: Boolean(r.is_disabled), external: r.provider_id != null };
  }

  /**
   * The user a provider knows as `providerId`, created on first use as OBP does (validated, no password). The
   * first free username of `usernames` is taken (unique regardless of case, with local users too); the unique
   * (provider, provider_id) index decides between concurrent first uses, and the loser reads the winner's user.
   */
  async provisionExternal(identity: ExternalIdentity): Promise<User> {
    for (const username of identity.usernames) {
      const row: UserRow = {
        user_id: randomUUID(),
        username,
        email: identity.email,
        first_name: identity.firstName,
        last_name: identity.lastName,
        provider: identity.provider,
        provider_id: identity.providerId,
        // Matches no scrypt hash: the user cannot log in with DirectLogin (which refuses external users anyway).
        password_hash: '',
        validated: true,
        bad_login_attempts: 0,
        is_deleted: false,
      };
      try {
        await this.db('users').insert({ ...row, created_at: Date.now() });
        return toUser(row);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        const existing = await this.byProviderId(identity.provider, identity.providerId);
        if (existing) return existing;
        // Another user has this username: try the next one.
      }
    }
    throw new UsernameTakenError(identity.usernames.at(-1) ?? '');
  }

  async byProviderId(provider: string, providerId: string): Promise<User | undefined> {
    // After a duplicate key on first use, the winner's row may come from another node a moment ago.
    const r = await readYourWrites(this.db, (q) => q<UserRow>('users').where({ provider, provider_id: providerId }).first());
    return r && toUser(r);
  }

  /** Users in creation order, a page at a time (the admin CLI's list). */
  async list(limit: number, offset: number): Promise<(User & { disabled: boolean; lockedAt: number | null; createdAt: number })[]> {
    const rows = await this.db('users').orderBy('created_at').orderBy('user_id').limit(limit).offset(offset);
    return rows.map((r: UserRow & { created_at: number | string }) => ({
      ...toUser(r),
      disabled: Boolean(r.is_disabled),
      lockedAt: r.bad_login_locked_at == null ? null : Number(r.bad_login_locked_at),
      createdAt: Number(r.created_at),
    }));
  }

  async setValidated(userId: string, validated: boolean): Promise<boolean> {
    return invalidating(this.db, 'auth', async (trx) => (await trx('users').where({ user_id: userId }).update({ validated })) > 0, (found) => found);
  }

  /**
   * Disables or enables a user. Disabling also deletes their tokens, in one transaction, so that every instance
   * refuses them on the next request (the same transaction invalidates cached sessions; a disabled user is refused
   * by the session checks too).
   */
  async setDisabled(userId: string, disabled: boolean): Promise<boolean> {
    return invalidating(
      this.db,
      'auth',
      async (trx) => {
        const found = (await trx('users').where({ user_id: userId, is_deleted: false }).update({ is_disabled: disabled })) > 0;
        if (found && disabled) await trx('direct_login_tokens').where({ user_id: userId }).delete();
        return found;
      },
      (found) => found,
    );
  }

  /**
   * Deletes a user as OBP does: the row stays, marked deleted (its username stays taken, links and audit keep
   * their user id); its tokens and entitlements go, in one transaction.
   */
  async softDelete(userId: string): Promise<boolean> {
    return invalidating(
      this.db,
      'auth',
      async (trx) => {
        const found = (await trx('users').where({ user_id: userId, is_deleted: false }).update({ is_deleted: true })) > 0;
        if (found) {
          await trx('direct_login_tokens').where({ user_id: userId }).delete();
          await trx('entitlements').where({ user_id: userId }).delete();
        }
        return found;
      },
      (found) => found,
    );
  }
}
