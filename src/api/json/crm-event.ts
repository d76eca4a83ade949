import type { CrmEvent } from '../../connector/types';
import { formatDateTime } from './dates';

/** CrmEventJson (v1.4.0): a missing scheduled date renders null. */
export function crmEventJson(e: CrmEvent) {
  return {
    id: e.crmEventId,
    bank_id: e.bankId,
    customer_name: e.customerName,
    customer_number: e.customerNumber,
    category: e.category,
    detail: e.detail,
    channel: e.channel,
    scheduled_date: formatDateTime(e.scheduledDate),
    actual_date: formatDateTime(e.actualDate),
    result: e.result,
  };
}
