import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/knex';
import { transactionWithRetry } from '../../db/conflict-retry';
import type { Connector } from '../connector';
import { ConnectorError } from '../errors';
import type { CustomerAttribute, CustomerAttributeFields, CustomerAttributeType } from '../types';

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
 * Customer attributes. Each write is one transaction of its own (createAttribute, updateAttribute, delete), so that
 * records a write implies (e.g. its history) can join it.
 */
export function attributeMethods(db: Knex): AttributeMethods {
  const owned = (q: Knex, bankId: string, customerId: string, customerAttributeId: string) =>
    q<AttributeRow>('customer_attributes').where({ customer_attribute_id: customerAttributeId, bank_id: bankId, customer_id: customerId });

  const createAttribute = (bankId: string, customerId: string, fields: CustomerAttributeFields) =>
    transactionWithRetry(db, async (trx) => {
      // Customers are never deleted and never change bank, so the customer found here is still there at the insert.
      const customer = await trx('customers').where({ customer_id: customerId, bank_id: bankId }).first('customer_id');
      if (!customer) return undefined;
      const row = { customer_attribute_id: randomUUID(), bank_id: bankId, customer_id: customerId, ...attributeColumns(fields) };
      await uniqueName(trx('customer_attributes').insert({ ...row, created_at: Date.now() }));
      return toAttribute(row);
    });

  const updateAttribute = (bankId: string, customerId: string, customerAttributeId: string, fields: CustomerAttributeFields) =>
    transactionWithRetry(db, async (trx) => {
      const count = await uniqueName(owned(trx, bankId, customerId, customerAttributeId).update(attributeColumns(fields)));
      if (count === 0) return undefined;
      const row = await owned(trx, bankId, customerId, customerAttributeId).first();
      return row && toAttribute(row);
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

    createOrUpdateCustomerAttribute: (bankId, customerId, customerAttributeId, fields) =>
      customerAttributeId === undefined
        ? createAttribute(bankId, customerId, fields)
        : updateAttribute(bankId, customerId, customerAttributeId, fields),

    async getCustomerAttributeById(bankId, customerId, customerAttributeId) {
      const row = await owned(db, bankId, customerId, customerAttributeId).first();
      return row && toAttribute(row);
    },

    deleteCustomerAttribute: (bankId, customerAttributeId) =>
      transactionWithRetry(db, async (trx) => {
        const count = await trx('customer_attributes').where({ customer_attribute_id: customerAttributeId, bank_id: bankId }).delete();
        return count > 0;
      }),
  };
}
