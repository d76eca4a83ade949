import { ObpError, type ErrorName } from '../errors';
import type { Customer } from '../connector/types';
import type { RequestContext } from './endpoint';

/** The strong ETag of a customer: its version, which every change to the customer or its satellites moves on. */
export function customerEtag(customer: Customer): string | undefined {
  return customer.version > 0 ? `"${customer.version}"` : undefined;
}

/**
 * If-Match on a write to the path's customer (RFC 9110 13.1.1, strong comparison): `*` or absent changes nothing;
 * otherwise the customer's current ETag must be listed, and the write then carries that version to the store,
 * which refuses it atomically if another write came first. A weak or unknown tag never matches: 412.
 */
export function requireIfMatch<B>(ctx: RequestContext<B>, customer: Customer): void {
  const header = ctx.headers['if-match'];
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value === undefined || value.trim() === '*') return;
  const current = customerEtag(customer);
  const listed = value.split(',').map((t) => t.trim());
  if (current === undefined || !listed.includes(current)) throw new ObpError('CustomerChangedSince');
  ctx.cc.expectedCustomerVersion = customer.version;
}

/** Connector refusals whose OBP code is one of this service's own errors, whatever the endpoint. */
export const OWN_CONNECTOR_CODES: Readonly<Record<string, ErrorName>> = {
  'OBP-30360': 'CustomerChangedSince',
  'OBP-10064': 'IdempotencyKeyInFlight',
};
