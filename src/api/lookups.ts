import type { Customer } from '../connector/types';
import { ObpError } from '../errors';
import type { RequestContext } from './endpoint';

/**
 * The customer CUSTOMER_ID of the URL's bank. A customer of another bank is not found, exactly like an unknown
 * id (policy P5a: bank isolation), so no endpoint can reach across banks.
 */
export async function customerAtBank<B>(ctx: RequestContext<B>, customerId = ctx.params.CUSTOMER_ID ?? ''): Promise<Customer> {
  const customer = await ctx.connector.getCustomerByCustomerId(customerId, ctx.cc);
  if (!customer || customer.bankId !== ctx.params.BANK_ID) {
    // OBP's text ends with a period and its detail starts with one: the double period is part of the contract.
    throw new ObpError('CustomerNotFoundByCustomerId', `. Current CustomerId(${customerId})`);
  }
  return customer;
}
