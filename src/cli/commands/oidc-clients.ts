import { OidcClientTakenError } from '../../auth/oidc/clients';
import { optionalString, required, UsageError, type Command, type CommandContext } from '../command';

/**
 * The issuer an OIDC client is registered at: --issuer (or --oidc-issuer) as given, else the only one of
 * OIDC_ISSUERS. A given issuer must be one of OIDC_ISSUERS when they are set, so that a typo is not registered.
 */
export function issuerOption(ctx: CommandContext, name: string): string {
  const given = optionalString(ctx.opts, name);
  const configured = ctx.config.OIDC_ISSUERS;
  if (given === undefined) {
    if (configured.length === 1) return configured[0]!;
    throw new UsageError(`give --${name}${configured.length > 1 ? ` (one of ${configured.join(', ')})` : ' (OIDC_ISSUERS is not set)'}`);
  }
  if (configured.length > 0 && !configured.includes(given)) {
    throw new UsageError(`--${name} ${given} is not one of OIDC_ISSUERS (${configured.join(', ')})`);
  }
  if (!URL.canParse(given)) throw new UsageError(`--${name} must be the issuer URL (the tokens' iss)`);
  return given;
}

/** Registers an OIDC client for a consumer; the JSON of the registration. */
export async function linkClient(ctx: CommandContext, consumerId: string, clientId: string, issuer: string) {
  if (clientId.length > 255) throw new UsageError('the client id is longer than 255 characters');
  try {
    await ctx.stores.oidcClients.link({ issuer, clientId, consumerId });
  } catch (e) {
    if (e instanceof OidcClientTakenError) throw new UsageError(`client ${clientId} of ${issuer} is registered already`);
    throw e;
  }
  return { issuer, client_id: clientId };
}

export const oidcClientCommands: Record<string, Command> = {
  'link-oidc-client': {
    summary: "Registers an OpenID Connect client (its tokens' azp or client_id) to call as a consumer",
    usage: 'link-oidc-client --consumer-id ID --client-id CLIENT_ID [--issuer ISSUER_URL (default: the only OIDC_ISSUERS)]',
    options: ['consumer-id', 'client-id', 'issuer'],
    async run(ctx) {
      const consumerId = required(ctx.opts, 'consumer-id');
      if (!(await ctx.stores.consumers.byId(consumerId))) throw new UsageError(`no consumer with id ${consumerId}`);
      return { consumer_id: consumerId, ...(await linkClient(ctx, consumerId, required(ctx.opts, 'client-id'), issuerOption(ctx, 'issuer'))) };
    },
  },

  'unlink-oidc-client': {
    summary: "Removes an OpenID Connect client's registration: its tokens are refused from the next request on",
    usage: 'unlink-oidc-client --client-id CLIENT_ID [--issuer ISSUER_URL (default: the only OIDC_ISSUERS)]',
    options: ['client-id', 'issuer'],
    async run(ctx) {
      const issuer = issuerOption(ctx, 'issuer');
      const clientId = required(ctx.opts, 'client-id');
      if (!(await ctx.stores.oidcClients.unlink(issuer, clientId))) throw new UsageError(`client ${clientId} of ${issuer} is not registered`);
      return { issuer, client_id: clientId, unlinked: true };
    },
  },
};
