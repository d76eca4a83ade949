import { EntitlementExistsError } from '../../auth/entitlements';
import { findRole } from '../../auth/roles';
import { optionalString, page, required, UsageError, type Command } from '../command';

export const entitlementCommands: Record<string, Command> = {
  grant: {
    summary: 'Grants a role to a user (a bank role at --bank-id, a system role without it)',
    usage: 'grant --user-id ID --role ROLE [--bank-id BANK_ID]',
    options: ['user-id', 'role', 'bank-id'],
    async run({ db, opts, config, stores }) {
      const userId = required(opts, 'user-id');
      const role = findRole(required(opts, 'role'));
      const bankId = optionalString(opts, 'bank-id') ?? '';
      if (!role) throw new UsageError(`unknown role ${opts.role}`);
      if (role.requiresBankId && bankId === '') throw new UsageError(`${role.name} is a bank role: give --bank-id`);
      if (!role.requiresBankId && bankId !== '') throw new UsageError(`${role.name} is a system role: leave out --bank-id`);
      if (!(await stores.users.byId(userId))) throw new UsageError(`no user with id ${userId}`);
      if (bankId !== '') {
        // Loaded on demand: the connectors (gRPC among them) cost every other command a quarter second to load.
        const { createConnector } = await import('../../connector/select');
        const connector = createConnector(config, db);
        try {
          if (!(await connector.getBank(bankId, { correlationId: 'admin-cli' }))) throw new UsageError(`no bank with id ${bankId}`);
        } finally {
          await connector.close();
        }
      }
      try {
        const e = await stores.entitlements.grant(userId, role.name, bankId);
        return { entitlement_id: e.entitlementId, role_name: e.roleName, bank_id: e.bankId };
      } catch (err) {
        if (err instanceof EntitlementExistsError) throw new UsageError(`user ${userId} already has ${role.name}${bankId ? ` at ${bankId}` : ''}`);
        throw err;
      }
    },
  },

  'list-entitlements': {
    summary: 'Lists role grants (JSON array), optionally of one user, bank or role',
    usage: 'list-entitlements [--user-id ID] [--bank-id BANK_ID] [--role ROLE] [--limit N (100, at most 10000)] [--offset N]',
    options: ['user-id', 'bank-id', 'role', 'limit', 'offset'],
    async run({ opts, stores }) {
      const { limit, offset } = page(opts);
      const filter = { userId: optionalString(opts, 'user-id'), bankId: optionalString(opts, 'bank-id'), roleName: optionalString(opts, 'role') };
      return (await stores.entitlements.list(filter, limit, offset)).map((e) => ({
        entitlement_id: e.entitlementId,
        user_id: e.userId,
        role_name: e.roleName,
        bank_id: e.bankId,
      }));
    },
  },

  'revoke-entitlement': {
    summary: 'Revokes one role grant (effective on the next request)',
    usage: 'revoke-entitlement --entitlement-id ID',
    options: ['entitlement-id'],
    async run({ opts, stores }) {
      const id = required(opts, 'entitlement-id');
      const e = await stores.entitlements.byId(id);
      if (!e || !(await stores.entitlements.revoke(id))) throw new UsageError(`no entitlement with id ${id}`);
      return { entitlement_id: id, user_id: e.userId, role_name: e.roleName, bank_id: e.bankId, revoked: true };
    },
  },
};
