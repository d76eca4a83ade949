import type { Knex } from 'knex';
import { readYourWrites } from '../../db/causal-reads';
import type { Connector } from '../connector';

/** The lookups of one row by its key that can follow a write made through another instance a moment before. */
const LOOKUPS = [
  'getBank',
  'getCustomerByCustomerId',
  'getCustomerByCustomerNumber',
  'getUserCustomerLink',
  'getCustomerAttributeById',
  'getCreditLimitRequestByRequestId',
  'getCustomerAtBank',
] as const satisfies readonly (keyof Connector)[];

/** A lookup's answer that may be a row not yet applied on this node. */
const isMiss = (v: unknown): boolean =>
  v === undefined || (typeof v === 'object' && v !== null && 'attributes' in v && (!('bank' in v && v.bank) || !('customer' in v && v.customer)));

type Lookup = (...args: unknown[]) => Promise<unknown>;

/**
 * The connector with each lookup read once more, causally, when it finds nothing on a Galera node (see
 * src/db/causal-reads.ts). `on(q)` builds the same connector over another Knex (the causal read's transaction).
 */
export function withReadYourWrites(db: Knex, connector: Connector, on: (q: Knex) => Connector): Connector {
  const wrapped: Connector = { ...connector };
  for (const name of LOOKUPS) {
    const plain = connector[name] as Lookup;
    (wrapped[name] as Lookup) = (...args) => readYourWrites(db, (q) => (q === db ? plain(...args) : (on(q)[name] as Lookup)(...args)), isMiss);
  }
  return wrapped;
}
