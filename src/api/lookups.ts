import type { User } from '../auth/users';
import type { Customer } from '../connector/types';
import { ObpError } from '../errors';
import type { RequestContext } from './endpoint';

/**
 * The customer CUSTOMER_ID of the URL's bank. A customer of another bank is not found, exactly like an unknown
 * id (policy P5a: bank isolation), so no endpoint can reach across banks.
 */
export async function customerAtBank<B>(ctx: RequestContext<B>, customerId = ctx.params.CUSTOMER_ID ?? ''): Promise<Customer> {
  const customer = await ctx.connector.getCustomerByCustomerId(customerId, ctx.cc);
  if (!customer || customer.bankId !== ctx.params.BANK_ID) customerNotFound(customerId);
  return customer;
}

/** 404 OBP-30046 for CUSTOMER_ID. */
export function customerNotFound(customerId: string): never {
  // OBP's text ends with a period and its detail starts with one: the double period is part of the contract.
  throw new ObpError('CustomerNotFoundByCustomerId', `. Current CustomerId(${customerId})`);
}

/** The user USER_ID names (in the path or a body): 404 OBP-20005 when there is none. */
export async function existingUser<B>(ctx: RequestContext<B>, userId: string): Promise<User> {
  const user = await ctx.services.users.byId(userId);
  if (!user) throw new ObpError('UserNotFoundById', ` Current USER_ID(${userId})`);
  return user;
}
