import { ObpError } from '../../errors';
import { refusedAs } from '../connector-calls';
import { endpoint, requireBank } from '../endpoint';
import { parseFirehoseQuery } from '../firehose-query';
import { customerJsonV300, exampleCustomerV300 } from '../json/customer';

export const getFirehoseCustomers = endpoint({
  name: 'getFirehoseCustomers',
  implementedIn: 'v3.1.0',
  method: 'GET',
  path: '/banks/BANK_ID/firehose/customers',
  summary: 'Get Firehose Customers',
  description:
    "Pages through all of a bank's customers, newest last_ok_date first. Query parameters: limit (default 50), " +
    'offset (default 0), sort_direction (ASC or DESC), from_date and to_date (yyyy-MM-ddTHH:mm:ss.SSSZ, on the ' +
    'time the customer was last changed). Any other parameter filters on customer attributes, e.g. ' +
    '?SPECIAL_TAX_NUMBER=123 (several names: any may match), before paging. Needs ALLOW_CUSTOMER_FIREHOSE=true.',
  tags: ['Customer', 'Firehose'],
  roles: ['CanUseCustomerFirehoseAtAnyBank'],
  checks: [
    'auth',
    ({ config }) => {
      if (!config.ALLOW_CUSTOMER_FIREHOSE) throw new ObpError('AccountFirehoseNotAllowedOnThisInstance');
    },
    'roles',
    'bank',
  ],
  successStatus: 200,
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
