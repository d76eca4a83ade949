import { z } from 'zod';
import type { CustomerAddress } from '../../connector/types';
import { formatDateTime } from './dates';
import { dateTimeOrNull } from './schema-types';

export const customerAddressJsonSchema = z.object({
  customer_address_id: z.string(),
  customer_id: z.string(),
  line_1: z.string(),
  line_2: z.string(),
  line_3: z.string(),
  city: z.string(),
  county: z.string(),
  state: z.string(),
  postcode: z.string(),
  country_code: z.string(),
  tags: z.array(z.string()),
  status: z.string(),
  insert_date: dateTimeOrNull,
});

/** CustomerAddressJsonV310, with `status` as stored (policy P5c; OBP echoes `state`). */
export function customerAddressJson(a: CustomerAddress): z.infer<typeof customerAddressJsonSchema> {
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
