import type { RoleName } from '../../src/auth/roles';
import type { Customer, NewCustomer } from '../../src/connector/types';
import type { TestService } from './service';
import { uniqueId, type Auth } from './client';

export const STRONG_PASSWORD = 'Str0ng-Passw0rd!';

export interface TestUser {
  userId: string;
  username: string;
  auth: { token: string };
}

/** A consumer (app) registered in the store, as an operator would with the admin CLI. */
export async function createConsumer(s: TestService) {
  return s.services.consumers.create(uniqueId('app-'));
}

/** A user with STRONG_PASSWORD created in the store, as an operator would with the admin CLI. */
export function createUserDirect(s: TestService, username = uniqueId('user.'), validated = true) {
  return s.services.users.create({
    username,
    password: STRONG_PASSWORD,
    email: `${username}@example.com`,
    firstName: 'Test',
    lastName: 'User',
    provider: 'test',
    validated,
  });
}

/** A validated user, logged in through the real DirectLogin endpoint, holding the given roles. */
export async function loggedInUser(
  s: TestService,
  grants: { role: RoleName; bankId?: string }[] = [],
): Promise<TestUser> {
  const user = await createUserDirect(s);
  for (const g of grants) await s.services.entitlements.grant(user.userId, g.role, g.bankId ?? '');
  return logIn(s, user.userId, user.username);
}

/** A validated user with STRONG_PASSWORD, created in the store as an operator would with the admin CLI. */
export function validatedUser(s: TestService, prefix = 'user.') {
  return createUserDirect(s, uniqueId(prefix));
}

/** Logs the user in through the real DirectLogin endpoint, with a new consumer. */
export async function logIn(s: TestService, userId: string, username: string): Promise<TestUser> {
  const consumer = await createConsumer(s);
  const res = await s.api.request('POST', '/my/logins/direct', {
    headers: { DirectLogin: `username=${username}, password=${STRONG_PASSWORD}, consumer_key=${consumer.key}` },
  });
  if (res.status !== 201) throw new Error(`login failed: ${res.text}`);
  return { userId, username, auth: { token: res.body.token } };
}

/**
 * A logged-in user whose id is `userId`, for services started with that id in SUPER_ADMIN_USER_IDS: the new user
 * is given the id before anything refers to it.
 */
export async function loggedInSuperAdmin(s: TestService, userId: string): Promise<TestUser> {
  const user = await validatedUser(s, 'super.');
  await s.db('users').where({ user_id: user.userId }).update({ user_id: userId });
  return logIn(s, userId, user.username);
}

/** A bank created through POST /banks by a user holding CanCreateBank. */
export async function createBank(s: TestService, bankId = uniqueId('bank.')): Promise<string> {
  const admin = await loggedInUser(s, [{ role: 'CanCreateBank' }]);
  const res = await s.api.post('/banks', bankBody(bankId), admin.auth);
  if (res.status !== 201) throw new Error(`create bank failed: ${res.text}`);
  return bankId;
}

export function bankBody(id: string) {
  return {
    id,
    full_name: 'Test Bank',
    short_name: 'TB',
    logo_url: 'https://example.com/logo.png',
    website_url: 'https://example.com',
    swift_bic: 'TESTGB22',
    national_identifier: 'UK123',
    bank_routing: { scheme: 'OBP', address: id },
  };
}

export type { Auth };

/** A customer created through the connector (the HTTP create endpoint has its own tests). */
export async function createCustomerDirect(s: TestService, bankId: string, overrides: Partial<NewCustomer> = {}): Promise<Customer> {
  return s.services.connector.createCustomer(bankId, { ...exampleNewCustomer(), ...overrides }, { correlationId: 'test' });
}

export function exampleNewCustomer(): NewCustomer {
  return {
    legalName: 'Eveline Tripman',
    mobileNumber: '+44 07972 444 876',
    email: 'felixsmith@example.com',
    faceImage: { url: 'www.openbankproject', date: new Date('1100-01-01T00:00:00Z') },
    dateOfBirth: new Date('1990-01-01T00:00:00Z'),
    relationshipStatus: 'single',
    dependents: 1,
    dobOfDependents: [new Date('2015-06-01T00:00:00Z')],
    highestEducationAttained: 'Master',
    employmentStatus: 'worker',
    kycStatus: false,
    lastOkDate: new Date('2023-10-16T12:00:00Z'),
    creditRating: { rating: 'OBP', source: 'OBP' },
    creditLimit: { currency: 'EUR', amount: '0' },
    title: 'Dr.',
    branchId: 'DERBY6',
    nameSuffix: 'Sr',
  };
}
