/** Entities for tests and the benchmark (no vitest import, so compiled scripts can use it too). */
import { randomUUID } from 'node:crypto';
import type { CallContext } from '../../src/connector/connector';
import type { Bank, CreditLimitRequestFields, CustomerAddressFields, NewCustomer } from '../../src/connector/types';

export const cc: CallContext = {
  correlationId: 'conformance',
  user: { userId: 'user-1', username: 'robert' },
  consumer: { consumerId: 'consumer-1', name: 'conformance app' },
  passThroughHeaders: { 'Pass-Through-Tenant': 'x' },
};

export function newBank(bankId = `bank.${randomUUID().slice(0, 8)}`): Bank {
  return {
    bankId,
    shortName: 'Short',
    fullName: 'Full Name Bank',
    logoUrl: 'https://example.com/logo.png',
    websiteUrl: 'https://example.com',
    swiftBic: 'EXAMPLEBIC',
    nationalIdentifier: 'NAT-1',
    bankRoutingScheme: 'OBP',
    bankRoutingAddress: bankId,
  };
}

export function newCustomer(overrides: Partial<NewCustomer> = {}): NewCustomer {
  return {
    legalName: 'Eveline Tripman',
    mobileNumber: '+44 07972 444 876',
    email: 'eveline@example.com',
    faceImage: { url: 'https://example.com/face.png', date: new Date('2019-01-02T03:04:05.678Z') },
    dateOfBirth: new Date('1985-06-15T00:00:00Z'),
    relationshipStatus: 'single',
    dependents: 2,
    dobOfDependents: [new Date('2010-01-01T00:00:00Z'), new Date('1100-01-01T00:00:00Z')],
    highestEducationAttained: 'Master',
    employmentStatus: 'worker',
    kycStatus: true,
    lastOkDate: new Date('2023-10-16T12:00:00Z'),
    creditRating: { rating: 'OBP', source: 'OBP' },
    creditLimit: { currency: 'EUR', amount: '1000.50' },
    title: 'Dr.',
    branchId: 'DERBY6',
    nameSuffix: 'Sr',
    ...overrides,
  };
}

export const address: CustomerAddressFields = {
  line1: '1 Main Street',
  line2: 'Flat 2',
  line3: '',
  city: 'Berlin',
  county: 'Mitte',
  state: 'BE',
  postcode: '10115',
  countryCode: 'DE',
  status: 'HOME',
  tags: ['home', 'billing, primary'],
};

export const creditLimitFields: CreditLimitRequestFields = {
  requestedCurrentRateAmount1: '4500',
  requestedCurrentRateAmount2: '3500',
  requestedCurrentValidEndDate: '2027-01-01T00:00:00Z',
  currentCreditDocumentation: 'salary statements',
  temporaryRequestedCurrentAmount: '1000',
  requestedTemporaryValidEndDate: '2026-06-01T00:00:00Z',
  temporaryCreditDocumentation: 'holiday',
};
