import type { CustomerAddress } from '../../connector/types';
import { formatDateTime } from './dates';

/** CustomerAddressJsonV310, with `status` as stored (policy P5c; OBP echoes `state`). */
export function customerAddressJson(a: CustomerAddress) {
  return {
    customer_address_id: a.customerAddressId,
    customer_id: a.customerId,
    line_1: a.line1,
    line_2: a.line2,
    line_3: a.line3,
    city: a.city,
    county: a.county,
    state: a.state,
    postcode: a.postcode,
    country_code: a.countryCode,
    tags: a.tags,
    status: a.status,
    insert_date: formatDateTime(a.insertDate),
  };
}
