import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { ConsumerStore } from '../auth/consumers';
import { EntitlementExistsError, EntitlementStore } from '../auth/entitlements';
import { isStrongPassword } from '../auth/passwords';
import { findRole } from '../auth/roles';
import { UsernameTakenError, UserStore } from '../auth/users';
import { ConfigError, loadConfig, type Config } from '../config';
import { ImportError } from '../connector/mapped/import';
import { createConnector } from '../connector/select';
import { createKnex, databaseOptions } from '../db/knex';
import { migrateLatest } from '../db/migrate';
import { importFromFile } from './import';

/** A failure the operator can fix: printed as one line on stderr, exit code 1. */
class UsageError extends Error {}

type Options = Record<string, string | undefined>;

interface Command {
  usage: string;
  options: string[];
  /** Required positional arguments, handed to `run` in the options under these names. */
  positionals?: string[];
  run(db: Knex, opts: Options, config: Config): Promise<unknown>;
}

function required(opts: Options, name: string): string {
  const v = opts[name];
  if (v === undefined || v === '') throw new UsageError(`missing --${name}`);
  return v;
}

const commands: Record<string, Command> = {
  migrate: {
    usage: 'migrate',
    options: [],
    run: async (db) => ({ applied: await migrateLatest(db) }),
  },

  'create-consumer': {
    usage: 'create-consumer --name NAME',
    options: ['name'],
    async run(db, opts) {
      const c = await new ConsumerStore(db).create(required(opts, 'name'));
      return { consumer_id: c.consumerId, name: c.name, key: c.key, secret: c.secret };
    },
  },

  'create-user': {
    usage: 'create-user --username U --password P --email E [--first-name F] [--last-name L]',
    options: ['username', 'password', 'email', 'first-name', 'last-name'],
    async run(db, opts, config) {
      const password = required(opts, 'password');
      if (!isStrongPassword(password)) throw new UsageError('password does not meet the OBP-30207 password rule');
      try {
        const u = await new UserStore(db).create({
          username: required(opts, 'username'),
          password,
          email: required(opts, 'email'),
          firstName: opts['first-name'] ?? required(opts, 'username'),
          lastName: opts['last-name'] ?? '',
          provider: config.HOSTNAME_URL,
          validated: true,
        });
        return { user_id: u.userId, username: u.username, email: u.email, provider: u.provider, validated: u.validated };
      } catch (e) {
        if (e instanceof UsernameTakenError) throw new UsageError(`username ${e.message} already exists`);
        throw e;
      }
    },
  },

  'validate-user': {
    usage: 'validate-user --user-id ID',
    options: ['user-id'],
    async run(db, opts) {
      const userId = required(opts, 'user-id');
      if (!(await new UserStore(db).setValidated(userId, true))) throw new UsageError(`no user with id ${userId}`);
      return { user_id: userId, validated: true };
    },
  },

  'unlock-user': {
    usage: 'unlock-user --user-id ID',
    options: ['user-id'],
    async run(db, opts) {
      const userId = required(opts, 'user-id');
      const users = new UserStore(db);
      if (!(await users.byId(userId))) throw new UsageError(`no user with id ${userId}`);
      await users.resetBadLogins(userId);
      return { user_id: userId, bad_login_attempts: 0 };
    },
  },

  grant: {
    usage: 'grant --user-id ID --role ROLE [--bank-id BANK_ID]',
    options: ['user-id', 'role', 'bank-id'],
    async run(db, opts, config) {
      const userId = required(opts, 'user-id');
      const role = findRole(required(opts, 'role'));
      const bankId = opts['bank-id'] ?? '';
      if (!role) throw new UsageError(`unknown role ${opts.role}`);
      if (role.requiresBankId && bankId === '') throw new UsageError(`${role.name} is a bank role: give --bank-id`);
      if (!role.requiresBankId && bankId !== '') throw new UsageError(`${role.name} is a system role: leave out --bank-id`);
      if (!(await new UserStore(db).byId(userId))) throw new UsageError(`no user with id ${userId}`);
      if (bankId !== '') {
        const connector = createConnector(config, db);
        try {
          if (!(await connector.getBank(bankId, { correlationId: 'admin-cli' }))) throw new UsageError(`no bank with id ${bankId}`);
        } finally {
          await connector.close();
        }
      }
      try {
        const e = await new EntitlementStore(db).grant(userId, role.name, bankId);
        return { entitlement_id: e.entitlementId, role_name: e.roleName, bank_id: e.bankId };
      } catch (err) {
        if (err instanceof EntitlementExistsError) throw new UsageError(`user ${userId} already has ${role.name}${bankId ? ` at ${bankId}` : ''}`);
        throw err;
      }
    },
  },

  import: {
    usage: 'import FILE.json',
    options: [],
    positionals: ['file'],
    async run(db, opts) {
      try {
        return await importFromFile(db, required(opts, 'file'), (message) => console.error(message));
      } catch (e) {
        if (e instanceof ImportError) throw new UsageError(`import failed, nothing was stored: ${e.message}`);
        throw e;
      }
    },
  },
};

function usage(): string {
  return ['usage: npm run --silent admin -- <command> [options]', ...Object.values(commands).map((c) => `  ${c.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : commands[name];
  if (!command) {
    console.error(name === undefined ? usage() : `unknown command ${name}\n${usage()}`);
    return 2;
  }
  let opts: Options;
  try {
    const names = command.positionals ?? [];
    const parsed = parseArgs({
      args: rest,
      options: Object.fromEntries(command.options.map((o) => [o, { type: 'string' as const }])),
      strict: true,
      allowPositionals: names.length > 0,
    });
    if (parsed.positionals.length !== names.length) throw new Error(`expected ${names.length} argument(s)`);
    opts = { ...(parsed.values as Options), ...Object.fromEntries(names.map((n, i) => [n, parsed.positionals[i]])) };
  } catch (e) {
    console.error(`${(e as Error).message}\nusage: ${command.usage}`);
    return 2;
  }
  const config = loadConfig();
  // The service's TLS and connect settings; no statement limit (imports write large batches).
  const db = createKnex(config.DATABASE_URL, 2, { ...databaseOptions(config), queryTimeoutMs: 0 });
  try {
    if (name !== 'migrate' && config.AUTO_MIGRATE) await migrateLatest(db);
    const result = await command.run(db, opts, config);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof UsageError || e instanceof ConfigError ? e.message : `admin failed: ${(e as Error)?.stack ?? e}`);
    process.exit(1);
  },
);
