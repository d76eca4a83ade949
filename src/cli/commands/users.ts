import { isStrongPassword } from '../../auth/passwords';
import { isAsciiUsername, UsernameTakenError } from '../../auth/users';
import { page, required, UsageError, type Command, type CommandContext } from '../command';

/** The environment variable `create-user` reads the password from (argv is visible to every local user). */
export const PASSWORD_ENV = 'NEW_USER_PASSWORD';

async function newPassword(ctx: CommandContext): Promise<string> {
  const sources = [ctx.opts.password !== undefined, ctx.opts['password-stdin'] === true, process.env[PASSWORD_ENV] !== undefined];
  if (sources.filter(Boolean).length !== 1) {
    throw new UsageError(`give the password exactly one way: --password-stdin, the ${PASSWORD_ENV} environment variable, or --password`);
  }
  if (ctx.opts['password-stdin'] === true) return (await ctx.readStdin()).replace(/\r?\n$/, '');
  return (typeof ctx.opts.password === 'string' ? ctx.opts.password : process.env[PASSWORD_ENV]) ?? '';
}

async function userExists(ctx: CommandContext, userId: string) {
  if (!(await ctx.stores.users.byId(userId))) throw new UsageError(`no user with id ${userId}`);
}

function setDisabled(disabled: boolean, summary: string): Command {
  const name = disabled ? 'disable-user' : 'enable-user';
  return {
    summary,
    usage: `${name} --user-id ID`,
    options: ['user-id'],
    async run(ctx) {
      const userId = required(ctx.opts, 'user-id');
      await userExists(ctx, userId);
      if (!(await ctx.stores.users.setDisabled(userId, disabled))) throw new UsageError(`user ${userId} is deleted`);
      return { user_id: userId, disabled };
    },
  };
}

export const userCommands: Record<string, Command> = {
  'create-user': {
    summary: 'Creates a validated user who can log in with DirectLogin',
    usage:
      `create-user --username U --email E [--first-name F] [--last-name L] (--password-stdin | ${PASSWORD_ENV}=P in the environment | --password P)`,
    options: ['username', 'password', 'email', 'first-name', 'last-name'],
    flags: ['password-stdin'],
    async run(ctx) {
      const { opts } = ctx;
      const username = required(opts, 'username');
      if (!isAsciiUsername(username) || username.length > 100) throw new UsageError('the username must be 1-100 printable ASCII characters');
      const email = required(opts, 'email');
      const password = await newPassword(ctx);
      if (!isStrongPassword(password)) throw new UsageError('password does not meet the OBP-30207 password rule');
      try {
        const u = await ctx.stores.users.create({
          username,
          password,
          email,
          firstName: typeof opts['first-name'] === 'string' ? opts['first-name'] : username,
          lastName: typeof opts['last-name'] === 'string' ? opts['last-name'] : '',
          provider: ctx.config.HOSTNAME_URL,
          validated: true,
        });
        return { user_id: u.userId, username: u.username, email: u.email, provider: u.provider, validated: u.validated };
      } catch (e) {
        if (e instanceof UsernameTakenError) throw new UsageError(`username ${e.message} already exists (usernames are unique regardless of case)`);
        throw e;
      }
    },
  },

  'list-users': {
    summary: 'Lists users in creation order (JSON array), a page at a time',
    usage: 'list-users [--limit N (100, at most 10000)] [--offset N]',
    options: ['limit', 'offset'],
    async run(ctx) {
      const { limit, offset } = page(ctx.opts);
      return (await ctx.stores.users.list(limit, offset)).map((u) => ({
        user_id: u.userId,
        username: u.username,
        email: u.email,
        provider: u.provider,
        validated: u.validated,
        disabled: u.disabled,
        deleted: u.isDeleted,
        locked: ctx.stores.attempts.isLocked(u.badLoginAttempts, u.lockedAt),
        bad_login_attempts: u.badLoginAttempts,
        created_at: new Date(u.createdAt).toISOString(),
      }));
    },
  },

  'validate-user': {
    summary: 'Allows a user created by POST /users to log in',
    usage: 'validate-user --user-id ID',
    options: ['user-id'],
    async run(ctx) {
      const userId = required(ctx.opts, 'user-id');
      if (!(await ctx.stores.users.setValidated(userId, true))) throw new UsageError(`no user with id ${userId}`);
      return { user_id: userId, validated: true };
    },
  },

  'unlock-user': {
    summary: 'Clears the failed-login counter of a locked user',
    usage: 'unlock-user --user-id ID',
    options: ['user-id'],
    async run(ctx) {
      const userId = required(ctx.opts, 'user-id');
      if (!(await ctx.stores.attempts.unlock(userId))) throw new UsageError(`no user with id ${userId}`);
      return { user_id: userId, bad_login_attempts: 0 };
    },
  },

  'disable-user': setDisabled(true, 'Stops a user logging in and revokes their tokens at once'),
  'enable-user': setDisabled(false, 'Lets a disabled user log in again (their old tokens stay revoked)'),

  'delete-user': {
    summary: 'Deletes a user as OBP does (marked deleted, username kept); revokes their tokens and entitlements',
    usage: 'delete-user --user-id ID',
    options: ['user-id'],
    async run(ctx) {
      const userId = required(ctx.opts, 'user-id');
      await userExists(ctx, userId);
      if (!(await ctx.stores.users.softDelete(userId))) throw new UsageError(`user ${userId} is already deleted`);
      return { user_id: userId, deleted: true };
    },
  },
};
