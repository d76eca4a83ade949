/**
 * The data of `npm run bench:http`: one bank with CUSTOMERS customers (an attribute on every tenth), a user with
 * the roles the benchmarked endpoints need, linked to the first 100 customers, and addresses, tax residences and
 * social media handles on the first 20. Rows go in as multi-row INSERTs (the fastest path on both databases); the user, consumer and grants through the service's own stores.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createAuthServices } from '../../src/auth/auth-services';
import { loadConfig } from '../../src/config';
import { isMysql } from '../../src/db/knex';
import { createMappedConnector } from '../../src/connector/mapped';
import { STRONG_PASSWORD } from '../../test/support/fixtures';

export const BANK_ID = 'bench.bank';
export const USERNAME = 'bench.user';
export { STRONG_PASSWORD };

const ROLES: [string, string][] = [
  ['CanUseCustomerFirehoseAtAnyBank', ''],
  ['CanGetCustomer', BANK_ID],
  ['CanGetCustomersAtOneBank', BANK_ID],
  ['CanGetCustomerAddress', BANK_ID],
  ['CanGetTaxResidence', BANK_ID],
  ['CanGetSocialMediaHandles', BANK_ID],
  ['CanGetCustomerAttributesAtOneBank', BANK_ID],
  ['CanGetCrmEvents', BANK_ID],
];

export interface Seeded {
  ids: string[];
  consumerKey: string;
  /** Customers linked to the user, with addresses, tax residences and handles. */
  detailed: string[];
}

export async function seed(db: Knex, databaseUrl: string, customers: number): Promise<Seeded> {
  const cc = { correlationId: 'bench' };
  const connector = createMappedConnector(db);
  await connector.createOrUpdateBank(
    {
      bankId: BANK_ID,
      shortName: 'Bench',
      fullName: 'Bench Bank',
      logoUrl: '',
      websiteUrl: '',
      swiftBic: '',
      nationalIdentifier: '',
      bankRoutingScheme: 'OBP',
      bankRoutingAddress: BANK_ID,
    },
    cc,
  );
  const ids: string[] = [];
  const now = Date.now();
  for (let start = 0; start < customers; start += 1000) {
    const rows = [];
    const attributes = [];
    for (let i = start; i < Math.min(customers, start + 1000); i++) {
      const id = randomUUID();
      ids.push(id);
      rows.push({
        customer_id: id,
        bank_id: BANK_ID,
        customer_number: String(i),
        legal_name: `Customer ${i}`,
        mobile_number: `+44 7700 ${String(i).padStart(6, '0')}`,
        email: `c${i}@example.com`,
        face_image_url: '',
        face_image_date: null,
        date_of_birth: Date.UTC(1980, 0, 1),
        relationship_status: 'single',
        dependants: 0,
        dob_of_dependants: '[]',
        highest_education_attained: '',
        employment_status: '',
        credit_rating: '',
        credit_source: '',
        credit_limit_currency: 'EUR',
        credit_limit_amount: '0',
        kyc_status: true,
        last_ok_date: now - i * 60_000,
        title: '',
        branch_id: '',
        name_suffix: '',
        created_at: now,
        updated_at: now - i * 1000,
      });
      if (i % 10 === 0) {
        attributes.push({
          customer_attribute_id: randomUUID(),
          bank_id: BANK_ID,
          customer_id: id,
          name: 'SEGMENT',
          attribute_type: 'STRING',
          value: i % 20 === 0 ? 'premium' : 'retail',
          created_at: now,
        });
      }
    }
    // SQLite compiles a multi-row insert into a compound SELECT, at most 500 terms.
    const chunk = isMysql(db) ? 1000 : 250;
    await db.batchInsert('customers', rows, chunk);
    await db.batchInsert('customer_attributes', attributes, chunk);
  }

  const settings = { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' };
  const auth = createAuthServices(loadConfig(settings), db);
  try {
    const consumer = await auth.consumers.create('bench');
    const user = await auth.users.create({
      username: USERNAME,
      password: STRONG_PASSWORD,
      email: 'bench@example.com',
      firstName: 'Bench',
      lastName: 'User',
      provider: 'bench',
      validated: true,
    });
    for (const [role, bank] of ROLES) await auth.entitlements.grant(user.userId, role, bank);
    const linked = ids.slice(0, 100);
    for (const id of linked) await connector.createUserCustomerLink(user.userId, id, cc);
    const detailed = ids.slice(0, 20);
    for (const id of detailed) {
      await connector.createCustomerAddress(
        id,
        { line1: '1 High Street', line2: '', line3: '', city: 'London', county: '', state: '', postcode: 'N1 1AA', countryCode: 'GB', status: 'home', tags: ['home'] },
        cc,
      );
      await connector.createTaxResidence(id, 'GB', '1234567890', cc);
      await connector.addSocialMediaHandle(id, { type: 'x', handle: '@bench', dateAdded: new Date(now), dateActivated: new Date(now) }, cc);
    }
    return { ids, consumerKey: consumer.key, detailed };
  } finally {
    await auth.close();
  }
}
