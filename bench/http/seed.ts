/**
 * The data of `npm run bench:http`: one bank with CUSTOMERS customers (an attribute on every tenth), a user with
 * the roles the benchmarked endpoints need, linked to the first 100 customers, and addresses, tax residences and
 * social media handles on the first 20. Customers go in by bench/bulk-customers.ts; the user, consumer and grants through the service's own stores.
 */
import type { Knex } from 'knex';
import { createAuthServices } from '../../src/auth/auth-services';
import { loadConfig } from '../../src/config';
import { createMappedConnector } from '../../src/connector/mapped';
import { STRONG_PASSWORD } from '../../test/support/fixtures';
import { insertCustomers } from '../bulk-customers';

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
  const now = Date.now();
  const ids = await insertCustomers(db, BANK_ID, customers, (i) => `+44 7700 ${String(i).padStart(6, '0')}`);

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
