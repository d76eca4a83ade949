import type { SocialMediaHandle } from '../../connector/types';
import { formatDateTime } from './dates';

/** SocialMediaJSON: an element of the `checks` list. */
export function socialMediaJson(h: SocialMediaHandle) {
  return {
    customer_number: h.customerNumber,
    type: h.type,
    handle: h.handle,
    date_added: formatDateTime(h.dateAdded),
    date_activated: formatDateTime(h.dateActivated),
  };
}
