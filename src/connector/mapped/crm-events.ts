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

export type CrmEventMethods = Pick<Connector, 'getCrmEvents'>;

export function crmEventMethods(db: Knex): CrmEventMethods {
  return {
    async getCrmEvents(bankId) {
      const rows = await db<CrmEventRow>('crm_events')
        .where({ bank_id: bankId })
        .orderBy('actual_date', 'desc')
        .orderBy('crm_event_id');
      return rows.map(toCrmEvent);
    },
  };
}
