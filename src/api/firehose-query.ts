import type { CustomerQuery, SortDirection } from '../connector/types';
import { ObpError, type ErrorName } from '../errors';

const PAGING_PARAMS = new Set(['limit', 'offset', 'sort_direction', 'from_date', 'to_date']);
const DEFAULT_LIMIT = 50;

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

function badFilter(cause: ErrorName): ObpError {
  return ObpError.chained('FilterParametersIncorrect', cause, '', 400);
}

/**
 * Reads the firehose query in OBP's validation order (sort_direction, from_date, to_date, limit, offset; the first
 * failure wins). Every other parameter is a customer-attribute filter: name → accepted values.
 */
export function parseFirehoseQuery(query: [string, string][]): CustomerQuery {
  const first = (name: string) => query.find(([k]) => k === name)?.[1];

  let sortDirection: SortDirection = 'DESC';
  const sort = first('sort_direction');
  if (sort !== undefined) {
    const upper = sort.toUpperCase();
    if (upper !== 'ASC' && upper !== 'DESC') throw badFilter('InvalidSortDirection');
    sortDirection = upper;
  }

  // OBP defaults the bounds to 1970 and year 4000; leaving them open selects the same customers.
  const date = (name: string) => {
    const raw = first(name);
    if (raw === undefined) return undefined;
    const d = parseFilterDate(raw);
    if (!d) throw badFilter('InvalidDateFormat');
    return d;
  };
  const fromDate = date('from_date');
  const toDate = date('to_date');

  const integer = (name: string, fallback: number, min: number, error: ErrorName) => {
    const raw = first(name);
    if (raw === undefined) return fallback;
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)) || Number(raw) < min) throw badFilter(error);
    return Number(raw);
  };
  const limit = integer('limit', DEFAULT_LIMIT, 1, 'InvalidLimit');
  const offset = integer('offset', 0, 0, 'InvalidOffset');

  const attributeFilters: Record<string, string[]> = {};
  for (const [name, value] of query) {
    if (PAGING_PARAMS.has(name)) continue;
    (attributeFilters[name] ??= []).push(value);
  }
  return { limit, offset, sortDirection, attributeFilters, ...(fromDate && { fromDate }), ...(toDate && { toDate }) };
}
