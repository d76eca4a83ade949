import { z } from 'zod';
import type { RoleName } from '../../auth/roles';
import type { Customer } from '../../connector/types';
import { ObpError, type ErrorName } from '../../errors';
import { refusedAs } from '../connector-calls';
import { endpoint, requireCustomer, type Endpoint, type RequestContext } from '../endpoint';
import { customerEtag, requireIfMatch } from '../preconditions';
import { customerJsonV310, customerJsonV310Schema, exampleCustomerV310 } from '../json/customer';
import { obpDate, obpInt, obpString } from '../schemas';
import { faceImageSchema } from './customers';

interface CustomerUpdate<Body> {
  name: string;
  /** The last path segment: PUT /banks/BANK_ID/customers/CUSTOMER_ID/<segment> */
  segment: string;
  summary: string;
  description: string;
  roles: RoleName[];
  schema: z.ZodType<Body>;
  typeName: string;
  example: unknown;
  /** Errors beyond those every update can answer. */
  extraErrors?: ErrorName[];
  /** Extra checks between finding the customer and updating it. */
  precheck?: (ctx: RequestContext<Body>, customer: Customer) => Promise<void>;
  apply(ctx: RequestContext<Body>, customer: Customer): Promise<Customer | undefined>;
}

/**
 * The eight PUT endpoints share OBP's shape: auth → bank → role(s) → JSON → customer → update, answering the
 * whole customer (CustomerJsonV310) with its new ETag; a refused update is 400 OBP-30058, a stale If-Match 412.
 */
function customerUpdate<Body>(u: CustomerUpdate<Body>): Endpoint<Body> {
  return endpoint<Body>({
    name: u.name,
    implementedIn: 'v3.1.0',
    method: 'PUT',
    path: `/banks/BANK_ID/customers/CUSTOMER_ID/${u.segment}`,
    summary: u.summary,
    description:
      `${u.description} With \`If-Match\` (the customer's ETag from GET customer), refused with 412 OBP-30360 if the ` +
      'customer changed since; without it, applied whatever changed before.',
    tags: ['Customer'],
    roles: u.roles,
    body: { schema: u.schema, typeName: u.typeName, example: u.example },
    checks: ['auth', 'bank', 'roles', 'body', 'customer'],
    successStatus: 200,
    responseSchema: customerJsonV310Schema,
    exampleResponse: exampleCustomerV310,
    errors: [
      'UserNotLoggedIn',
      'BankNotFound',
      'UserHasMissingRoles',
      'InvalidJsonFormat',
      'CustomerNotFoundByCustomerId',
      ...(u.extraErrors ?? []),
      'CustomerChangedSince',
      'UpdateCustomerError',
    ],
    handler: async (ctx) => {
      const customer = requireCustomer(ctx);
      requireIfMatch(ctx, customer);
      await u.precheck?.(ctx, customer);
      const updated = await refusedAs(u.apply(ctx, customer), 'UpdateCustomerError', {
        ALREADY_EXISTS: () => numberTaken(ctx.params.BANK_ID!, (ctx.body as { customer_number?: string }).customer_number ?? ''),
      });
      if (!updated) throw new ObpError('UpdateCustomerError');
      const tag = customerEtag(updated);
      if (tag) ctx.setHeader('ETag', tag);
      return customerJsonV310(updated);
    },
  });
}

const numberTaken = (bankId: string, number: string) =>
  new ObpError('CustomerNumberAlreadyExists', ` Current customer_number(${number}) and Current bank_id(${bankId})`);

export const updateCustomerBranch = customerUpdate({
  name: 'updateCustomerBranch',
  segment: 'branch',
  summary: 'Update the Branch of a Customer',
  description: "Changes the customer's branch_id. The branch is not looked up.",
  roles: ['CanUpdateCustomerBranch'],
  schema: z.object({ branch_id: obpString(255) }),
  typeName: 'PutUpdateCustomerBranchJsonV310',
  example: { branch_id: '123' },
  apply: (ctx, c) => ctx.connector.updateCustomerGeneralData(c.customerId, { branchId: ctx.body.branch_id }, ctx.cc),
});

export const updateCustomerCreditLimit = customerUpdate({
  name: 'updateCustomerCreditLimit',
  segment: 'credit-limit',
  summary: 'Update the credit limit of a Customer',
  description: "Changes the customer's credit limit (currency and amount, both strings).",
  roles: ['CanUpdateCustomerCreditLimit'],
  schema: z.object({ credit_limit: z.object({ currency: obpString(255), amount: obpString(255) }) }),
  typeName: 'PutUpdateCustomerCreditLimitJsonV310',
  example: { credit_limit: { currency: 'EUR', amount: '1000' } },
  apply: (ctx, c) => ctx.connector.updateCustomerCreditData(c.customerId, { creditLimit: ctx.body.credit_limit }, ctx.cc),
});

export const updateCustomerCreditRatingAndSource = customerUpdate({
  name: 'updateCustomerCreditRatingAndSource',
  segment: 'credit-rating-and-source',
  summary: 'Update the credit rating and source of a Customer',
  description: "Changes the customer's credit rating and its source.",
  roles: ['CanUpdateCustomerCreditRatingAndSource', 'CanUpdateCustomerCreditRatingAndSourceAtAnyBank'],
  schema: z.object({ credit_rating: obpString(255), credit_source: obpString(255) }),
  typeName: 'PutUpdateCustomerCreditRatingAndSourceJsonV310',
  example: { credit_rating: 'Good', credit_source: 'Bank' },
  apply: (ctx, c) =>
    ctx.connector.updateCustomerCreditData(
      c.customerId,
      { creditRating: ctx.body.credit_rating, creditSource: ctx.body.credit_source },
      ctx.cc,
    ),
});

