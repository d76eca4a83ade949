import { NO_LIMITS, PERIODS, type Period } from '../../auth/call-limits';
import { intOption, optionalString, page, required, UsageError, type Command, type CommandContext } from '../command';
import { issuerOption, linkClient } from './oidc-clients';

async function consumerExists(ctx: CommandContext, consumerId: string) {
  if (!(await ctx.stores.consumers.byId(consumerId))) throw new UsageError(`no consumer with id ${consumerId}`);
}

function parseDate(value: string | boolean | undefined, name: string, fallback: Date): Date {
  if (value === undefined) return fallback;
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(value) ? new Date(value) : undefined;
  if (!d || Number.isNaN(d.getTime())) throw new UsageError(`--${name} must be a date such as 2027-01-31 or 2027-01-31T00:00:00Z`);
  return d;
}

function setEnabled(enabled: boolean, summary: string): Command {
  const name = enabled ? 'enable-consumer' : 'disable-consumer';
  return {
    summary,
    usage: `${name} --consumer-id ID`,
    options: ['consumer-id'],
    async run(ctx) {
      const consumerId = required(ctx.opts, 'consumer-id');
      if (!(await ctx.stores.consumers.setActive(consumerId, enabled))) throw new UsageError(`no consumer with id ${consumerId}`);
      return { consumer_id: consumerId, enabled };
    },
  };
}

export const consumerCommands: Record<string, Command> = {
  'create-consumer': {
    summary: 'Registers an app; prints its consumer key (for DirectLogin) and secret once',
    usage:
      'create-consumer --name NAME [--oidc-client-id CLIENT_ID [--oidc-issuer ISSUER_URL]]   (the OpenID Connect client ' +
      'whose bearer tokens call as this consumer; see link-oidc-client)',
    options: ['name', 'oidc-client-id', 'oidc-issuer'],
    async run(ctx) {
      const name = required(ctx.opts, 'name');
      const clientId = optionalString(ctx.opts, 'oidc-client-id');
      // Checked before anything is stored, so that a mistake leaves no consumer behind.
      const issuer = clientId === undefined ? undefined : issuerOption(ctx, 'oidc-issuer');
      const c = await ctx.stores.consumers.create(name);
      const json = { consumer_id: c.consumerId, name: c.name, key: c.key, secret: c.secret };
      return clientId === undefined ? json : { ...json, oidc_client: await linkClient(ctx, c.consumerId, clientId, issuer!) };
    },
  },

  'list-consumers': {
    summary: 'Lists consumers in creation order (JSON array); secrets are never shown',
    usage: 'list-consumers [--limit N (100, at most 10000)] [--offset N]',
    options: ['limit', 'offset'],
    async run(ctx) {
      const { limit, offset } = page(ctx.opts);
      const consumers = await ctx.stores.consumers.list(limit, offset);
      const clients = await ctx.stores.oidcClients.ofConsumers(consumers.map((c) => c.consumerId));
      return consumers.map((c) => ({
        consumer_id: c.consumerId,
        name: c.name,
        key: c.key,
        enabled: c.isActive,
        created_at: new Date(c.createdAt).toISOString(),
        oidc_clients: clients.filter((o) => o.consumerId === c.consumerId).map((o) => ({ issuer: o.issuer, client_id: o.clientId })),
      }));
    },
  },

  'disable-consumer': setEnabled(false, 'Disables a consumer: its key stops working and its tokens are revoked at once'),
  'enable-consumer': setEnabled(true, 'Enables a consumer again (tokens revoked by disabling stay revoked)'),

  'set-call-limits': {
    summary: "Sets a consumer's call limits (--per-hour=-1: no limit; periods not given keep their value)",
    usage:
      'set-call-limits --consumer-id ID [--per-second N] [--per-minute N] [--per-hour N] [--per-day N] [--per-week N] ' +
      '[--per-month N] [--from-date YYYY-MM-DD (now)] [--to-date YYYY-MM-DD (in 100 years)]   (write -1 as --per-day=-1)',
    options: ['consumer-id', ...PERIODS.map((p) => `per-${p}`), 'from-date', 'to-date'],
    async run(ctx) {
      const consumerId = required(ctx.opts, 'consumer-id');
      await consumerExists(ctx, consumerId);
      const current = await ctx.stores.callLimits.get(consumerId);
      const before = current?.perPeriod ?? NO_LIMITS;
      const perPeriod = Object.fromEntries(
        PERIODS.map((p) => [p, intOption(ctx.opts, `per-${p}`, before[p], -1, Number.MAX_SAFE_INTEGER)]),
      ) as Record<Period, number>;
      const now = new Date();
      const limits = await ctx.stores.callLimits.set({
        consumerId,
        fromDate: parseDate(ctx.opts['from-date'], 'from-date', current?.fromDate ?? now),
        toDate: parseDate(ctx.opts['to-date'], 'to-date', current?.toDate ?? new Date(now.getTime() + 100 * 365 * 86_400_000)),
        perPeriod,
      });
      return callLimitsJson(limits.consumerId, limits.fromDate, limits.toDate, limits.perPeriod);
    },
  },

  'get-call-limits': {
    summary: "Shows a consumer's call limits",
    usage: 'get-call-limits --consumer-id ID',
    options: ['consumer-id'],
    async run(ctx) {
      const consumerId = required(ctx.opts, 'consumer-id');
      await consumerExists(ctx, consumerId);
      const l = await ctx.stores.callLimits.get(consumerId);
      return l ? callLimitsJson(consumerId, l.fromDate, l.toDate, l.perPeriod) : callLimitsJson(consumerId, null, null, NO_LIMITS);
    },
  },
};

function callLimitsJson(consumerId: string, from: Date | null, to: Date | null, perPeriod: Readonly<Record<Period, number>>) {
  return {
    consumer_id: consumerId,
    from_date: from?.toISOString() ?? null,
    to_date: to?.toISOString() ?? null,
    ...Object.fromEntries(PERIODS.map((p) => [`per_${p}_call_limit`, String(perPeriod[p])])),
  };
}
