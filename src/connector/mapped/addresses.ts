import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isForeignKeyViolation } from '../../db/knex';
import type { Connector } from '../connector';
import { inTransaction } from '../../db/transaction';
import { appendHistory, lockCustomer, type GovernanceOptions } from './history';
import { idempotentCreate } from './idempotent-create';
import { ConnectorError } from '../errors';
import type { CustomerAddress, CustomerAddressFields } from '../types';

interface AddressRow {
  customer_address_id: string;
  customer_id: string;
  line_1: string;
  line_2: string;
  line_3: string;
  city: string;
  county: string;
  state: string;
  postcode: string;
  country_code: string;
  tags: string;
  status: string;
  insert_date: number | string;
}

const toAddress = (r: AddressRow): CustomerAddress => ({
  customerAddressId: r.customer_address_id,
  customerId: r.customer_id,
  line1: r.line_1,
  line2: r.line_2,
  line3: r.line_3,
  city: r.city,
  county: r.county,
  state: r.state,
  postcode: r.postcode,
  countryCode: r.country_code,
  tags: JSON.parse(r.tags) as string[],
  status: r.status,
  insertDate: new Date(Number(r.insert_date)),
});

const addressColumns = (f: CustomerAddressFields) => ({
  line_1: f.line1,
  line_2: f.line2,
  line_3: f.line3,
  city: f.city,
  county: f.county,
  state: f.state,
  postcode: f.postcode,
  country_code: f.countryCode,
  tags: JSON.stringify(f.tags),
  status: f.status,
});

export type AddressMethods = Pick<
  Connector,
  'getCustomerAddress' | 'createCustomerAddress' | 'updateCustomerAddress' | 'deleteCustomerAddress'
>;

/** An address as its history records it. */
const addressSnapshot = ({ customer_address_id: _a, customer_id: _c, ...fields }: AddressRow) => ({ ...fields, tags: JSON.parse(fields.tags) as unknown });

export function addressMethods(db: Knex, governance: GovernanceOptions = {}): AddressMethods {
  const owned = (q: Knex, customerId: string, customerAddressId: string) =>
    q<AddressRow>('customer_addresses').where({ customer_id: customerId, customer_address_id: customerAddressId });

  return {
    async getCustomerAddress(customerId) {
      const rows = await db<AddressRow>('customer_addresses')
        .where({ customer_id: customerId })
        .orderBy('insert_date')
        .orderBy('customer_address_id');
      return rows.map(toAddress);
    },

    createCustomerAddress: (customerId, fields, cc) =>
      inTransaction(db, (trx) =>
        idempotentCreate(trx, cc, 'createCustomerAddress', async () => {
          const locked = await lockCustomer(trx, customerId, cc);
          if (!locked) throw new ConnectorError('NOT_FOUND', `customer ${customerId} not found`, { obpCode: 'OBP-30046' });
          const row: AddressRow = {
            customer_address_id: randomUUID(),
            customer_id: customerId,
            ...addressColumns(fields),
            insert_date: Date.now(),
          };
          try {
            await trx('customer_addresses').insert(row);
          } catch (e) {
            if (isForeignKeyViolation(e)) throw new ConnectorError('NOT_FOUND', `customer ${customerId} not found`, { obpCode: 'OBP-30046', cause: e });
            throw e;
          }
          const change = { entity: 'address', entityId: row.customer_address_id, action: 'created' as const, before: null, after: addressSnapshot(row) };
          await appendHistory(trx, locked, change, cc, governance);
          return toAddress(row);
        }),
      ),

    updateCustomerAddress: (customerId, customerAddressId, fields, cc) =>
      inTransaction(db, async (trx) => {
        const locked = await lockCustomer(trx, customerId, cc);
        if (!locked) return undefined;
        const before = await owned(trx, customerId, customerAddressId).first();
        if (!before) return undefined;
        await owned(trx, customerId, customerAddressId).update(addressColumns(fields));
        const row = (await owned(trx, customerId, customerAddressId).first())!;
        const change = { entity: 'address', entityId: customerAddressId, action: 'updated' as const, before: addressSnapshot(before), after: addressSnapshot(row) };
        await appendHistory(trx, locked, change, cc, governance);
        return toAddress(row);
      }),

    deleteCustomerAddress: (customerId, customerAddressId, cc) =>
      inTransaction(db, async (trx) => {
        const locked = await lockCustomer(trx, customerId, cc);
        if (!locked) return false;
        const before = await owned(trx, customerId, customerAddressId).first();
        if (!before) return false;
        await owned(trx, customerId, customerAddressId).delete();
        const change = { entity: 'address', entityId: customerAddressId, action: 'deleted' as const, before: addressSnapshot(before), after: null };
        await appendHistory(trx, locked, change, cc, governance);
        return true;
      }),
  };
}
