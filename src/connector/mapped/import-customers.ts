/**
 * The admin import's customers and customer attributes, batch by batch, with their history records: the bulk
 * path (src/db/bulk-insert.ts). A batch reads its stored rows once, under lock; a row that is new is inserted
 * and recorded as created without comparing anything, a stored row whose columns are all equal is left alone
 * (re-importing the same data writes and records nothing), and only a row that differs is diffed. The import
 * remembers the customers it has placed, so the attributes find their customer and its version without reading
 * them back.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { bulkInsert, type BulkTable, type BulkValue } from '../../db/bulk-insert';
import { isMysql } from '../../db/knex';
import type { CallContext } from '../connector';
import type { CustomerAttributeType } from '../types';
import { attributeSnapshot } from './customer-attributes';
import { customerColumns, customerSnapshot, toCustomer, type CustomerRow } from './customers';
import { appendHistoryRows, diff, historyRows, type GovernanceOptions, type HistoryRows } from './history';
import type { ImportCustomer } from './import';

/** What one import run shares between its batches. */
export interface ImportRun {
  trx: Knex.Transaction;
  cc: CallContext;
  governance: GovernanceOptions;
  now: number;
  /** The customers of this run's file by customerKey, as placed: id, current version, new or not. */
  placed: Map<string, PlacedCustomer>;
}

export interface PlacedCustomer {
  customerId: string;
  bankId: string;
  version: number;
  /** Created by this run: it has no stored attributes to compare with. */
  created: boolean;
}

export const customerKey = (bankId: string, number: string) => JSON.stringify([bankId, number]);

const CUSTOMER_COLUMNS = Object.keys(customerColumns(emptyCustomer()));
const CUSTOMERS: BulkTable = {
  table: 'customers',
  columns: ['customer_id', 'bank_id', 'customer_number', ...CUSTOMER_COLUMNS, 'version', 'created_at', 'updated_at'],
  // A stored customer keeps its id, number and creation time.
  upsert: { key: ['bank_id', 'customer_number'], set: [...CUSTOMER_COLUMNS, 'version', 'updated_at'] },
};

const ATTRIBUTES: BulkTable = {
  table: 'customer_attributes',
  columns: ['customer_attribute_id', 'bank_id', 'customer_id', 'name', 'attribute_type', 'value', 'created_at'],
  upsert: { key: ['customer_id', 'name'], set: ['bank_id', 'attribute_type', 'value'] },
};

function emptyCustomer(): ImportCustomer {
  return {
    bankId: '',
    number: '',
    legalName: '',
    mobileNumber: '',
    email: '',
    faceImage: { url: '', date: null },
    dateOfBirth: null,
    relationshipStatus: '',
    dependents: 0,
    dobOfDependents: [],
    highestEducationAttained: '',
    employmentStatus: '',
    creditRating: { rating: '', source: '' },
    creditLimit: { currency: '', amount: '' },
    kycStatus: false,
    lastOkDate: null,
    title: '',
    branchId: '',
    nameSuffix: '',
  };
}

/** A stored column value equal to the one the import would write (drivers return numbers as text, booleans as 0/1). */
function sameValue(stored: unknown, value: unknown): boolean {
  if (stored === value) return true;
  if (stored === null || stored === undefined || value === null) return false;
  return String(stored) === String(typeof value === 'boolean' ? Number(value) : value);
}

export interface StoredRead {
  /** Resolves once the statement has been handed to the driver (or has failed). */
  sent: Promise<void>;
  rows: Promise<Map<string, CustomerRow>>;
}

/** Reads a batch's stored customers, under lock, so that their versions (the history's sequence) cannot move. */
export function readStoredCustomers(run: ImportRun, batch: ImportCustomer[]): StoredRead {
  const q = run.trx('customers')
    .whereIn('bank_id', [...new Set(batch.map((c) => c.bankId))])
    .whereIn(
      'customer_number',
      batch.map((c) => c.number),
    );
  let announce = () => {};
  const sent = new Promise<void>((resolve) => (announce = resolve));
  q.on('query', () => announce());
  const rows = (async () => {
    const stored = new Map<string, CustomerRow>();
    for (const r of (await (isMysql(run.trx) ? q.forUpdate() : q).select()) as CustomerRow[]) stored.set(customerKey(r.bank_id, r.customer_number), r);
    return stored;
  })();
  rows.then(announce, announce);
  return { sent, rows };
}

/**
 * Stores one batch of the file's customers and their history, given their stored rows, and records them in
 * `run.placed`. The rows and records are built before the function first waits, so the caller may build the next
 * batch while these writes run.
 */
