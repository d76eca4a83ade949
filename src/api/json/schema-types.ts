/**
 * Building blocks of the response schemas (one per JSON shape, beside its mapper in src/api/json). They document
 * the responses in the OpenAPI document and type the mappers, so a mapper that drifts from its schema does not
 * compile; test/response-schemas.test.ts checks every endpoint's example against its schema.
 */
import { z } from 'zod';

/** OBP's full timestamp, `yyyy-MM-ddTHH:mm:ssZ` (formatDateTime); null when the store has no date. */
export const dateTimeOrNull = z.iso.datetime().nullable();

/** OBP's day, `yyyy-MM-dd` (formatDay); `""` when the store has no date. */
export const dayOrEmpty = z.union([z.iso.date(), z.literal('')]);

/** A string OBP renders as null when it is empty. */
export const stringOrNull = z.string().nullable();
