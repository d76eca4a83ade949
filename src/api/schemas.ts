import { z } from 'zod';
import { parseRequestDate } from './json/dates';

/**
 * Request field types with OBP's leniency (policy P5h): a JSON number or boolean sent for a string field is
 * accepted as its text. `max` bounds the length to what the store keeps, so over-long input is a 400, not a 500.
 */
export const obpString = (max = 255) =>
  z
    .union([z.string(), z.number(), z.boolean()])
    .transform((v) => String(v))
    .pipe(z.string().max(max));

/** A date in OBP's request format (policy P5g). */
export const obpDate = z
  .string()
  .meta({ format: 'date-time' })
  .transform((s, ctx) => {
    const d = parseRequestDate(s);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: "expected yyyy-MM-dd'T'HH:mm:ss'Z'" });
      return z.NEVER;
    }
    return d;
  });

/**
 * A list in a request body. OBP sets no maximum; here every list has one, because each is stored in one column
 * and an unbounded list is a way to exhaust memory and storage.
 */
export const obpList = <T extends z.ZodType>(item: T, max = 100) => z.array(item).max(max);

/** A JSON integer that fits OBP's Int (32-bit). */
export const obpInt = z.number().int().min(-2147483648).max(2147483647);
