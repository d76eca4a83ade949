import type { TaxResidence } from '../../connector/types';

/** TaxResidenceV310. */
export function taxResidenceJson(t: TaxResidence) {
  return { domain: t.domain, tax_number: t.taxNumber, tax_residence_id: t.taxResidenceId };
}
