import type { Knex } from 'knex';
import { addressMethods } from './addresses';
import { creditLimitRequestMethods } from './credit-limit-requests';
import { crmEventMethods } from './crm-events';
import { socialMediaMethods } from './social-media';
import { taxResidenceMethods } from './tax-residences';

/** The customer satellites: addresses, tax residences, social media handles, CRM events, credit limit requests. */
export function satelliteMethods(db: Knex) {
  return {
    ...addressMethods(db),
    ...taxResidenceMethods(db),
    ...socialMediaMethods(db),
    ...crmEventMethods(db),
    ...creditLimitRequestMethods(db),
  };
}
