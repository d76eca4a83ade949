import { z } from 'zod';
import { endpoint, requireBank } from '../endpoint';
import { crmEventJson, crmEventJsonSchema } from '../json/crm-event';
import { pagingQueryParameters, parsePaging } from '../paging';

export const getCrmEvents = endpoint({
  name: 'getCrmEvents',
  implementedIn: 'v1.4.0',
  method: 'GET',
  path: '/banks/BANK_ID/crm-events',
  summary: 'Get CRM Events',
  description:
    'Needs CanGetCrmEvents at the bank. ' +
    "Lists the bank's CRM events, most recent first, one page at a time: `limit` (1 to 500, default 50) and " +
    '`offset` (default 0). There is no API to create them: operators load them with `admin import` (OBP ' +
    'sandbox-import JSON).',
  tags: ['Customer', 'CRM'],
  // OBP checks no role here ("TODO Require Role"), but the events name customers and carry their numbers.
  roles: ['CanGetCrmEvents'],
  checks: ['auth', 'bank', 'roles'],
  query: pagingQueryParameters('Events'),
  successStatus: 200,
  responseSchema: z.object({ crm_events: z.array(crmEventJsonSchema) }),
  exampleResponse: {
    crm_events: [
      {
        id: '5995d6a2-01b3-423c-a173-5481df49bdaf',
        bank_id: 'gh.29.uk',
        customer_name: 'String',
        customer_number: '5987953',
        category: 'String',
        detail: 'String',
        channel: 'String',
        scheduled_date: '1100-01-01T00:00:00Z',
        actual_date: '1100-01-01T00:00:00Z',
        result: 'String',
      },
    ],
  },
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'FilterParametersIncorrect'],
  handler: async (ctx) => {
    const page = parsePaging(ctx.query);
    const events = await ctx.connector.getCrmEvents(requireBank(ctx).bankId, page, ctx.cc);
    ctx.setHeader('Range', `items=${page.offset}-${page.limit}`);
    return { crm_events: events.map(crmEventJson) };
  },
});
