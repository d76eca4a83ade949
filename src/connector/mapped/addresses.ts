import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isForeignKeyViolation } from '../../db/knex';
import type { Connector } from '../connector';
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

export function addressMethods(db: Knex): AddressMethods {
  const owned = (customerId: string, customerAddressId: string) =>
    db<AddressRow>('customer_addresses').where({ customer_id: customerId, customer_address_id: customerAddressId });

  return {
    async getCustomerAddress(customerId) {
      const rows = await db<AddressRow>('customer_addresses')
        .where({ customer_id: customerId })
        .orderBy('insert_date')
        .orderBy('customer_address_id');
      return rows.map(toAddress);
    },

    async createCustomerAddress(customerId, fields) {
      const row: AddressRow = {
        customer_address_id: randomUUID(),
        customer_id: customerId,
        ...addressColumns(fields),
        insert_date: Date.now(),
      };
      try {
        await db('customer_addresses').insert(row);
      } catch (e) {
        if (isForeignKeyViolation(e)) throw new ConnectorError('NOT_FOUND', `customer ${customerId} not found`, { obpCode: 'OBP-30046', cause: e });
        throw e;
      }
      return toAddress(row);
    },

    async updateCustomerAddress(customerId, customerAddressId, fields) {
      const count = await owned(customerId, customerAddressId).update(addressColumns(fields));
      if (count === 0) return undefined;
      const row = await owned(customerId, customerAddressId).first();
      return row && toAddress(row);
    },

    async deleteCustomerAddress(customerId, customerAddressId) {
      return (await owned(customerId, customerAddressId).delete()) > 0;
    },
  };
}
