import type { Knex } from 'knex';
import type { Connector } from '../connector';
import type { Page, TextMatch } from '../types';
import { pageOfCustomers } from './customers';

/** The customer columns a search may match, each the second column of an index (bank_id, column, customer_id). */
export type SearchColumn = 'mobile_number' | 'legal_name';

/**
 * The smallest string above every string that starts with `prefix`, in code point order (how SQLite's BINARY and
 * MySQL's binary collations compare): the prefix with its last code point incremented, skipping the surrogate
 * range; undefined when there is none (a prefix of U+10FFFF only, or the empty prefix).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (points.length > 0) {
    let last = points.pop()! + 1;
    if (last >= 0xd800 && last <= 0xdfff) last = 0xe000;
    if (last <= 0x10ffff) return String.fromCodePoint(...points, last);
  }
  return undefined;
}

/**
 * The bank's customers whose `column` matches, as a range of the (bank_id, column, customer_id) index: equality,
 * or [prefix, its upper bound) for a prefix. Never a LIKE: SQLite's LIKE ignores ASCII letter case and cannot use
 * an index of binary collation, and a range means the same on both databases.
 */
export function customersMatching(db: Knex, bankId: string, column: SearchColumn, match: TextMatch): Knex.QueryBuilder {
  const q = db('customers as c').where('c.bank_id', bankId);
  if (!match.prefix) return q.andWhere(`c.${column}`, match.value);
  q.andWhere(`c.${column}`, '>=', match.value);
  const upper = prefixUpperBound(match.value);
  return upper === undefined ? q : q.andWhere(`c.${column}`, '<', upper);
}

export type SearchMethods = Pick<Connector, 'getCustomersByCustomerPhoneNumber' | 'getCustomersByCustomerLegalName'>;

export function searchMethods(db: Knex): SearchMethods {
  const search = (bankId: string, column: SearchColumn, match: TextMatch, page: Page) => {
    // Equal values need no ordering by the value: MariaDB sorts (filesort) when asked to, instead of reading the
    // index in its order.
    const columns = match.prefix ? [column, 'customer_id'] : ['customer_id'];
    return pageOfCustomers(db, customersMatching(db, bankId, column, match), { columns, direction: 'asc' }, page);
  };
  return {
    getCustomersByCustomerPhoneNumber: (bankId, phoneNumber, page) => search(bankId, 'mobile_number', phoneNumber, page),
    getCustomersByCustomerLegalName: (bankId, legalName, page) => search(bankId, 'legal_name', legalName, page),
  };
}
