import type { Knex } from 'knex';
import type { GovernanceOptions } from './history';
import { addressMethods } from './addresses';
import { creditLimitRequestMethods } from './credit-limit-requests';
import { crmEventMethods } from './crm-events';
import { socialMediaMethods } from './social-media';
import { taxResidenceMethods } from './tax-residences';

/** The customer satellites: addresses, tax residences, social media handles, CRM events, credit limit requests. */
export function satelliteMethods(db: Knex, governance: GovernanceOptions = {}) {
  return {
    ...addressMethods(db, governance),
    ...taxResidenceMethods(db, governance),
    ...socialMediaMethods(db, governance),
    ...crmEventMethods(db),
    ...creditLimitRequestMethods(db, governance),
  };
}
