import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isMysql } from '../../db/knex';
import { inTransaction } from '../../db/transaction';
import type { CallContext } from '../connector';
import { bankColumns } from './banks';
import { crmEventRow } from './crm-events';
import type { Bank, Customer, CustomerAttributeType } from '../types';
import { attributeSnapshot } from './customer-attributes';
import { customerColumns, customerSnapshot, toCustomer, type CustomerRow } from './customers';
import { appendHistoryRows, diff, historyRows, type GovernanceOptions } from './history';

/** A record the import cannot load; the message names it (e.g. `customers[3].bank_id: …`). */
export class ImportError extends Error {}

export type ImportCustomer = Omit<Customer, 'customerId' | 'version'>;

export interface ImportCrmEvent {
  /** Absent: an id derived from the event's content, so that importing the same file again is idempotent. */
  id?: string;
  bankId: string;
  customerName: string;
  customerNumber: string;
  category: string;
  detail: string;
  channel: string;
  scheduledDate: Date | null;
  actualDate: Date;
  result: string;
}

export interface ImportCustomerAttribute {
  bankId: string;
  customerNumber: string;
  name: string;
  type: CustomerAttributeType;
  value: string;
}

/** Validated sandbox data, in the order of the file's arrays. */
export interface ImportData {
  banks: Bank[];
  customers: ImportCustomer[];
  crmEvents: ImportCrmEvent[];
  customerAttributes: ImportCustomerAttribute[];
}

export interface ImportSummary {
  banks: number;
  customers: number;
  crm_events: number;
  customer_attributes: number;
}

// Rows per INSERT: well under SQLite's bound-variable limit with ~25 columns a row.
const CHUNK = 200;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Refuses the second record with the same key, naming both. */
function refuseDuplicates<T>(section: string, items: T[], key: (item: T) => string, keyName: string) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) throw new ImportError(`${section}[${i}]: same ${keyName} as ${section}[${first}]`);
    seen.set(k, i);
  });
}

