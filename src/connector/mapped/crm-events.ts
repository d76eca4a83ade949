import type { Knex } from 'knex';
import type { Connector } from '../connector';
import type { CrmEvent } from '../types';

export interface CrmEventRow {
  crm_event_id: string;
  bank_id: string;
  customer_name: string;
  customer_number: string;
  category: string;
  detail: string;
  channel: string;
  scheduled_date: number | string | null;
  actual_date: number | string | null;
  result: string;
}

const toDate = (v: number | string | null) => (v === null ? null : new Date(Number(v)));

const toCrmEvent = (r: CrmEventRow): CrmEvent => ({
  crmEventId: r.crm_event_id,
  bankId: r.bank_id,
  customerName: r.customer_name,
  customerNumber: r.customer_number,
  category: r.category,
  detail: r.detail,
  channel: r.channel,
  scheduledDate: toDate(r.scheduled_date),
  actualDate: toDate(r.actual_date),
  result: r.result,
});

/** A CRM event's row; the mapped store has no API to create events, only the admin import writes them. */
export function crmEventRow(e: CrmEvent): CrmEventRow {
  return {
    crm_event_id: e.crmEventId,
    bank_id: e.bankId,
    customer_name: e.customerName,
    customer_number: e.customerNumber,
    category: e.category,
    detail: e.detail,
    channel: e.channel,
    scheduled_date: e.scheduledDate?.getTime() ?? null,
    actual_date: e.actualDate?.getTime() ?? null,
    result: e.result,
  };
}

export type CrmEventMethods = Pick<Connector, 'getCrmEvents'>;

export function crmEventMethods(db: Knex): CrmEventMethods {
  return {
    async getCrmEvents(bankId, page) {
      const rows = await db<CrmEventRow>('crm_events')
        .where({ bank_id: bankId })
        .orderBy('actual_date', 'desc')
        .orderBy('crm_event_id')
        .limit(page.limit)
        .offset(page.offset);
      return rows.map(toCrmEvent);
    },
  };
}
