import type { Knex } from 'knex';
import { bulkInsert, type BulkTable } from '../../db/bulk-insert';
import { isMysql } from '../../db/knex';
import type { CallContext, Connector } from '../connector';
import { ConnectorError } from '../errors';
import type { CustomerHistoryRecord, FieldChange, HistoryAction } from '../types';
import { changeEvent } from './events';
import { historyId } from './history-id';

/** How the mapped store records what a write implies besides the change itself. */
export interface GovernanceOptions {
  /** Change events are enabled: every history record also goes into the outbox, in the same transaction. */
  outbox?: boolean;
}

/** The obpCode a stale If-Match fails with (FAILED_PRECONDITION). */
export const STALE_VERSION_CODE = 'OBP-30360';

/** The customer row a write locked: enough to place its history record. */
export interface LockedCustomer {
  customer_id: string;
  bank_id: string;
  version: number;
}

/**
 * Reads the customer a write is about and holds its row lock until the commit (SELECT … FOR UPDATE on MySQL;
 * SQLite serialises writers), so that writes to one customer, and the sequence of its history, are serialised.
 * Checks If-Match. Resolves to the row, or `undefined` when there is no such customer (at that bank, when given).
 * A stale If-Match throws FAILED_PRECONDITION. Writes nothing: a write that then finds nothing to change leaves
 * no trace.
 */
export async function lockCustomer(
  trx: Knex,
  customerId: string,
  cc: CallContext,
  bankId?: string,
): Promise<(LockedCustomer & Record<string, unknown>) | undefined> {
  const q = trx('customers').where({ customer_id: customerId });
  if (bankId !== undefined) q.andWhere({ bank_id: bankId });
  if (isMysql(trx)) q.forUpdate();
  const row = (await q.first()) as (Record<string, unknown> & LockedCustomer) | undefined;
  if (!row) return undefined;
  const version = Number(row.version);
  if (cc.expectedCustomerVersion !== undefined && cc.expectedCustomerVersion !== version) {
    throw new ConnectorError('FAILED_PRECONDITION', 'the customer changed since the version given', { obpCode: STALE_VERSION_CODE });
  }
  return { ...row, version };
}

/** A value as history stores it: JSON, with instants as ISO 8601 text. */
export function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value === undefined ? null : value;
}

/** The fields whose values differ between two snapshots (absent = null): everything for a create or a delete. */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Record<string, FieldChange> {
  const out: Record<string, FieldChange> = {};
  // A create or a delete: every field changed, nothing to compare (the admin import creates 100,000 at a time).
  if (before === null || after === null) {
    for (const [key, value] of Object.entries(before ?? after ?? {})) {
      const v = plain(value ?? null);
      out[key] = before === null ? { before: null, after: v } : { before: v, after: null };
    }
    return out;
  }
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    const b = plain(before?.[key] ?? null);
    const a = plain(after?.[key] ?? null);
    if (JSON.stringify(b) !== JSON.stringify(a)) out[key] = { before: b, after: a };
  }
  return out;
}

