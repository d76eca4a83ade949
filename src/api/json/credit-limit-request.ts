import type { CreditLimitRequest } from '../../connector/types';
import { formatDateTime, formatDay } from './dates';

/**
 * The create response (OBP's CreditLimitOrderResponseJson): when the request was recorded (UTC day and time),
 * its id as `token` (the REQUEST_ID to read it back) and a short reference for people: the id's first 8 hex
 * digits, upper-cased.
 */
export function creditLimitOrderResponseJson(r: CreditLimitRequest) {
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
export function creditLimitOrderJson(r: CreditLimitRequest | undefined) {
  return {
    rank_amount_1: r?.requestedCurrentRateAmount1 ?? '',
    nominal_interest_1: '',
    rank_amount_2: r?.requestedCurrentRateAmount2 ?? '',
    nominal_interest_2: '',
  };
}
