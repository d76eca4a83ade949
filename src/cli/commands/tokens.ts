import { optionalString, UsageError, type Command } from '../command';

export const tokenCommands: Record<string, Command> = {
  'revoke-tokens': {
    summary: "Revokes every DirectLogin token of a user or of a consumer, at once",
    usage: 'revoke-tokens (--user-id ID | --consumer-id ID)',
    options: ['user-id', 'consumer-id'],
    async run({ opts, stores }) {
      const userId = optionalString(opts, 'user-id');
      const consumerId = optionalString(opts, 'consumer-id');
      if ((userId === undefined) === (consumerId === undefined)) throw new UsageError('give exactly one of --user-id and --consumer-id');
      if (userId !== undefined) {
        if (!(await stores.users.byId(userId))) throw new UsageError(`no user with id ${userId}`);
        return { user_id: userId, revoked: await stores.tokens.revokeForUser(userId) };
      }
      if (!(await stores.consumers.byId(consumerId!))) throw new UsageError(`no consumer with id ${consumerId}`);
      return { consumer_id: consumerId, revoked: await stores.tokens.revokeForConsumer(consumerId!) };
    },
  },

  'purge-tokens': {
    summary: 'Deletes expired DirectLogin tokens now (the service also does it every TOKEN_PURGE_INTERVAL_SECONDS)',
    usage: 'purge-tokens',
    options: [],
    async run({ stores }) {
      return { purged: await stores.tokens.purgeExpired() };
    },
  },
};
