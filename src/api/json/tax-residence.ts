import { z } from 'zod';
import type { TaxResidence } from '../../connector/types';

export const taxResidenceJsonSchema = z.object({ domain: z.string(), tax_number: z.string(), tax_residence_id: z.string() });

/** TaxResidenceV310. */
export function taxResidenceJson(t: TaxResidence): z.infer<typeof taxResidenceJsonSchema> {
  return { domain: t.domain, tax_number: t.taxNumber, tax_residence_id: t.taxResidenceId };
}
