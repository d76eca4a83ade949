import { z } from 'zod';
import type { CrmEvent } from '../../connector/types';
import { formatDateTime } from './dates';
import { dateTimeOrNull } from './schema-types';

export const crmEventJsonSchema = z.object({
  id: z.string(),
  bank_id: z.string(),
  customer_name: z.string(),
  customer_number: z.string(),
  category: z.string(),
  detail: z.string(),
  channel: z.string(),
  scheduled_date: dateTimeOrNull,
  actual_date: dateTimeOrNull,
  result: z.string(),
});

/** CrmEventJson (v1.4.0): a missing scheduled date renders null. */
export function crmEventJson(e: CrmEvent): z.infer<typeof crmEventJsonSchema> {
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
