/**
 * Customer search as later OBP versions serve it: by mobile phone number (v4.0.0) and by legal name (v5.1.0), each
 * within one bank, from an index (see src/api/like-pattern.ts for the patterns served).
 */
import { z } from 'zod';
import type { Customer, Page, TextMatch } from '../../connector/types';
import { ObpError, type ErrorName } from '../../errors';
import { refusedAs } from '../connector-calls';
import { endpoint, requireBank, type RequestContext } from '../endpoint';
import { customerJsonV300, customerJsonV300Schema, exampleCustomerV300 } from '../json/customer';
import { PATTERNS_SERVED, textMatchOf } from '../like-pattern';
import { pagingQueryParameters, parsePaging } from '../paging';
import { obpString } from '../schemas';

const customersJsonSchema = z.object({ customers: z.array(customerJsonV300Schema) });

const searchDescription =
  `The value is OBP's SQL LIKE pattern; served: ${PATTERNS_SERVED} Matching is exact (letter case and spaces ` +
  'count). Results are ordered by the matched value, then customer id, and paged with `limit` and `offset`.';

/**
 * Runs a search: the body's pattern (refused with 400 OBP-10035 when no index serves it), then the page asked for,
 * then the connector. Answers OBP's CustomerJSONsV300 (no attributes).
 */
async function search<B>(
  ctx: RequestContext<B>,
  field: string,
  pattern: string,
  find: (bankId: string, match: TextMatch, page: Page) => Promise<Customer[]>,
) {
  const match = textMatchOf(pattern);
  if (!match) throw new ObpError('IncorrectJsonValue', ` ${field}: ${JSON.stringify(pattern)} is not searchable. Searchable: ${PATTERNS_SERVED}`);
  const page = parsePaging(ctx.query);
  const customers = await refusedAs(find(requireBank(ctx).bankId, match, page), 'ConnectorEmptyResponse');
  return { customers: customers.map(customerJsonV300) };
}

/** What both searches share: OBP's tags, the checks in OBP's order, paging, the answer and the errors. */
const searchDeclaration = {
  tags: ['Customer', 'KYC'],
  query: pagingQueryParameters('Customers'),
  checks: ['auth', 'bank', 'roles', 'body'] as ('auth' | 'bank' | 'roles' | 'body')[],
  responseSchema: customersJsonSchema,
  exampleResponse: { customers: [exampleCustomerV300] },
  errors: [
    'UserNotLoggedIn',
    'BankNotFound',
    'UserHasMissingRoles',
    'InvalidJsonFormat',
    'IncorrectJsonValue',
    'FilterParametersIncorrect',
    'ConnectorEmptyResponse',
  ] as ErrorName[],
};

export const getCustomersByCustomerPhoneNumber = endpoint({
  ...searchDeclaration,
  name: 'getCustomersByCustomerPhoneNumber',
  implementedIn: 'v4.0.0',
  method: 'POST',
  path: '/banks/BANK_ID/search/customers/mobile-phone-number',
  summary: 'Get Customers by MOBILE_PHONE_NUMBER',
  description: `Lists the bank's customers whose mobile phone number matches \`mobile_phone_number\`. ${searchDescription}`,
  roles: ['CanGetCustomer'],
  body: {
    schema: z.object({ mobile_phone_number: obpString(255) }),
    typeName: 'PostCustomerPhoneNumberJsonV400',
    example: { mobile_phone_number: '+44 07972 444 876' },
  },
  // OBP answers this search with 201.
  successStatus: 201,
  handler: (ctx) =>
    search(ctx, 'mobile_phone_number', ctx.body.mobile_phone_number, (bankId, match, page) =>
      ctx.connector.getCustomersByCustomerPhoneNumber(bankId, match, page, ctx.cc),
    ),
});

export const getCustomersByLegalName = endpoint({
  ...searchDeclaration,
  name: 'getCustomersByLegalName',
  implementedIn: 'v5.1.0',
  method: 'POST',
  path: '/banks/BANK_ID/customers/legal-name',
  summary: 'Get Customers by Legal Name',
  description: `Lists the bank's customers whose legal name matches \`legal_name\`. ${searchDescription}`,
  roles: ['CanGetCustomersAtOneBank'],
  body: {
    schema: z.object({ legal_name: obpString(255) }),
    typeName: 'PostCustomerLegalNameJsonV510',
    example: { legal_name: 'Eveline Tripman' },
  },
  successStatus: 200,
  handler: (ctx) =>
    search(ctx, 'legal_name', ctx.body.legal_name, (bankId, match, page) => ctx.connector.getCustomersByCustomerLegalName(bankId, match, page, ctx.cc)),
});