export interface Change {
  entity: string;
  entityId: string;
  action: HistoryAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const createdPrefixes = new Map<string, string>();

/**
 * `JSON.stringify(diff(null, after))` without building the diff: a create's changes are every field, from null.
 * The admin import records 100,000 creates at a time.
 */
export function createdChangesJson(after: Record<string, unknown>): string {
  let json = '';
  for (const key of Object.keys(after)) {
    let prefix = createdPrefixes.get(key);
    if (prefix === undefined) createdPrefixes.set(key, (prefix = `${JSON.stringify(key)}:{"before":null,"after":`));
    json += `${json === '' ? '{' : ','}${prefix}${JSON.stringify(plain(after[key] ?? null))}}`;
  }
  return json === '' ? '{}' : `${json}}`;
}

/** The history row (and, with events on, the outbox row) of one change; `customer.version` is the version after it. */
export function historyRows(customer: LockedCustomer, change: Change, cc: CallContext, options: GovernanceOptions, now = Date.now()) {
  const history = {
    history_id: historyId(),
    bank_id: customer.bank_id,
    customer_id: customer.customer_id,
    sequence: customer.version,
    entity: change.entity,
    entity_id: change.entityId,
    action: change.action,
    changes: '',
    user_id: (cc.user?.userId ?? '').slice(0, 255),
    consumer_id: (cc.consumer?.consumerId ?? '').slice(0, 255),
    correlation_id: cc.correlationId.slice(0, 255),
    operation_id: (cc.operationId ?? '').slice(0, 255),
    recorded_at: now,
  };
  if (!options.outbox && change.before === null && change.after !== null) {
    history.changes = createdChangesJson(change.after);
    return { history, outbox: undefined };
  }
  const record: CustomerHistoryRecord = {
    historyId: history.history_id,
    bankId: history.bank_id,
    customerId: history.customer_id,
    sequence: history.sequence,
    entity: history.entity,
    entityId: history.entity_id,
    action: change.action,
    changes: diff(change.before, change.after),
    userId: cc.user?.userId ?? '',
    consumerId: cc.consumer?.consumerId ?? '',
    correlationId: cc.correlationId,
    operationId: cc.operationId ?? '',
    recordedAt: new Date(now),
  };
  history.changes = JSON.stringify(record.changes);
  const event = options.outbox ? changeEvent(record) : undefined;
  const outbox = event && {
    event_id: record.historyId,
    customer_id: record.customerId,
    sequence: record.sequence,
    routing_key: event.type,
    event: JSON.stringify(event),
    created_at: now,
  };
  return { history, outbox };
}

/**
 * Appends the change to the customer's history (and the outbox) on the write's own transaction, and moves the
 * customer's version on by one: `locked` is the customer as lockCustomer read it. `versionSet`: the write already
 * stored the next version itself (a customer update, a create).
 */
export async function appendHistory(
  trx: Knex,
  locked: LockedCustomer,
  change: Change,
  cc: CallContext,
  options: GovernanceOptions,
  versionSet = false,
) {
  const next = { customer_id: locked.customer_id, bank_id: locked.bank_id, version: locked.version + 1 };
  if (!versionSet) await trx('customers').where({ customer_id: locked.customer_id }).update({ version: next.version });
  const { history, outbox } = historyRows(next, change, cc, options);
  await trx('customer_history').insert(history);
  if (outbox) await trx('outbox').insert(outbox);
}

export type HistoryRows = ReturnType<typeof historyRows>;

const HISTORY: BulkTable = {
  table: 'customer_history',
  columns: ['history_id', 'bank_id', 'customer_id', 'sequence', 'entity', 'entity_id', 'action', 'changes', 'user_id', 'consumer_id', 'correlation_id', 'operation_id', 'recorded_at'],
};
const OUTBOX: BulkTable = { table: 'outbox', columns: ['event_id', 'customer_id', 'sequence', 'routing_key', 'event', 'created_at'] };

/** Many records at once (the admin import), through the bulk insert path. */
export async function appendHistoryRows(trx: Knex.Transaction, rows: HistoryRows[]) {
  const column = <T extends object>(t: BulkTable, row: T) => t.columns.map((c) => row[c as keyof T] as string | number);
  await bulkInsert(trx, HISTORY, rows.map((r) => column(HISTORY, r.history)));
  await bulkInsert(trx, OUTBOX, rows.flatMap((r) => (r.outbox ? [column(OUTBOX, r.outbox)] : [])));
}

interface HistoryRow {
  history_id: string;
  bank_id: string;
  customer_id: string;
  sequence: number | string;
  entity: string;
  entity_id: string;
  action: string;
  changes: string;
  user_id: string;
  consumer_id: string;
  correlation_id: string;
  operation_id: string;
  recorded_at: number | string;
}

const toRecord = (r: HistoryRow): CustomerHistoryRecord => ({
  historyId: r.history_id,
  bankId: r.bank_id,
  customerId: r.customer_id,
  sequence: Number(r.sequence),
  entity: r.entity,
  entityId: r.entity_id,
  action: r.action as HistoryAction,
  changes: JSON.parse(r.changes) as Record<string, FieldChange>,
  userId: r.user_id,
  consumerId: r.consumer_id,
  correlationId: r.correlation_id,
  operationId: r.operation_id,
  recordedAt: new Date(Number(r.recorded_at)),
});

/** Reading only: the code has no path that updates or deletes a history record. */
export function historyMethods(db: Knex): Pick<Connector, 'getCustomerHistory'> {
  return {
    async getCustomerHistory(bankId, customerId, page) {
      const rows = await db<HistoryRow>('customer_history')
        .where({ customer_id: customerId, bank_id: bankId })
        .orderBy('sequence', 'desc')
        .limit(page.limit)
        .offset(page.offset);
      return rows.map(toRecord);
    },
  };
}
