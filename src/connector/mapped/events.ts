import type { CustomerHistoryRecord } from '../types';

/** A change event as published: CloudEvents 1.0, JSON structured mode. */
export interface ChangeEvent {
  specversion: '1.0';
  /** The history record's id: the same on every (re-)delivery, for consumers to deduplicate by. */
  id: string;
  source: string;
  /** obp.customer.<action> for the customer's own fields, obp.customer.<entity>.<action> for a satellite. */
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  /** CloudEvents' sequence extension: the customer's version after the change, as text. */
  sequence: string;
  data: {
    bank_id: string;
    customer_id: string;
    entity: string;
    entity_id: string;
    action: string;
    changes: CustomerHistoryRecord['changes'];
    user_id: string;
    consumer_id: string;
    correlation_id: string;
    operation_id: string;
  };
}

export function eventType(entity: string, action: string): string {
  return entity === 'customer' ? `obp.customer.${action}` : `obp.customer.${entity}.${action}`;
}

export function changeEvent(r: CustomerHistoryRecord): ChangeEvent {
  return {
    specversion: '1.0',
    id: r.historyId,
    source: `/obp/v3.1.0/banks/${encodeURIComponent(r.bankId)}/customers`,
    type: eventType(r.entity, r.action),
    subject: r.customerId,
    time: r.recordedAt.toISOString(),
    datacontenttype: 'application/json',
    sequence: String(r.sequence),
    data: {
      bank_id: r.bankId,
      customer_id: r.customerId,
      entity: r.entity,
      entity_id: r.entityId,
      action: r.action,
      changes: r.changes,
      user_id: r.userId,
      consumer_id: r.consumerId,
      correlation_id: r.correlationId,
      operation_id: r.operationId,
    },
  };
}
