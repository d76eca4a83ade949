/** The reference adapter's settings, from environment variables (a bad value names the variable). */
import { z } from 'zod';

const schema = z.object({
  ADAPTER_HOST: z.string().min(1).default('127.0.0.1'),
  ADAPTER_PORT: z
    .string()
    .default('50051')
    .refine((v) => /^\d+$/.test(v) && Number(v) <= 65535, { message: 'must be a whole number from 0 to 65535' })
    .transform(Number),
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/adapter.sqlite')
    .refine((v) => v.startsWith('sqlite:') || /^mysql:\/\/[^/]+\/[^/?]+/.test(v), {
      message: 'must be sqlite:PATH, sqlite::memory: or mysql://user:pass@host:port/db',
    }),
});

export type AdapterEnv = z.infer<typeof schema>;

export class AdapterConfigError extends Error {}

export function loadAdapterEnv(env: Record<string, string | undefined> = process.env): AdapterEnv {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AdapterConfigError(`Invalid adapter configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
