import type { Knex } from 'knex';
import { readYourWrites } from '../../db/causal-reads';
import type { Connector } from '../connector';

const absent = (v: unknown): boolean => v === undefined;

type Answer<K extends keyof Connector> = Connector[K] extends (...args: never[]) => Promise<infer T> ? T : never;

/**
 * The lookups of one row by its key that can follow a write made through another instance a moment before, each
 * with what a miss looks like (a row not yet applied on this node).
 */
const LOOKUPS: { readonly [K in keyof Connector]?: (value: Answer<K>) => boolean } = {
  getBank: absent,
  getCustomerByCustomerId: absent,
  getCustomerByCustomerNumber: absent,
  getUserCustomerLink: absent,
  getCustomerAttributeById: absent,
  getCreditLimitRequestByRequestId: absent,
  getCustomerAtBank: (read) => !read.bank || !read.customer,
};

type Lookup = (...args: unknown[]) => Promise<unknown>;

/**
 * The connector with each lookup read once more, causally, when it finds nothing on a Galera node (see
 * src/db/causal-reads.ts). `on(q)` builds the same connector over another Knex (the causal read's transaction).
 */
export function withReadYourWrites(db: Knex, connector: Connector, on: (q: Knex) => Connector): Connector {
  const wrapped: Connector = { ...connector };
  for (const [name, isMiss] of Object.entries(LOOKUPS) as [keyof Connector, (value: unknown) => boolean][]) {
    const plain = connector[name] as Lookup;
    (wrapped[name] as Lookup) = (...args) => readYourWrites(db, (q) => (q === db ? plain(...args) : (on(q)[name] as Lookup)(...args)), isMiss);
  }
  return wrapped;
}
