import { z } from 'zod';
import type { Page } from '../connector/types';
import type { QueryParameter } from './endpoint';
import { ObpError, type ErrorName } from '../errors';

/** OBP's default page size (Constant.Pagination.limit). */
export const DEFAULT_LIMIT = 50;
/** The largest page any list endpoint serves: OBP sets none for these lists, and an unbounded page is a DoS. */
export const MAX_LIMIT = 500;
/** OBP reads limit and offset as a Scala Int; larger values are refused as OBP does. */
const MAX_INT = 2147483647;

/** A failed query parameter, chained under OBP-10016 as OBP's createQueriesByHttpParams does. */
export function badFilter(cause: ErrorName, detail = ''): ObpError {
  return ObpError.chained('FilterParametersIncorrect', cause, detail, 400);
}

/** The first value of a query parameter, or undefined. */
export function queryValue(query: readonly [string, string][], name: string): string | undefined {
  return query.find(([k]) => k === name)?.[1];
}

function integer(query: readonly [string, string][], name: string, fallback: number, min: number, error: ErrorName): number {
  const raw = queryValue(query, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d{1,12}$/.test(raw) || Number(raw) < min || Number(raw) > MAX_INT) throw badFilter(error);
  return Number(raw);
}

/**
 * `limit` (1…MAX_LIMIT, default 50) and `offset` (≥ 0, default 0), validated in OBP's order (limit, then
 * offset). A limit above the maximum is 400 OBP-10012 with the maximum, chained under OBP-10016.
 */
export function parsePaging(query: readonly [string, string][]): Page {
  const limit = integer(query, 'limit', DEFAULT_LIMIT, 1, 'InvalidLimit');
  if (limit > MAX_LIMIT) throw badFilter('MaximumNumberExceeded', ` ${MAX_LIMIT}. Current limit is ${limit}.`);
  const offset = integer(query, 'offset', 0, 0, 'InvalidOffset');
  return { limit, offset };
}

/** `limit` and `offset` as the resource docs and the OpenAPI document describe them. */
export function pagingQueryParameters(items: string): QueryParameter[] {
  return [
    {
      name: 'limit',
      description: `Page size (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}).`,
      schema: z.int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
    },
    { name: 'offset', description: `${items} to skip (default 0).`, schema: z.int().min(0).default(0) },
  ];
}
