import { z } from 'zod';
import type { RoleName } from '../../auth/roles';
import type { CreditLimitRequestFields } from '../../connector/types';
import { ObpError } from '../../errors';
import { endpoint, requireBank, requireCustomer } from '../endpoint';
import {
  creditLimitOrderJson,
  creditLimitOrderJsonSchema,
  creditLimitOrderResponseJson,
  creditLimitOrderResponseJsonSchema,
} from '../json/credit-limit-request';
import { obpString } from '../schemas';

// OBP never parsed this body; fields a client leaves out are stored as empty strings.
const field = (max: number) => obpString(max).default('');
const creditLimitRequestJson = z.object({
  requested_current_rate_amount1: field(255),
  requested_current_rate_amount2: field(255),
  requested_current_valid_end_date: field(255),
  current_credit_documentation: field(2000),
  temporary_requested_current_amount: field(255),
  requested_temporary_valid_end_date: field(255),
  temporary_credit_documentation: field(2000),
});

const toFields = (b: z.infer<typeof creditLimitRequestJson>): CreditLimitRequestFields => ({
  requestedCurrentRateAmount1: b.requested_current_rate_amount1,
  requestedCurrentRateAmount2: b.requested_current_rate_amount2,
  requestedCurrentValidEndDate: b.requested_current_valid_end_date,
  currentCreditDocumentation: b.current_credit_documentation,
  temporaryRequestedCurrentAmount: b.temporary_requested_current_amount,
  requestedTemporaryValidEndDate: b.requested_temporary_valid_end_date,
  temporaryCreditDocumentation: b.temporary_credit_documentation,
});

const exampleOrder = { rank_amount_1: '1000', nominal_interest_1: '', rank_amount_2: '2000', nominal_interest_2: '' };

// What OBP answered everyone (its "example data"): anonymous callers still get exactly this, and nothing else.
const SEED_ORDER = { rank_amount_1: 'String', nominal_interest_1: 'String', rank_amount_2: 'String', nominal_interest_2: 'String' };
const SEED_CREATED = { execution_time: 'String', execution_date: 'String', token: 'String', short_reference: 'String' };

const ACCESS =
  'Without authentication the answer is the fixed example data OBP always returned, and nothing is stored or ' +
  'looked up. Logged in, the request is real: it needs the roles below at the bank, or a user linked to the ' +
  'customer (the customer acting on their own behalf). ';

export const createCreditLimitRequest = endpoint({
  name: 'createCreditLimitRequest',
  implementedIn: 'v3.1.0',
  method: 'POST',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/credit_limit/requests',
  summary: 'Create Credit Limit Order Request',
  description:
    ACCESS +
    'Records a credit limit order request of the customer. The answer carries the request id as `token` (the ' +
    'REQUEST_ID to read it back), a short reference, and the UTC date and time it was recorded.',
  tags: ['Customer'],
  roles: ['CanCreateCustomer', 'CanCreateCustomerAtAnyBank'],
  linkedUserPasses: true,
  anonymousResponse: SEED_CREATED,
  body: {
    schema: creditLimitRequestJson,
    typeName: 'CreditLimitRequestJson',
    example: {
      requested_current_rate_amount1: '1000',
      requested_current_rate_amount2: '2000',
      requested_current_valid_end_date: '2025-12-31',
      current_credit_documentation: 'payslips',
      temporary_requested_current_amount: '500',
      requested_temporary_valid_end_date: '2025-06-30',
      temporary_credit_documentation: 'contract',
    },
  },
  checks: ['auth', 'bank', 'roles', 'body', 'customer'],
  catalogs: { core: true, obwg: true },
  successStatus: 201,
  responseSchema: creditLimitOrderResponseJsonSchema,
  exampleResponse: {
    execution_time: '10:00:00Z',
    execution_date: '2024-10-16',
    token: '4e1c2ad6-8a4f-4a73-9c5e-6a0f3e0b1d2c',
    short_reference: '4E1C2AD6',
  },
  errors: ['DirectLoginInvalidToken', 'BankNotFound', 'UserHasMissingRoles', 'InvalidJsonFormat', 'CustomerNotFoundByCustomerId'],
  handler: async (ctx) =>
    creditLimitOrderResponseJson(
      await ctx.connector.createCreditLimitRequest(requireBank(ctx).bankId, requireCustomer(ctx).customerId, toFields(ctx.body), ctx.cc),
    ),
});

const READ_ROLES: RoleName[] = ['CanGetCustomer', 'CanGetCustomersAtAnyBank'];

export const getCreditLimitRequests = endpoint({
  name: 'getCreditLimitRequests',
  implementedIn: 'v3.1.0',
  method: 'GET',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/credit_limit/requests',
  summary: 'Get Credit Limit Order Requests',
  description:
    ACCESS +
    "A single object, as in OBP: the figures of the customer's most recent request, or empty strings when there is none.",
  tags: ['Customer'],
  roles: READ_ROLES,
  linkedUserPasses: true,
  anonymousResponse: SEED_ORDER,
  checks: ['auth', 'bank', 'roles', 'customer'],
  successStatus: 200,
  catalogs: { core: true, obwg: true },
  responseSchema: creditLimitOrderJsonSchema,
  exampleResponse: exampleOrder,
  errors: ['DirectLoginInvalidToken', 'BankNotFound', 'UserHasMissingRoles', 'CustomerNotFoundByCustomerId'],
  handler: async (ctx) => {
    const [latest] = await ctx.connector.getCreditLimitRequests(requireBank(ctx).bankId, requireCustomer(ctx).customerId, 1, ctx.cc);
    return creditLimitOrderJson(latest);
  },
});

export const getCreditLimitRequestByRequestId = endpoint({
  name: 'getCreditLimitRequestByRequestId',
  implementedIn: 'v3.1.0',
  method: 'GET',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/credit_limit/requests/REQUEST_ID',
  summary: 'Get Credit Limit Order Request By Request Id',
  description: ACCESS + 'The figures of one request of the customer (REQUEST_ID is the `token` the create answered).',
  tags: ['Customer'],
  roles: READ_ROLES,
  linkedUserPasses: true,
  anonymousResponse: SEED_ORDER,
  checks: ['auth', 'bank', 'roles', 'customer'],
  successStatus: 200,
  catalogs: { core: true, obwg: true },
  responseSchema: creditLimitOrderJsonSchema,
  exampleResponse: exampleOrder,
  errors: ['DirectLoginInvalidToken', 'BankNotFound', 'UserHasMissingRoles', 'CustomerNotFoundByCustomerId', 'CreditLimitRequestNotFound'],
  handler: async (ctx) => {
    const request = await ctx.connector.getCreditLimitRequestByRequestId(
      requireBank(ctx).bankId,
      requireCustomer(ctx).customerId,
      ctx.params.REQUEST_ID!,
      ctx.cc,
    );
    if (!request) throw new ObpError('CreditLimitRequestNotFound');
    return creditLimitOrderJson(request);
  },
});
