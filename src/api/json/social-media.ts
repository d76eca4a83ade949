import { z } from 'zod';
import type { SocialMediaHandle } from '../../connector/types';
import { formatDateTime } from './dates';
import { dateTimeOrNull } from './schema-types';

export const socialMediaJsonSchema = z.object({
  customer_number: z.string(),
  type: z.string(),
  handle: z.string(),
  date_added: dateTimeOrNull,
  date_activated: dateTimeOrNull,
});

/** SocialMediaJSON: an element of the `checks` list. */
export function socialMediaJson(h: SocialMediaHandle): z.infer<typeof socialMediaJsonSchema> {
  return {
    customer_number: h.customerNumber,
    type: h.type,
    handle: h.handle,
    date_added: formatDateTime(h.dateAdded),
    date_activated: formatDateTime(h.dateActivated),
  };
}
