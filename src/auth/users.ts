import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../db/knex';
import { hashPassword } from './passwords';

export interface User {
  userId: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  provider: string;
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

interface UserRow {
  user_id: string;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  provider: string;
  password_hash: string;
  validated: number | boolean;
  bad_login_attempts: number;
  is_deleted: number | boolean;
}

function toUser(r: UserRow): User {
  return {
    userId: r.user_id,
    username: r.username,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    provider: r.provider,
    validated: Boolean(r.validated),
    badLoginAttempts: Number(r.bad_login_attempts),
    isDeleted: Boolean(r.is_deleted),
  };
}

export class UsernameTakenError extends Error {}

/** Local users (always in the API's own store, whatever the connector). */
export class UserStore {
  constructor(private readonly db: Knex) {}

  /** Throws UsernameTakenError when the username exists (the unique index decides, not a prior read). */
  async create(u: NewUser): Promise<User> {
    const row: UserRow = {
      user_id: randomUUID(),
      username: u.username,
      email: u.email,
      first_name: u.firstName,
      last_name: u.lastName,
      provider: u.provider,
      password_hash: await hashPassword(u.password),
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

  async byId(userId: string): Promise<User | undefined> {
    const r = await this.db<UserRow>('users').where({ user_id: userId }).first();
    return r && toUser(r);
  }

  async byUsernameWithHash(username: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const r = await this.db<UserRow>('users').where({ username }).first();
    return r && { user: toUser(r), passwordHash: r.password_hash };
  }

  async recordBadLogin(userId: string): Promise<void> {
    await this.db('users').where({ user_id: userId }).increment('bad_login_attempts', 1);
  }

  async resetBadLogins(userId: string): Promise<void> {
    await this.db('users').where({ user_id: userId }).andWhere('bad_login_attempts', '>', 0).update({ bad_login_attempts: 0 });
  }

  async setValidated(userId: string, validated: boolean): Promise<boolean> {
    return (await this.db('users').where({ user_id: userId }).update({ validated })) > 0;
  }
}
