import { expect } from 'vitest';
import type { RoleName } from '../../src/auth/roles';
import type { Customer } from '../../src/connector/types';
import type { ApiResponse } from './client';
import { createBank, createCustomerDirect, loggedInUser, type TestUser } from './fixtures';
import type { TestService } from './service';

/** A bank with a customer, and a user holding the given roles at that bank. */
export async function bankWithCustomer(s: TestService, roles: RoleName[]) {
  const bankId = await createBank(s);
  const customer = await createCustomerDirect(s, bankId);
  const user = await loggedInUser(s, roles.map((role) => ({ role, bankId })));
  return { bankId, customer, user, base: `/banks/${bankId}/customers/${customer.customerId}` };
}

export interface World {
  bankId: string;
  customer: Customer;
  user: TestUser;
  base: string;
}

export function expectError(res: ApiResponse, status: number, message: string) {
  expect({ status: res.status, body: res.body }).toEqual({ status, body: { code: status, message } });
}

export const messages = {
  notLoggedIn: 'OBP-20001: User not logged in. Authentication is required!',
  bankNotFound: (bankId: string) => `OBP-30001: Bank not found. Please specify a valid value for BANK_ID. Current BankId is ${bankId}`,
  missingRole: (role: RoleName, bankId: string) => `OBP-20006: User is missing one or more roles: ${role} at Bank(${bankId})`,
  badJson: (typeName: string) => `OBP-10001: Incorrect json format. The Json body should be the ${typeName} `,
  customerNotFound: (customerId: string) =>
    `OBP-30046: Customer not found. Please specify a valid value for CUSTOMER_ID.. Current CustomerId(${customerId})`,
  addressNotFound: "OBP-30310: Customer's Address not found by CUSTOMER_ADDRESS_ID. ",
  taxResidenceNotFound: 'OBP-30300: Tax Residence not found by TAX_RESIDENCE_ID. ',
};
