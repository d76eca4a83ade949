import { z } from 'zod';
import { ObpError } from '../../errors';
import { refusedAs } from '../connector-calls';
import { endpoint, requireBank } from '../endpoint';
import { firehoseQueryParameters, parseFirehoseQuery } from '../firehose-query';
import { customerJsonV300, customerJsonV300Schema, exampleCustomerV300 } from '../json/customer';

const FIREHOSE_HINT = 'On this service: set ALLOW_CUSTOMER_FIREHOSE=true.';

export const getFirehoseCustomers = endpoint({
  name: 'getFirehoseCustomers',
  implementedIn: 'v3.1.0',
  method: 'GET',
  path: '/banks/BANK_ID/firehose/customers',
  summary: 'Get Firehose Customers',
  description:
    "Pages through all of a bank's customers, newest last_ok_date first, filtered by the query parameters below " +
    '(e.g. `?limit=2&sort_direction=asc&SPECIAL_TAX_NUMBER=123`). Needs ALLOW_CUSTOMER_FIREHOSE=true.',
  tags: ['Customer', 'Firehose'],
  query: firehoseQueryParameters,
  roles: ['CanUseCustomerFirehoseAtAnyBank'],
  checks: [
    'auth',
    ({ config }) => {
      // OBP's text names OBP's props file; the hint after it names this service's switch.
      if (!config.ALLOW_CUSTOMER_FIREHOSE) throw new ObpError('AccountFirehoseNotAllowedOnThisInstance', FIREHOSE_HINT);
    },
    'roles',
    'bank',
  ],
  successStatus: 200,
  responseSchema: z.object({ customers: z.array(customerJsonV300Schema) }),
  exampleResponse: { customers: [exampleCustomerV300] },
  errors: [
    'UserNotLoggedIn',
    'AccountFirehoseNotAllowedOnThisInstance',
    'UserHasMissingRoles',
    'BankNotFound',
    'FilterParametersIncorrect',
    'ConnectorEmptyResponse',
  ],
  handler: async (ctx) => {
    const query = parseFirehoseQuery(ctx.query);
    const customers = await refusedAs(ctx.connector.getCustomers(requireBank(ctx).bankId, query, ctx.cc), 'ConnectorEmptyResponse');
    ctx.setHeader('Range', `items=${query.offset}-${query.limit}`);
    return { customers: customers.map(customerJsonV300) };
  },
});
