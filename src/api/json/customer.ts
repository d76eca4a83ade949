import { z } from 'zod';
import type { Customer, CustomerAttribute, UserCustomerLink } from '../../connector/types';
import { formatDateTime, formatDay } from './dates';
import { dateTimeOrNull, dayOrEmpty } from './schema-types';

const customerCoreSchema = z.object({
  bank_id: z.string(),
  customer_id: z.string(),
  customer_number: z.string(),
  legal_name: z.string(),
  mobile_phone_number: z.string(),
  email: z.string(),
  face_image: z.object({ url: z.string(), date: dateTimeOrNull }),
  date_of_birth: dateTimeOrNull,
  relationship_status: z.string(),
  dependants: z.number().int(),
  dob_of_dependants: z.array(dateTimeOrNull),
  credit_rating: z.object({ rating: z.string(), source: z.string() }),
  credit_limit: z.object({ currency: z.string(), amount: z.string() }),
  highest_education_attained: z.string(),
  employment_status: z.string(),
  kyc_status: z.boolean(),
  last_ok_date: dateTimeOrNull,
});
const trailerSchema = z.object({ title: z.string(), branch_id: z.string(), name_suffix: z.string() });
/** V300 renders dates of birth (and of dependants) as days. */
const dayDates = { date_of_birth: dayOrEmpty, dob_of_dependants: z.array(dayOrEmpty) };

export const customerAttributeJsonSchema = z.object({
  customer_attribute_id: z.string(),
  name: z.string(),
  type: z.string(),
  value: z.string(),
});
const withAttributes = { customer_attributes: z.array(customerAttributeJsonSchema) };

export const customerJsonV310Schema = customerCoreSchema.extend(trailerSchema.shape);
export const customerWithAttributesJsonV310Schema = customerJsonV310Schema.extend(withAttributes);
export const customerJsonV300Schema = customerJsonV310Schema.extend(dayDates);
export const customerWithAttributesJsonV300Schema = customerJsonV300Schema.extend(withAttributes);
export const customerJsonV210Schema = customerCoreSchema;
export const userCustomerLinkJsonSchema = z.object({
  user_customer_link_id: z.string(),
  customer_id: z.string(),
  user_id: z.string(),
  date_inserted: dateTimeOrNull,
  is_active: z.boolean(),
});

/** Fields every customer shape shares, in OBP's order, up to and including last_ok_date; `date` renders birth dates. */
function customerCore<D extends string | null>(c: Customer, date: (d: Date | null) => D) {
  return {
    bank_id: c.bankId,
    customer_id: c.customerId,
    customer_number: c.number,
    legal_name: c.legalName,
    mobile_phone_number: c.mobileNumber,
    email: c.email,
    face_image: { url: c.faceImage.url, date: formatDateTime(c.faceImage.date) },
    date_of_birth: date(c.dateOfBirth),
    relationship_status: c.relationshipStatus,
    dependants: c.dependents,
    dob_of_dependants: c.dobOfDependents.map(date),
    credit_rating: { rating: c.creditRating.rating, source: c.creditRating.source },
    credit_limit: { currency: c.creditLimit.currency, amount: c.creditLimit.amount },
    highest_education_attained: c.highestEducationAttained,
    employment_status: c.employmentStatus,
    kyc_status: c.kycStatus,
    last_ok_date: formatDateTime(c.lastOkDate),
  };
}

const trailer = (c: Customer) => ({ title: c.title, branch_id: c.branchId, name_suffix: c.nameSuffix });

export const customerAttributeJson = (a: CustomerAttribute): z.infer<typeof customerAttributeJsonSchema> => ({
  customer_attribute_id: a.customerAttributeId,
  name: a.name,
  type: a.attributeType,
  value: a.value,
});

/**
 * A customer shape with its trailer fields, its birth dates rendered by `date`. The trailer is added to the core
 * object rather than spread with it into a third: the firehose renders up to 500 of these per request, and the
 * profile showed the spread copies at ~7 % of a page of 50.
 */
const customerJson =
  <D extends string | null>(date: (d: Date | null) => D) =>
  (c: Customer) =>
    Object.assign(customerCore(c, date), trailer(c));

const attributesJson = (attributes: CustomerAttribute[]) => ({ customer_attributes: attributes.map(customerAttributeJson) });

/** CustomerJsonV310: create and update responses; dates of birth as full timestamps. */
export const customerJsonV310: (c: Customer) => z.infer<typeof customerJsonV310Schema> = customerJson(formatDateTime);

export const customerWithAttributesJsonV310 = (
  c: Customer,
  attributes: CustomerAttribute[],
): z.infer<typeof customerWithAttributesJsonV310Schema> => ({ ...customerJsonV310(c), ...attributesJson(attributes) });

/** CustomerJsonV300: dates of birth (and of dependants) as `yyyy-MM-dd`. */
export const customerJsonV300: (c: Customer) => z.infer<typeof customerJsonV300Schema> = customerJson(formatDay);

export const customerWithAttributesJsonV300 = (
  c: Customer,
  attributes: CustomerAttribute[],
): z.infer<typeof customerWithAttributesJsonV300Schema> => ({ ...customerJsonV300(c), ...attributesJson(attributes) });

/** CustomerJsonV210: no title, branch_id or name_suffix. */
export const customerJsonV210 = (c: Customer): z.infer<typeof customerJsonV210Schema> => customerCore(c, formatDateTime);

export const userCustomerLinkJson = (l: UserCustomerLink): z.infer<typeof userCustomerLinkJsonSchema> => ({
  user_customer_link_id: l.userCustomerLinkId,
  customer_id: l.customerId,
  user_id: l.userId,
  date_inserted: formatDateTime(l.dateInserted),
  is_active: l.isActive,
});

export const exampleCustomerV310 = {
  bank_id: 'gh.29.uk',
  customer_id: '7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh',
  customer_number: '5987953',
  legal_name: 'Eveline Tripman',
  mobile_phone_number: '+44 07972 444 876',
  email: 'felixsmith@example.com',
  face_image: { url: 'www.openbankproject', date: '1100-01-01T00:00:00Z' },
  date_of_birth: '1100-01-01T00:00:00Z',
  relationship_status: 'single',
  dependants: 1,
  dob_of_dependants: ['1100-01-01T00:00:00Z'],
  credit_rating: { rating: 'OBP', source: 'OBP' },
  credit_limit: { currency: 'EUR', amount: '0' },
  highest_education_attained: 'Master',
  employment_status: 'worker',
  kyc_status: false,
  last_ok_date: '2023-10-16T12:00:00Z',
  title: 'Dr.',
  branch_id: 'DERBY6',
  name_suffix: 'Sr',
};

export const exampleCustomerAttribute = {
  customer_attribute_id: '7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh',
  name: 'SPECIAL_TAX_NUMBER',
  type: 'STRING',
  value: '123456789',
};

export const exampleCustomerV300 = { ...exampleCustomerV310, date_of_birth: '1990-01-01', dob_of_dependants: ['2015-06-01'] };
