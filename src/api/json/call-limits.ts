import { z } from 'zod';
import { PERIODS, type Period } from '../../auth/call-limits';
import { formatDateTime } from './dates';
import { dateTimeOrNull } from './schema-types';

type PerPeriodKey = `per_${Period}_call_limit`;

/** OBP sends and answers call limits as strings of digits; -1 means "no limit". */
const perPeriodShape = Object.fromEntries(PERIODS.map((p) => [`per_${p}_call_limit`, z.string()])) as Record<
  PerPeriodKey,
  z.ZodString
>;

export const callLimitsJsonSchema = z.object({ from_date: dateTimeOrNull, to_date: dateTimeOrNull, ...perPeriodShape });

export const callLimitsStateJsonSchema = z.object({
  ...perPeriodShape,
  current_state: z.record(z.string(), z.object({ calls_made: z.number().int(), reset_in_seconds: z.number().int() })),
});

export const rateLimitingInfoJsonSchema = z.object({
  enabled: z.boolean(),
  technology: z.enum(['REDIS', 'MEMORY']),
  service_available: z.boolean(),
  is_active: z.boolean(),
});

export const consumerEnabledJsonSchema = z.object({ enabled: z.boolean() });

export function perPeriodJson(perPeriod: Record<Period, number>): Record<PerPeriodKey, string> {
  return Object.fromEntries(PERIODS.map((p) => [`per_${p}_call_limit`, String(perPeriod[p])])) as Record<PerPeriodKey, string>;
}

export function callLimitsJson(l: { fromDate: Date; toDate: Date; perPeriod: Record<Period, number> }): z.infer<typeof callLimitsJsonSchema> {
  return { from_date: formatDateTime(l.fromDate), to_date: formatDateTime(l.toDate), ...perPeriodJson(l.perPeriod) };
}
