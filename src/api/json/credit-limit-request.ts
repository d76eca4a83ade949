import { z } from 'zod';
import type { CreditLimitRequest } from '../../connector/types';
import { formatDateTime, formatDay } from './dates';

export const creditLimitOrderResponseJsonSchema = z.object({
  execution_time: z.string().regex(/^\d{2}:\d{2}:\d{2}Z$/).describe('UTC time of day, HH:mm:ssZ'),
  execution_date: z.iso.date(),
  token: z.string(),
  short_reference: z.string(),
});

export const creditLimitOrderJsonSchema = z.object({
  rank_amount_1: z.string(),
  nominal_interest_1: z.string(),
  rank_amount_2: z.string(),
  nominal_interest_2: z.string(),
});

/**
 * The create response (OBP's CreditLimitOrderResponseJson): when the request was recorded (UTC day and time),
 * its id as `token` (the REQUEST_ID to read it back) and a short reference for people: the id's first 8 hex
 * digits, upper-cased.
 */
export function creditLimitOrderResponseJson(r: CreditLimitRequest): z.infer<typeof creditLimitOrderResponseJsonSchema> {
  return {
    execution_time: formatDateTime(r.createdAt)!.slice('yyyy-MM-ddT'.length),
    execution_date: formatDay(r.createdAt),
    token: r.creditLimitRequestId,
    short_reference: r.creditLimitRequestId.replace(/-/g, '').slice(0, 8).toUpperCase(),
  };
}

/**
 * OBP's CreditLimitOrderJson. A request carries the two requested rate amounts; interest is set by the bank when
 * it prices the request, which this store does not do, so the nominal interests are empty.
 */
export function creditLimitOrderJson(r: CreditLimitRequest | undefined): z.infer<typeof creditLimitOrderJsonSchema> {
  return {
    rank_amount_1: r?.requestedCurrentRateAmount1 ?? '',
    nominal_interest_1: '',
    rank_amount_2: r?.requestedCurrentRateAmount2 ?? '',
    nominal_interest_2: '',
  };
}