export async function writeCustomerBatch(run: ImportRun, batch: ImportCustomer[], stored: Map<string, CustomerRow>): Promise<void> {
  const { trx, cc, governance, now } = run;
  const rows: BulkValue[][] = [];
  const records: HistoryRows[] = [];
  for (const c of batch) {
    const key = customerKey(c.bankId, c.number);
    const before = stored.get(key);
    const columns = customerColumns(c);
    const after = () => customerSnapshot({ ...c, email: columns.email });
    if (!before) {
      const customerId = randomUUID();
      const placed = { customerId, bankId: c.bankId, version: 1, created: true };
      run.placed.set(key, placed);
      rows.push(customerRow(placed, c.number, columns, now));
      const change = { entity: 'customer', entityId: customerId, action: 'created' as const, before: null, after: after() };
      records.push(historyRows({ customer_id: customerId, bank_id: c.bankId, version: 1 }, change, cc, governance, now));
      continue;
    }
    const placed = { customerId: before.customer_id, bankId: before.bank_id, version: Number(before.version), created: false };
    run.placed.set(key, placed);
    if (CUSTOMER_COLUMNS.every((name) => sameValue(before[name as keyof CustomerRow], columns[name as keyof typeof columns]))) continue;
    const previous = customerSnapshot(toCustomer(before));
    const changes = { entity: 'customer', entityId: before.customer_id, action: 'updated' as const, before: previous, after: after() };
    if (Object.keys(diff(changes.before, changes.after)).length === 0) continue;
    placed.version += 1;
    rows.push(customerRow(placed, c.number, columns, now));
    records.push(historyRows({ customer_id: placed.customerId, bank_id: placed.bankId, version: placed.version }, changes, cc, governance, now));
  }
  await bulkInsert(trx, CUSTOMERS, rows);
  await appendHistoryRows(trx, records);
}

function customerRow(placed: PlacedCustomer, number: string, columns: ReturnType<typeof customerColumns>, now: number): BulkValue[] {
  const values: BulkValue[] = [placed.customerId, placed.bankId, number];
  for (const name of CUSTOMER_COLUMNS) values.push(columns[name as keyof typeof columns]);
  values.push(placed.version, now, now);
  return values;
}

export interface AttributeRow {
  customer_attribute_id: string;
  bank_id: string;
  customer_id: string;
  name: string;
  attribute_type: CustomerAttributeType;
  value: string;
  created_at: number;
}

interface StoredAttribute {
  customer_attribute_id: string;
  customer_id: string;
  name: string;
  attribute_type: string;
  value: string;
}

/**
 * Stores one batch of attributes. Each changed attribute takes the next place in its customer's history, and the
 * customers' versions move on by their counts in one statement. `customers`: the customers this run knows, by id
 * (the file's, as placed); any other is read under lock and added.
 */
export async function importAttributeBatch(run: ImportRun, batch: AttributeRow[], customers: Map<string, PlacedCustomer>) {
  const { trx, cc, governance, now } = run;
  const key = (customerId: string, name: string) => JSON.stringify([customerId, name]);
  const stored = new Map<string, StoredAttribute>();
  // A customer this run created has no attributes stored before it.
  const compared = batch.filter((a) => !customers.get(a.customer_id)?.created);
  if (compared.length > 0) {
    for (const r of await trx('customer_attributes')
      .whereIn('customer_id', [...new Set(compared.map((a) => a.customer_id))])
      .whereIn('name', [...new Set(compared.map((a) => a.name))])
      .select<StoredAttribute[]>('customer_attribute_id', 'customer_id', 'name', 'attribute_type', 'value')) {
      stored.set(key(r.customer_id, r.name), r);
    }
  }
  const changed = batch.filter((a) => {
    const old = stored.get(key(a.customer_id, a.name));
    return !old || old.attribute_type !== a.attribute_type || old.value !== a.value;
  });
  if (changed.length === 0) return;

  const unknown = [...new Set(changed.map((a) => a.customer_id).filter((id) => !customers.has(id)))];
  if (unknown.length > 0) {
    const q = trx('customers').whereIn('customer_id', unknown);
    const rows = await (isMysql(trx) ? q.forUpdate() : q).select<{ customer_id: string; bank_id: string; version: number | string }[]>('customer_id', 'bank_id', 'version');
    for (const r of rows) customers.set(r.customer_id, { customerId: r.customer_id, bankId: r.bank_id, version: Number(r.version), created: false });
  }
  const records = changed.map((a) => {
    const customer = customers.get(a.customer_id)!;
    customer.version += 1;
    const old = stored.get(key(a.customer_id, a.name));
    const change = old
      ? { entity: 'customer_attribute', entityId: old.customer_attribute_id, action: 'updated' as const, before: attributeSnapshot(old), after: attributeSnapshot(a) }
      : { entity: 'customer_attribute', entityId: a.customer_attribute_id, action: 'created' as const, before: null, after: attributeSnapshot(a) };
    return historyRows({ customer_id: a.customer_id, bank_id: customer.bankId, version: customer.version }, change, cc, governance, now);
  });
  await bulkInsert(
    trx,
    ATTRIBUTES,
    changed.map((a) => ATTRIBUTES.columns.map((c) => a[c as keyof AttributeRow])),
  );
  // The versions as counted above, set under the customers' row locks (taken when they were read or written).
  const moved = [...new Set(changed.map((a) => a.customer_id))];
  const cases = moved.map(() => 'when ? then ?').join(' ');
  const bindings = moved.flatMap((id) => [id, customers.get(id)!.version]);
  await trx('customers')
    .whereIn('customer_id', moved)
    .update({ version: trx.raw(`case ?? ${cases} else ?? end`, ['customer_id', ...bindings, 'version']) });
  await appendHistoryRows(trx, records);
}
