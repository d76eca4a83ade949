import type { Customer } from '../../connector/types';
import type { RequestContext } from '../endpoint';
import { customerAtBank } from '../lookups';

const resolved = new WeakMap<object, Customer>();

/** The check "CUSTOMER_ID is a customer of BANK_ID" (404 OBP-30046 otherwise), at its place in an endpoint's order. */
export async function customerCheck<B>(ctx: RequestContext<B>): Promise<void> {
  resolved.set(ctx, await customerAtBank(ctx));
}

/** The customer found by `customerCheck` for this request. */
export function pathCustomer<B>(ctx: RequestContext<B>): Customer {
  const customer = resolved.get(ctx);
  if (!customer) throw new Error('endpoint handler used the path customer without a customerCheck');
  return customer;
}
