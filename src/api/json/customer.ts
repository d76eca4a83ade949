import type { Customer, CustomerAttribute, UserCustomerLink } from '../../connector/types';
import { formatDateTime, formatDay } from './dates';

/** Fields every customer shape shares, in OBP's order, up to and including last_ok_date. */
function customerCore(c: Customer, day: boolean) {
  return {
    bank_id: c.bankId,
    customer_id: c.customerId,
    customer_number: c.number,
    legal_name: c.legalName,
    mobile_phone_number: c.mobileNumber,
    email: c.email,
    face_image: { url: c.faceImage.url, date: formatDateTime(c.faceImage.date) },
    date_of_birth: day ? formatDay(c.dateOfBirth) : formatDateTime(c.dateOfBirth),
    relationship_status: c.relationshipStatus,
    dependants: c.dependents,
    dob_of_dependants: c.dobOfDependents.map((d) => (day ? formatDay(d) : formatDateTime(d))),
    credit_rating: { rating: c.creditRating.rating, source: c.creditRating.source },
    credit_limit: { currency: c.creditLimit.currency, amount: c.creditLimit.amount },
    highest_education_attained: c.highestEducationAttained,
    employment_status: c.employmentStatus,
    kyc_status: c.kycStatus,
    last_ok_date: formatDateTime(c.lastOkDate),
  };
}

const trailer = (c: Customer) => ({ title: c.title, branch_id: c.branchId, name_suffix: c.nameSuffix });

export const customerAttributeJson = (a: CustomerAttribute) => ({
  customer_attribute_id: a.customerAttributeId,
  name: a.name,
  type: a.attributeType,
  value: a.value,
});

/** CustomerJsonV310: create and update responses; dates of birth as full timestamps. */
export const customerJsonV310 = (c: Customer) => ({ ...customerCore(c, false), ...trailer(c) });

export const customerWithAttributesJsonV310 = (c: Customer, attributes: CustomerAttribute[]) => ({
  ...customerJsonV310(c),
  customer_attributes: attributes.map(customerAttributeJson),
});

/** CustomerJsonV300: dates of birth (and of dependants) as `yyyy-MM-dd`. */
export const customerJsonV300 = (c: Customer) => ({ ...customerCore(c, true), ...trailer(c) });

export const customerWithAttributesJsonV300 = (c: Customer, attributes: CustomerAttribute[]) => ({
  ...customerJsonV300(c),
  customer_attributes: attributes.map(customerAttributeJson),
});

/** CustomerJsonV210: no title, branch_id or name_suffix. */
export const customerJsonV210 = (c: Customer) => customerCore(c, false);

export const userCustomerLinkJson = (l: UserCustomerLink) => ({
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
