import { z } from 'zod';
import type { CustomerHistoryRecord } from '../../connector/types';
import { endpoint, requireBank, requireCustomer } from '../endpoint';
import { pagingQueryParameters, parsePaging } from '../paging';

const fieldChange = z.object({ before: z.unknown(), after: z.unknown() });

const historyRecordSchema = z.object({
  history_id: z.string(),
  sequence: z.number(),
  entity: z.string(),
  entity_id: z.string(),
  action: z.enum(['created', 'updated', 'deleted']),
  changes: z.record(z.string(), fieldChange),
  user_id: z.string(),
  consumer_id: z.string(),
  correlation_id: z.string(),
  operation_id: z.string(),
  date: z.string(),
});

export function historyRecordJson(r: CustomerHistoryRecord) {
  return {
    history_id: r.historyId,
    sequence: r.sequence,
    entity: r.entity,
    entity_id: r.entityId,
    action: r.action,
    changes: r.changes,
    user_id: r.userId,
    consumer_id: r.consumerId,
    correlation_id: r.correlationId,
    operation_id: r.operationId,
    date: r.recordedAt.toISOString(),
  };
}

export const getCustomerHistory = endpoint({
  name: 'getCustomerHistory',
  implementedIn: 'v3.1.0',
  method: 'GET',
  path: '/banks/BANK_ID/customers/CUSTOMER_ID/history',
  summary: 'Get Customer History',
  description:
    "Needs CanGetCustomerHistory at the bank (this service's role: OBP keeps no customer history). " +
    "Lists the customer's change history, newest first: one record per write to the customer or its " +
    'satellites (attributes, addresses, tax residences, social media handles, user links, credit limit ' +
    'requests; deletes and the admin import included), with the fields that changed and their values before and ' +
    'after, who changed them (user, consumer), the correlation id and the operation. `sequence` is the ' +
    "customer's version after the change. One page at a time: `limit` (1 to 500, default 50) and `offset`.",
  tags: ['Customer'],
  roles: ['CanGetCustomerHistory'],
  checks: ['auth', 'bank', 'roles', 'customer'],
  query: pagingQueryParameters('Records'),
  successStatus: 200,
  responseSchema: z.object({ customer_history: z.array(historyRecordSchema) }),
  exampleResponse: {
    customer_history: [
      {
        history_id: '0b0f2c3e-6c55-4bd9-9f0e-3f1d2a7c9b11',
        sequence: 2,
        entity: 'customer',
        entity_id: '7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh',
        action: 'updated',
        changes: { email: { before: 'felix@example.com', after: 'felix.smith@example.com' } },
        user_id: '9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1',
        consumer_id: '7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh',
        correlation_id: '1flssoftxq0cr1nssr68u0mioj',
        operation_id: 'OBPv3.1.0-updateCustomerEmail',
        date: '2026-11-25T10:00:00.000Z',
      },
    ],
  },
  errors: ['UserNotLoggedIn', 'BankNotFound', 'UserHasMissingRoles', 'CustomerNotFoundByCustomerId', 'FilterParametersIncorrect'],
  handler: async (ctx) => {
    const page = parsePaging(ctx.query);
    const records = await ctx.connector.getCustomerHistory(requireBank(ctx).bankId, requireCustomer(ctx).customerId, page, ctx.cc);
    ctx.setHeader('Range', `items=${page.offset}-${page.limit}`);
    return { customer_history: records.map(historyRecordJson) };
  },
});
