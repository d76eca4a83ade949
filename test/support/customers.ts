import { randomUUID } from 'node:crypto';
import type { TestService } from './service';

/** A PostCustomerJsonV310 body as in OBP's docs. */
export function postCustomerBody(overrides: Record<string, unknown> = {}) {
  return {
    legal_name: 'Eveline Tripman',
    mobile_phone_number: '+44 07972 444 876',
    email: 'felixsmith@example.com',
    face_image: { url: 'www.openbankproject', date: '1100-01-01T00:00:00Z' },
    date_of_birth: '1990-01-01T00:00:00Z',
    relationship_status: 'single',
    dependants: 1,
    dob_of_dependants: ['2015-06-01T00:00:00Z'],
    credit_rating: { rating: 'OBP', source: 'OBP' },
    credit_limit: { currency: 'EUR', amount: '0' },
    highest_education_attained: 'Master',
    employment_status: 'worker',
    kyc_status: false,
    last_ok_date: '2023-10-16T12:00:00Z',
    title: 'Dr.',
    branch_id: 'DERBY6',
    name_suffix: 'Sr',
    ...overrides,
  };
}

/**
 * Stores a customer attribute. Attributes have no HTTP endpoint in v3.1.0: operators load them with the admin
 * import, which writes the same table.
 */
export async function addAttribute(s: TestService, bankId: string, customerId: string, name: string, value: string) {
  await s.connectorDb('customer_attributes').insert({
    customer_attribute_id: randomUUID(),
    bank_id: bankId,
    customer_id: customerId,
    name,
    attribute_type: 'STRING',
    value,
    created_at: Date.now(),
  });
}
