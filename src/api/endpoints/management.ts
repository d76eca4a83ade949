import { z } from 'zod';
import { PERIODS, type Period } from '../../auth/call-limits';
import { ObpError } from '../../errors';
import { endpoint, type RequestContext } from '../endpoint';
import {
  callLimitsJson,
  callLimitsJsonSchema,
  callLimitsStateJsonSchema,
  consumerEnabledJsonSchema,
  perPeriodJson,
} from '../json/call-limits';
import { obpDate, obpString } from '../schemas';

/** 404 OBP-30019 unless CONSUMER_ID is a registered consumer. */
async function existingConsumer(ctx: RequestContext<unknown>) {
  const consumer = await ctx.services.consumers.byId(ctx.params.CONSUMER_ID!);
  if (!consumer) throw new ObpError('ConsumerNotFoundByConsumerId');
  return consumer;
}

// OBP sends call limits as strings; -1 is "no limit". Larger than any window could count, but bounded.
const callLimit = obpString(20).pipe(
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number)
    .pipe(z.number().int().min(-1).max(Number.MAX_SAFE_INTEGER)),
);

const callLimitsSchema = z
  .object({
    from_date: obpDate,
    to_date: obpDate,
    ...(Object.fromEntries(PERIODS.map((p) => [`per_${p}_call_limit`, callLimit])) as Record<`per_${Period}_call_limit`, typeof callLimit>),
  })
  .refine((b) => b.from_date.getTime() <= b.to_date.getTime());

const exampleLimits = Object.fromEntries(PERIODS.map((p) => [`per_${p}_call_limit`, '-1']));

export const callsLimit = endpoint({
  name: 'callsLimit',
  implementedIn: 'v3.1.0',
  // v4.0.0 re-implemented PUT …/consumer/call-limits.
  servedUntil: 'v3.1.0',
  method: 'PUT',
  path: '/management/consumers/CONSUMER_ID/consumer/call-limits',
  summary: 'Set Rate Limiting (call limits) per Consumer',
  description:
    'Sets how many calls the consumer may make per second, minute, hour, day, week and month (-1: no limit), in ' +
    'force from from_date to to_date. Calls over a limit are answered 429 OBP-10018 with X-Rate-Limit-Limit, ' +
    'X-Rate-Limit-Remaining and X-Rate-Limit-Reset headers. Counters are shared by all instances when REDIS_URL is set.',
  tags: ['Consumer', 'Rate-Limits'],
  roles: ['CanSetCallLimits'],
  body: {
    schema: callLimitsSchema,
    typeName: 'CallLimitPostJson',
    example: { from_date: '2026-01-01T00:00:00Z', to_date: '2036-01-01T00:00:00Z', ...exampleLimits },
  },
  checks: ['auth', 'roles', 'body', async (ctx) => void (await existingConsumer(ctx))],
  successStatus: 200,
  responseSchema: callLimitsJsonSchema,
  exampleResponse: { from_date: '2026-01-01T00:00:00Z', to_date: '2036-01-01T00:00:00Z', ...exampleLimits },
  errors: ['UserNotLoggedIn', 'UserHasMissingRoles', 'InvalidJsonFormat', 'ConsumerNotFoundByConsumerId'],
  handler: async ({ body, params, services }) => {
    const perPeriod = Object.fromEntries(PERIODS.map((p) => [p, body[`per_${p}_call_limit`]])) as Record<Period, number>;
    const saved = await services.callLimits.set({ consumerId: params.CONSUMER_ID!, fromDate: body.from_date, toDate: body.to_date, perPeriod });
    return callLimitsJson(saved);
  },
});

export const getCallsLimit = endpoint({
  name: 'getCallsLimit',
  implementedIn: 'v3.1.0',
  method: 'GET',
  path: '/management/consumers/CONSUMER_ID/consumer/call-limits',
  summary: 'Get Call Limits for a Consumer',
  description:
    "Returns the consumer's call limits (-1: no limit) and, per period with calls counted in the current window, " +
    'the calls made and the seconds until the window resets.',
  tags: ['Consumer', 'Rate-Limits'],
  roles: ['CanReadCallLimits', 'CanSetCallLimits'],
  checks: ['auth', 'roles', async (ctx) => void (await existingConsumer(ctx))],
  successStatus: 200,
  responseSchema: callLimitsStateJsonSchema,
  exampleResponse: { ...exampleLimits, current_state: { per_minute: { calls_made: 3, reset_in_seconds: 42 } } },
  errors: ['UserNotLoggedIn', 'UserHasMissingRoles', 'ConsumerNotFoundByConsumerId'],
  handler: async ({ params, services }) => {
    const consumerId = params.CONSUMER_ID!;
    const [limits, state] = await Promise.all([services.callLimits.get(consumerId), services.rateLimits.consumerState(consumerId)]);
    const perPeriod = limits?.perPeriod ?? (Object.fromEntries(PERIODS.map((p) => [p, -1])) as Record<Period, number>);
    return {
      ...perPeriodJson(perPeriod),
      current_state: Object.fromEntries(
        Object.entries(state).map(([p, c]) => [`per_${p}`, { calls_made: c.consumed, reset_in_seconds: Math.ceil(c.msBeforeReset / 1000) }]),
      ),
    };
  },
});

const enabledSchema = z.object({ enabled: z.boolean() });

export const enableDisableConsumers = endpoint({
  name: 'enableDisableConsumers',
  implementedIn: 'v3.1.0',
  method: 'PUT',
  path: '/management/consumers/CONSUMER_ID',
  summary: 'Enable or Disable Consumers',
  description:
    'Enables or disables the consumer. Disabling needs CanDisableConsumers and revokes every DirectLogin token the ' +
    'consumer holds, at once, on every instance; enabling needs CanEnableConsumers (revoked tokens stay revoked).',
  tags: ['Consumer'],
  roles: ['CanEnableConsumers', 'CanDisableConsumers'],
  body: { schema: enabledSchema, typeName: 'PutEnabledJSON', example: { enabled: false } },
  // The role depends on the request: OBP checks it after reading the body.
  rolesForBody: (body) => [body.enabled ? 'CanEnableConsumers' : 'CanDisableConsumers'],
  checks: ['auth', 'body', 'roles', async (ctx) => void (await existingConsumer(ctx))],
  successStatus: 200,
  responseSchema: consumerEnabledJsonSchema,
  exampleResponse: { enabled: false },
  errors: ['UserNotLoggedIn', 'InvalidJsonFormat', 'UserHasMissingRoles', 'ConsumerNotFoundByConsumerId'],
  handler: async ({ body, params, services }) => {
    if (!(await services.consumers.setActive(params.CONSUMER_ID!, body.enabled))) throw new ObpError('ConsumerNotFoundByConsumerId');
    return { enabled: body.enabled };
  },
});