export function crmEventId(e: ImportCrmEvent): string {
  if (e.id !== undefined) return e.id;
  const content = JSON.stringify([e.bankId, e.customerNumber, e.customerName, e.category, e.detail, e.channel, e.actualDate.getTime()]);
  const h = createHash('sha256').update(content).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Loads sandbox data into the mapped store in one transaction: either every record is stored or none.
 * Re-importing is idempotent: banks are upserted by id, customers by (bank, customer number) keeping their
 * customer id, attributes by (customer, name), CRM events by id.
 */
export async function importSandboxData(
  db: Knex,
  data: ImportData,
  progress?: (message: string) => void,
  governance: GovernanceOptions & { cc?: CallContext } = {},
): Promise<ImportSummary> {
  // The import has no user or consumer: its history records name the operation and one correlation id per run.
  const cc: CallContext = governance.cc ?? { correlationId: randomUUID(), operationId: 'admin-import' };
  // Existing rows an import changes are read under lock, so that their version (the history's sequence) cannot move.
  const locking = (q: Knex.QueryBuilder) => (isMysql(db) ? q.forUpdate() : q);
  // Large sections report every 10,000 stored rows (the operator sees a long import move).
  const stored = (section: string, done: number, total: number) => {
    if (progress && (done % 10_000 < CHUNK || done === total) && total >= 10_000) progress(`stored ${done}/${total} ${section}`);
  };
  const pair = (bankId: string, number: string) => JSON.stringify([bankId, number]);
  refuseDuplicates('banks', data.banks, (b) => b.bankId, 'id');
  refuseDuplicates('customers', data.customers, (c) => pair(c.bankId, c.number), 'bank_id and customer_number');
  refuseDuplicates('crm_events', data.crmEvents, crmEventId, 'id (given or derived from the content)');
  refuseDuplicates(
    'customer_attributes',
    data.customerAttributes,
    (a) => JSON.stringify([a.bankId, a.customerNumber, a.name]),
    'bank_id, customer_number and name',
  );

  await inTransaction(db, async (trx) => {
    const now = Date.now();
    for (const batch of chunks(data.banks)) {
      const rows = batch.map((b) => ({
        bank_id: b.bankId,
        ...bankColumns(b),
        created_at: now,
        updated_at: now,
      }));
      const { bank_id: _id, created_at: _created, ...updatable } = rows[0]!;
      await trx('banks').insert(rows).onConflict('bank_id').merge(Object.keys(updatable));
    }

    const referenced = [...new Set([...data.customers, ...data.crmEvents, ...data.customerAttributes].map((r) => r.bankId))];
    const existing = new Set<string>();
    for (const batch of chunks(referenced)) {
      for (const row of await trx('banks').whereIn('bank_id', batch).select<{ bank_id: string }[]>('bank_id')) existing.add(row.bank_id);
    }
    const requireBank = (section: string, items: { bankId: string }[]) =>
      items.forEach((r, i) => {
        if (!existing.has(r.bankId)) throw new ImportError(`${section}[${i}].bank_id: no bank ${JSON.stringify(r.bankId)} in the file or the store`);
      });
    requireBank('customers', data.customers);
    requireBank('crm_events', data.crmEvents);
    requireBank('customer_attributes', data.customerAttributes);

    let customersDone = 0;
    for (const batch of chunks(data.customers)) {
      const previousRows = new Map<string, CustomerRow>();
      const existing = await locking(
        trx('customers')
          .whereIn('bank_id', [...new Set(batch.map((c) => c.bankId))])
          .whereIn(
            'customer_number',
            batch.map((c) => c.number),
          ),
      ).select();
      for (const r of existing as CustomerRow[]) previousRows.set(pair(r.bank_id, r.customer_number), r);
      const rows = batch.map((c) => ({
        customer_id: randomUUID(),
        bank_id: c.bankId,
        customer_number: c.number,
        ...customerColumns(c),
        version: 1,
        created_at: now,
        updated_at: now,
      }));
      const { customer_id: _id, bank_id: _bank, customer_number: _number, created_at: _created, version: _version, ...updatable } = rows[0]!;
      await trx('customers').insert(rows).onConflict(['bank_id', 'customer_number']).merge(Object.keys(updatable));

      // History: a record per customer created or changed (re-importing the same data records nothing).
      const records: ReturnType<typeof historyRows>[] = [];
      const bumped: string[] = [];
      rows.forEach((row, index) => {
        const before = previousRows.get(pair(row.bank_id, row.customer_number));
        const after = customerSnapshot({ ...batch[index]!, email: row.email });
        if (!before) {
          const change = { entity: 'customer', entityId: row.customer_id, action: 'created' as const, before: null, after };
          records.push(historyRows({ customer_id: row.customer_id, bank_id: row.bank_id, version: 1 }, change, cc, governance, now));
          return;
        }
        const previous = customerSnapshot(toCustomer(before));
        if (Object.keys(diff(previous, after)).length === 0) return;
        bumped.push(before.customer_id);
        const locked = { customer_id: before.customer_id, bank_id: before.bank_id, version: Number(before.version) + 1 };
        records.push(historyRows(locked, { entity: 'customer', entityId: before.customer_id, action: 'updated', before: previous, after }, cc, governance, now));
      });
      if (bumped.length > 0) await trx('customers').whereIn('customer_id', bumped).update({ version: trx.raw('?? + 1', ['version']) });
      await appendHistoryRows(trx, records);
      stored('customers', (customersDone += rows.length), data.customers.length);
    }

    // The attributes' customers, whether from this file or already stored: one query per batch of numbers.
    const customerIds = new Map<string, string>();
    const wanted = data.customerAttributes;
    const wantedBanks = [...new Set(wanted.map((a) => a.bankId))];
    for (const batch of chunks([...new Set(wanted.map((a) => a.customerNumber))])) {
      const rows = await trx('customers')
        .whereIn('bank_id', wantedBanks)
        .whereIn('customer_number', batch)
        .select<{ customer_id: string; bank_id: string; customer_number: string }[]>('customer_id', 'bank_id', 'customer_number');
      for (const r of rows) customerIds.set(pair(r.bank_id, r.customer_number), r.customer_id);
    }
    const attributeRows = wanted.map((a, i) => {
      const customerId = customerIds.get(pair(a.bankId, a.customerNumber));
      if (!customerId) {
        throw new ImportError(
          `customer_attributes[${i}].customer_number: no customer ${JSON.stringify(a.customerNumber)} at bank ${JSON.stringify(a.bankId)}`,
        );
      }
      return {
        customer_attribute_id: randomUUID(),
        bank_id: a.bankId,
        customer_id: customerId,
        name: a.name,
        attribute_type: a.type,
        value: a.value,
        created_at: now,
      };
    });
    let attributesDone = 0;
    for (const batch of chunks(attributeRows)) {
      const key = (customerId: string, name: string) => JSON.stringify([customerId, name]);
      const ids = [...new Set(batch.map((a) => a.customer_id))];
      const existing = new Map<string, { customer_attribute_id: string; name: string; attribute_type: string; value: string }>();
      for (const r of await trx('customer_attributes')
        .whereIn('customer_id', ids)
        .whereIn(
          'name',
          batch.map((a) => a.name),
        )
        .select<{ customer_attribute_id: string; customer_id: string; name: string; attribute_type: string; value: string }[]>(
          'customer_attribute_id',
          'customer_id',
          'name',
          'attribute_type',
          'value',
        )) {
        existing.set(key(r.customer_id, r.name), r);
      }
      const changed = batch.filter((a) => {
        const old = existing.get(key(a.customer_id, a.name));
        return !old || old.attribute_type !== a.attribute_type || old.value !== a.value;
      });
      await trx('customer_attributes').insert(batch).onConflict(['customer_id', 'name']).merge(['bank_id', 'attribute_type', 'value']);

      // Each changed attribute takes the next place in its customer's history: one statement moves every
      // customer's version on by its count, under the customers' row locks.
      const counts = new Map<string, number>();
      for (const a of changed) counts.set(a.customer_id, (counts.get(a.customer_id) ?? 0) + 1);
      if (counts.size > 0) {
        const cases = [...counts].map(() => 'when ? then ?').join(' ');
        const bindings = [...counts].flatMap(([id, n]) => [id, n]);
        await trx('customers')
          .whereIn('customer_id', [...counts.keys()])
          .update({ version: trx.raw(`?? + case ?? ${cases} else 0 end`, ['version', 'customer_id', ...bindings]) });
        const versions = new Map<string, { bank_id: string; version: number }>();
        for (const r of await trx('customers')
          .whereIn('customer_id', [...counts.keys()])
          .select<{ customer_id: string; bank_id: string; version: number | string }[]>('customer_id', 'bank_id', 'version')) {
          versions.set(r.customer_id, { bank_id: r.bank_id, version: Number(r.version) - counts.get(r.customer_id)! });
        }
        const records = changed.map((a) => {
          const v = versions.get(a.customer_id)!;
          v.version += 1;
          const old = existing.get(key(a.customer_id, a.name));
          const change = old
            ? { entity: 'customer_attribute', entityId: old.customer_attribute_id, action: 'updated' as const, before: attributeSnapshot(old), after: attributeSnapshot(a) }
            : { entity: 'customer_attribute', entityId: a.customer_attribute_id, action: 'created' as const, before: null, after: attributeSnapshot(a) };
          return historyRows({ customer_id: a.customer_id, bank_id: v.bank_id, version: v.version }, change, cc, governance, now);
        });
        await appendHistoryRows(trx, records);
      }
      stored('customer attributes', (attributesDone += batch.length), attributeRows.length);
    }

    let eventsDone = 0;
    for (const batch of chunks(data.crmEvents)) {
      const rows = batch.map((e) => crmEventRow({ ...e, crmEventId: crmEventId(e) }));
      const { crm_event_id: _id, ...updatable } = rows[0]!;
      await trx('crm_events').insert(rows).onConflict('crm_event_id').merge(Object.keys(updatable));
      stored('CRM events', (eventsDone += rows.length), data.crmEvents.length);
    }
  });

  return {
    banks: data.banks.length,
    customers: data.customers.length,
    crm_events: data.crmEvents.length,
    customer_attributes: data.customerAttributes.length,
  };
}