export const updateCustomerEmail = customerUpdate({
  name: 'updateCustomerEmail',
  segment: 'email',
  summary: 'Update the email of a Customer',
  description: "Changes the customer's email. It is stored lower-cased and trimmed.",
  roles: ['CanUpdateCustomerEmail'],
  schema: z.object({ email: obpString(200) }),
  typeName: 'PutUpdateCustomerEmailJsonV310',
  example: { email: 'marko@tesobe.com' },
  apply: (ctx, c) => ctx.connector.updateCustomerScaData(c.customerId, { email: ctx.body.email }, ctx.cc),
});

export const updateCustomerIdentity = customerUpdate({
  name: 'updateCustomerIdentity',
  segment: 'identity',
  summary: 'Update the identity data of a Customer',
  description: "Changes the customer's legal name, date of birth, title and name suffix.",
  roles: ['CanUpdateCustomerIdentity'],
  schema: z.object({ legal_name: obpString(255), date_of_birth: obpDate, title: obpString(255), name_suffix: obpString(255) }),
  typeName: 'PutUpdateCustomerIdentityJsonV310',
  example: { legal_name: 'Eveline Tripman', date_of_birth: '1100-01-01T00:00:00Z', title: 'Dr.', name_suffix: 'Sr' },
  apply: (ctx, c) =>
    ctx.connector.updateCustomerGeneralData(
      c.customerId,
      {
        legalName: ctx.body.legal_name,
        dateOfBirth: ctx.body.date_of_birth,
        title: ctx.body.title,
        nameSuffix: ctx.body.name_suffix,
      },
      ctx.cc,
    ),
});

export const updateCustomerMobileNumber = customerUpdate({
  name: 'updateCustomerMobileNumber',
  segment: 'mobile-number',
  summary: 'Update the mobile number of a Customer',
  description: "Changes the customer's mobile phone number.",
  roles: ['CanUpdateCustomerMobilePhoneNumber'],
  schema: z.object({ mobile_phone_number: obpString(50) }),
  typeName: 'PutUpdateCustomerMobilePhoneNumberJsonV310',
  example: { mobile_phone_number: '+381631954907' },
  apply: (ctx, c) => ctx.connector.updateCustomerScaData(c.customerId, { mobileNumber: ctx.body.mobile_phone_number }, ctx.cc),
});

export const updateCustomerNumber = customerUpdate({
  name: 'updateCustomerNumber',
  segment: 'number',
  summary: 'Update the number of a Customer',
  description:
    "Changes the customer's number. The number must not be used by any customer of the bank, this one included. " +
    'Uniqueness is enforced by the database, so concurrent changes cannot produce duplicates.',
  roles: ['CanUpdateCustomerNumber'],
  schema: z.object({ customer_number: obpString(50) }),
  typeName: 'PutUpdateCustomerNumberJsonV310',
  // Not OBP's example number: a customer cannot be given the number it already has.
  example: { customer_number: '5987954' },
  extraErrors: ['CustomerNumberAlreadyExists'],
  precheck: async (ctx, c) => {
    if (!(await ctx.connector.checkCustomerNumberAvailable(c.bankId, ctx.body.customer_number, ctx.cc))) {
      throw numberTaken(c.bankId, ctx.body.customer_number);
    }
  },
  apply: (ctx, c) => ctx.connector.updateCustomerScaData(c.customerId, { customerNumber: ctx.body.customer_number }, ctx.cc),
});

export const updateCustomerData = customerUpdate({
  name: 'updateCustomerData',
  segment: 'data',
  summary: 'Update the other data of a Customer',
  description:
    "Changes the customer's face image, relationship status, number of dependants, highest education attained " +
    'and employment status. The dates of birth of dependants are left as they are.',
  roles: ['CanUpdateCustomerData'],
  schema: z.object({
    face_image: faceImageSchema,
    relationship_status: obpString(255),
    dependants: obpInt,
    highest_education_attained: obpString(255),
    employment_status: obpString(255),
  }),
  typeName: 'PutUpdateCustomerDataJsonV310',
  example: {
    face_image: { url: 'www.openbankproject', date: '1100-01-01T00:00:00Z' },
    relationship_status: 'single',
    dependants: 1,
    highest_education_attained: 'Master',
    employment_status: 'worker',
  },
  apply: (ctx, c) =>
    ctx.connector.updateCustomerGeneralData(
      c.customerId,
      {
        faceImage: ctx.body.face_image,
        relationshipStatus: ctx.body.relationship_status,
        dependents: ctx.body.dependants,
        highestEducationAttained: ctx.body.highest_education_attained,
        employmentStatus: ctx.body.employment_status,
      },
      ctx.cc,
    ),
});

export const customerUpdates = [
  updateCustomerBranch,
  updateCustomerCreditLimit,
  updateCustomerCreditRatingAndSource,
  updateCustomerEmail,
  updateCustomerIdentity,
  updateCustomerMobileNumber,
  updateCustomerNumber,
  updateCustomerData,
];
