import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { inTransaction } from '../../db/transaction';
import type { CallContext } from '../connector';
import { bankColumns } from './banks';
import { crmEventRow } from './crm-events';
import type { Bank, Customer, CustomerAttributeType } from '../types';
import type { GovernanceOptions } from './history';
import { customerKey, importAttributeBatch, readStoredCustomers, writeCustomerBatch, type AttributeRow, type ImportRun } from './import-customers';

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

// Records per batch: one read of a batch's stored rows, then its writes. Inserts are split further by their own
// limits (src/db/bulk-insert.ts); Knex's statements stay under SQLite's bound-parameter limit (32,766).
const CHUNK = 1000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Marks a promise as handled: an earlier failure can end the import before it is awaited, and it must not then
 * count as an unhandled rejection. Awaiting it still throws.
 */
function handled<T>(pending: Promise<T>): Promise<T> {
  pending.catch(() => undefined);
  return pending;
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
  // Large sections report every 10,000 stored rows (the operator sees a long import move).
  const stored = (section: string, done: number, total: number) => {
    if (progress && (done % 10_000 < CHUNK || done === total) && total >= 10_000) progress(`stored ${done}/${total} ${section}`);
  };
  refuseDuplicates('banks', data.banks, (b) => b.bankId, 'id');
  refuseDuplicates('customers', data.customers, (c) => customerKey(c.bankId, c.number), 'bank_id and customer_number');
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

    const run: ImportRun = { trx, cc, governance, now, placed: new Map() };
    const batches = chunks(data.customers);
    let customersDone = 0;
    let read = batches.length > 0 ? readStoredCustomers(run, batches[0]!) : undefined;
    let writing: Promise<void> | undefined;
    for (const [i, batch] of batches.entries()) {
      const storedRows = await read!.rows;
      // The next batch's read goes to the server ahead of this batch's writes: on MySQL the import builds the next
      // batch while the server writes this one, instead of waiting for it.
      read = i + 1 < batches.length ? readStoredCustomers(run, batches[i + 1]!) : undefined;
      if (read) {
        handled(read.rows);
        await read.sent;
      }
      const written = handled(writeCustomerBatch(run, batch, storedRows));
      await writing;
      writing = handled(written.then(() => stored('customers', (customersDone += batch.length), data.customers.length)));
    }
    await writing;

    // The attributes' customers: the file's as placed, any other from the store (one query per batch of numbers).
    const wanted = data.customerAttributes;
    const elsewhere = [...new Set(wanted.filter((a) => !run.placed.has(customerKey(a.bankId, a.customerNumber))).map((a) => a.customerNumber))];
    const storedIds = new Map<string, string>();
    const wantedBanks = [...new Set(wanted.map((a) => a.bankId))];
    for (const batch of chunks(elsewhere)) {
      const rows = await trx('customers')
        .whereIn('bank_id', wantedBanks)
        .whereIn('customer_number', batch)
        .select<{ customer_id: string; bank_id: string; customer_number: string }[]>('customer_id', 'bank_id', 'customer_number');
      for (const r of rows) storedIds.set(customerKey(r.bank_id, r.customer_number), r.customer_id);
    }
    const attributeRows = wanted.map((a, i): AttributeRow => {
      const k = customerKey(a.bankId, a.customerNumber);
      const customerId = run.placed.get(k)?.customerId ?? storedIds.get(k);
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
    const byId = new Map([...run.placed.values()].map((c) => [c.customerId, c]));
    let attributesDone = 0;
    for (const batch of chunks(attributeRows)) {
      await importAttributeBatch(run, batch, byId);
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
