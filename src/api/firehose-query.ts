import { z } from 'zod';
import type { CustomerQuery, SortDirection } from '../connector/types';
import type { QueryParameter } from './endpoint';
import { badFilter, pagingQueryParameters, parsePaging, queryValue } from './paging';

const filterDate = z.string().meta({ format: 'date-time', examples: ['2020-01-31T00:00:00.000Z'] });
const dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z' (or with a zone such as +0000), compared with the time the customer was last changed";

/** What the firehose reads from the query, for its resource doc and the OpenAPI document. */
export const firehoseQueryParameters: QueryParameter[] = [
  ...pagingQueryParameters('Customers'),
  { name: 'from_date', description: `Only customers changed at or after this instant: ${dateFormat}.`, schema: filterDate },
  { name: 'to_date', description: `Only customers changed at or before this instant: ${dateFormat}.`, schema: filterDate },
  {
    name: 'sort_direction',
    description: 'Order by last_ok_date (then customer id): DESC (default) or ASC, in any letter case.',
    schema: z.enum(['DESC', 'ASC']).default('DESC'),
  },
  {
    name: 'attribute_filters',
    freeForm: true,
    description:
      'Any other parameter filters on customer attributes, before paging: `SPECIAL_TAX_NUMBER=123` keeps customers ' +
      'with that attribute value; a name given several times matches any of its values, and a customer matching any ' +
      'of several names is kept.',
    schema: z.record(z.string(), z.string()),
  },
];

const PAGING_PARAMS = new Set(firehoseQueryParameters.filter((p) => !p.freeForm).map((p) => p.name));
/**
 * The most attribute-filter parameters (name=value pairs) one request may carry. Each becomes a condition of one
 * query; SQLite refuses expressions deeper than 1000, and no client needs more than a few.
 */
export const MAX_ATTRIBUTE_FILTERS = 50;

const FILTER_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})(Z|[+-]\d{4})$/;

/** `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`, or the same with a numeric zone such as `+0000`. */
export function parseFilterDate(s: string): Date | undefined {
  const m = FILTER_DATE.exec(s);
  if (!m) return undefined;
  const zone = m[8] === 'Z' ? 'Z' : `${m[8]!.slice(0, 3)}:${m[8]!.slice(3)}`;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}${zone}`);
  if (Number.isNaN(d.getTime())) return undefined;
  // Reject dates the parser would roll over, such as February 30th.
  const check = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return check.getUTCDate() === Number(m[3]) ? d : undefined;
}

/**
 * Reads the firehose query in OBP's validation order (sort_direction, from_date, to_date, limit, offset; the first
 * failure wins). Every other parameter is a customer-attribute filter: name → accepted values.
 */
export function parseFirehoseQuery(query: [string, string][]): CustomerQuery {
  let sortDirection: SortDirection = 'DESC';
  const sort = queryValue(query, 'sort_direction');
  if (sort !== undefined) {
    const upper = sort.toUpperCase();
    if (upper !== 'ASC' && upper !== 'DESC') throw badFilter('InvalidSortDirection');
    sortDirection = upper;
  }

  // OBP defaults the bounds to 1970 and year 4000; leaving them open selects the same customers.
  const date = (name: string) => {
    const raw = queryValue(query, name);
    if (raw === undefined) return undefined;
    const d = parseFilterDate(raw);
    if (!d) throw badFilter('InvalidDateFormat');
    return d;
  };
  const fromDate = date('from_date');
  const toDate = date('to_date');
  const { limit, offset } = parsePaging(query);

  const filters = query.filter(([name]) => !PAGING_PARAMS.has(name));
  if (filters.length > MAX_ATTRIBUTE_FILTERS) {
    throw badFilter('MaximumNumberExceeded', ` ${MAX_ATTRIBUTE_FILTERS}. Current number of attribute filters is ${filters.length}.`);
  }
  // Parameter names are client data: without a prototype, `__proto__` or `toString` are names like any other.
  const attributeFilters: Record<string, string[]> = Object.create(null);
  for (const [name, value] of filters) (attributeFilters[name] ??= []).push(value);
  return { limit, offset, sortDirection, attributeFilters, ...(fromDate && { fromDate }), ...(toDate && { toDate }) };
}
