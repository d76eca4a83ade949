/**
 * zod pieces for environment variables, shared by the service, the gRPC connector and the adapter settings.
 * `x-values` says in words what a variable accepts, for the generated configuration docs (src/env-docs.ts).
 */
import { z } from 'zod';

export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .meta({ 'x-values': '`true` or `false`' });

const inRange = (min: number, max: number) => [
  (v: string) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max,
  { message: `must be a whole number from ${min} to ${max}` },
] as const;

export const envInteger = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .refine(...inRange(min, max))
    .transform(Number)
    .meta({ 'x-values': `${min} to ${max}` });

/** A whole number that may be left unset (undefined). */
export const envOptionalInteger = (min: number, max: number) =>
  z
    .string()
    .refine(...inRange(min, max))
    .transform(Number)
    .optional()
    .meta({ 'x-values': `${min} to ${max}` });

export const envDatabaseUrl = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => v.startsWith('sqlite:') || /^mysql:\/\/[^/]+\/[^/?]+/.test(v), {
      message: 'must be sqlite:PATH, sqlite::memory: or mysql://user:pass@host:port/db',
    });

/**
 * Validates the variables a schema names; empty values count as unset. A failure becomes the error `fail` makes
 * from one line per bad variable (`NAME: reason`), so that operators see every mistake at once.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
  fail: (message: string) => Error,
): z.output<S> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) throw fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  '));
  return parsed.data;
}

/** A comma-separated list; blanks around items and empty items are dropped. `fallback` is the list when unset. */
export const envList = (fallback = '') =>
  z
    .string()
    .default(fallback)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
