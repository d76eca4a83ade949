import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/knex';
import { inTransaction } from '../../db/transaction';
import type { CallContext } from '../connector';
import type { Connector } from '../connector';
import { ConnectorError } from '../errors';
import type { CustomerAttribute, CustomerAttributeFields, CustomerAttributeType } from '../types';
import { appendHistory, lockCustomer, type GovernanceOptions } from './history';
import { idempotentCreate } from './idempotent-create';

interface AttributeRow {
  customer_attribute_id: string;
  bank_id: string;
  customer_id: string;
  name: string;
  attribute_type: string;
  value: string;
}

const toAttribute = (r: AttributeRow): CustomerAttribute => ({
  customerAttributeId: r.customer_attribute_id,
  bankId: r.bank_id,
  customerId: r.customer_id,
  name: r.name,
  attributeType: r.attribute_type as CustomerAttributeType,
  value: r.value,
});

const attributeColumns = (f: CustomerAttributeFields) => ({ name: f.name, attribute_type: f.attributeType, value: f.value });
/** An attribute as its history records it. */
export const attributeSnapshot = (r: { name: string; attribute_type: string; value: string }) => ({ name: r.name, type: r.attribute_type, value: r.value });

/** The unique (customer, name) index decides, so concurrent writes of one name cannot both succeed. */
async function uniqueName<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new ConnectorError('ALREADY_EXISTS', 'the customer already has an attribute with this name', { obpCode: 'OBP-30351', cause: e });
    }
    throw e;
  }
}

export type AttributeMethods = Pick<
  Connector,
  | 'getCustomerAttributes'
  | 'getCustomerAttributesForCustomers'
  | 'createOrUpdateCustomerAttribute'
  | 'getCustomerAttributeById'
  | 'deleteCustomerAttribute'
>;

/**
 * Customer attributes. Each write is one transaction with the customer's row lock and its history record.
 */
export function attributeMethods(db: Knex, governance: GovernanceOptions = {}): AttributeMethods {
  const owned = (q: Knex, bankId: string, customerId: string, customerAttributeId: string) =>
    q<AttributeRow>('customer_attributes').where({ customer_attribute_id: customerAttributeId, bank_id: bankId, customer_id: customerId });

  const createAttribute = (bankId: string, customerId: string, fields: CustomerAttributeFields, cc: CallContext) =>
    inTransaction(db, (trx) =>
      idempotentCreate(trx, cc, 'createCustomerAttribute', async () => {
        // Customers are never deleted and never change bank; the lock holds the customer until the commit.
        const locked = await lockCustomer(trx, customerId, cc, bankId);
        if (!locked) return undefined;
        const row = { customer_attribute_id: randomUUID(), bank_id: bankId, customer_id: customerId, ...attributeColumns(fields) };
        await uniqueName(trx('customer_attributes').insert({ ...row, created_at: Date.now() }));
        const change = { entity: 'customer_attribute', entityId: row.customer_attribute_id, action: 'created' as const, before: null, after: attributeSnapshot(row) };
        await appendHistory(trx, locked, change, cc, governance);
        return toAttribute(row);
      }),
    );

  const updateAttribute = (bankId: string, customerId: string, customerAttributeId: string, fields: CustomerAttributeFields, cc: CallContext) =>
    inTransaction(db, async (trx) => {
      const locked = await lockCustomer(trx, customerId, cc, bankId);
      if (!locked) return undefined;
      const before = await owned(trx, bankId, customerId, customerAttributeId).first();
      if (!before) return undefined;
      await uniqueName(owned(trx, bankId, customerId, customerAttributeId).update(attributeColumns(fields)));
      const row = (await owned(trx, bankId, customerId, customerAttributeId).first())!;
      const change = { entity: 'customer_attribute', entityId: customerAttributeId, action: 'updated' as const, before: attributeSnapshot(before), after: attributeSnapshot(row) };
      await appendHistory(trx, locked, change, cc, governance);
      return toAttribute(row);
    });
  return {
    async getCustomerAttributes(bankId, customerId) {
      const rows = await db<AttributeRow>('customer_attributes').where({ bank_id: bankId, customer_id: customerId }).orderBy('name');
      return rows.map(toAttribute);
    },

    async getCustomerAttributesForCustomers(customers) {
      if (customers.length === 0) return [];
      const rows = await db<AttributeRow>('customer_attributes')
        .whereIn(
          'customer_id',
          customers.map((c) => c.customerId),
        )
        .orderBy('name');
      const byCustomer = new Map<string, CustomerAttribute[]>();
      for (const r of rows) {
        const list = byCustomer.get(r.customer_id) ?? [];
        list.push(toAttribute(r));
        byCustomer.set(r.customer_id, list);
      }
      return customers.map((customer) => ({
        customer,
        attributes: (byCustomer.get(customer.customerId) ?? []).filter((a) => a.bankId === customer.bankId),
      }));
    },

    createOrUpdateCustomerAttribute: (bankId, customerId, customerAttributeId, fields, cc) =>
      customerAttributeId === undefined
        ? createAttribute(bankId, customerId, fields, cc)
        : updateAttribute(bankId, customerId, customerAttributeId, fields, cc),

    async getCustomerAttributeById(bankId, customerId, customerAttributeId) {
      const row = await owned(db, bankId, customerId, customerAttributeId).first();
      return row && toAttribute(row);
    },

    deleteCustomerAttribute: (bankId, customerAttributeId, cc) =>
      inTransaction(db, async (trx) => {
        const found = await trx<AttributeRow>('customer_attributes').where({ customer_attribute_id: customerAttributeId, bank_id: bankId }).first();
        if (!found) return false;
        const locked = await lockCustomer(trx, found.customer_id, cc, bankId);
        if (!locked) return false;
        // Read again under the customer's lock: another delete may have come first.
        const before = await owned(trx, bankId, found.customer_id, customerAttributeId).first();
        if (!before) return false;
        await owned(trx, bankId, found.customer_id, customerAttributeId).delete();
        const change = { entity: 'customer_attribute', entityId: customerAttributeId, action: 'deleted' as const, before: attributeSnapshot(before), after: null };
        await appendHistory(trx, locked, change, cc, governance);
        return true;
      }),
  };
}
