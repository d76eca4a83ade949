import { z } from 'zod';
import { isConnectorError } from '../../connector/errors';
import { ObpError } from '../../errors';
import { endpoint, requireCustomer } from '../endpoint';
import { taxResidenceJson, taxResidenceJsonSchema } from '../json/tax-residence';
import { obpString } from '../schemas';

const exampleTaxResidence = {
  domain: 'Enter some domain',
  tax_number: 'Enter some number',
  tax_residence_id: '902ba3bb-dedd-45e7-9319-2fd3f2cd98a1',
};

export const createTaxResidence = endpoint({
  name: 'createTaxResidence',
  implementedIn: 'v3.1.0',
  method: 'POST',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/tax-residence',
  summary: 'Create Tax Residence',
  description: 'Adds a tax residence (domain and tax number) to the customer. The same pair twice is refused.',
  tags: ['Customer'],
  roles: ['CanCreateTaxResidence'],
  body: {
    schema: z.object({ domain: obpString(255), tax_number: obpString(255) }),
    typeName: 'PostTaxResidenceJsonV310',
    example: { domain: 'Enter some domain', tax_number: 'Enter some number' },
  },
  checks: ['auth', 'bank', 'roles', 'body', 'customer'],
  successStatus: 201,
  responseSchema: taxResidenceJsonSchema,
  exampleResponse: exampleTaxResidence,
  errors: [
    'UserNotLoggedIn',
    'BankNotFound',
    'UserHasMissingRoles',
    'InvalidJsonFormat',
    'CustomerNotFoundByCustomerId',
    'ConnectorEmptyResponse',
  ],
  handler: async (ctx) => {
    try {
      const created = await ctx.connector.createTaxResidence(requireCustomer(ctx).customerId, ctx.body.domain, ctx.body.tax_number, ctx.cc);
      return taxResidenceJson(created);
    } catch (e) {
      // A duplicate is the client's mistake, answered as OBP does (400 OBP-50200), not logged as a back-end fault.
      if (isConnectorError(e) && e.kind === 'ALREADY_EXISTS') throw new ObpError('ConnectorEmptyResponse');
      throw e;
    }
  },
});

export const getTaxResidence = endpoint({
  name: 'getTaxResidence',
  implementedIn: 'v3.1.0',
  method: 'GET',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/tax-residences',
  summary: 'Get Tax Residences of Customer',
  description: 'Lists the tax residences of the customer, oldest first.',
  tags: ['Customer'],
  roles: ['CanGetTaxResidence'],
  checks: ['auth', 'bank', 'roles', 'customer'],
  successStatus: 200,
  responseSchema: z.object({ tax_residence: z.array(taxResidenceJsonSchema) }),
  exampleResponse: { tax_residence: [exampleTaxResidence] },
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'CustomerNotFoundByCustomerId'],
  handler: async (ctx) => ({
    tax_residence: (await ctx.connector.getTaxResidence(requireCustomer(ctx).customerId, ctx.cc)).map(taxResidenceJson),
  }),
});

export const deleteTaxResidence = endpoint({
  name: 'deleteTaxResidence',
  implementedIn: 'v3.1.0',
  method: 'DELETE',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/tax_residencies/TAX_RESIDENCE_ID',
  summary: 'Delete Tax Residence',
  description: "Deletes one of the customer's tax residences; answers `true`. One of another customer is not found.",
  tags: ['Customer'],
  roles: ['CanDeleteTaxResidence'],
  checks: ['auth', 'bank', 'roles', 'customer'],
  successStatus: 200,
  responseSchema: z.boolean(),
  exampleResponse: true,
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'CustomerNotFoundByCustomerId', 'TaxResidenceNotFound'],
  handler: async (ctx) => {
    if (!(await ctx.connector.deleteTaxResidence(requireCustomer(ctx).customerId, ctx.params.TAX_RESIDENCE_ID!, ctx.cc))) {
      throw new ObpError('TaxResidenceNotFound');
    }
    return true;
  },
});
