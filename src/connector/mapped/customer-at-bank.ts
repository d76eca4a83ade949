import type { Knex } from 'knex';
import { preparedRows } from '../../db/prepared';
import type { Connector } from '../connector';
import type { CustomerAttribute, CustomerAttributeType, CustomerAtBank } from '../types';
import { toBank, type BankRow } from './banks';
import { toCustomer, type CustomerRow } from './customers';

const BANK_COLUMNS = [
  'bank_id',
  'short_name',
  'full_name',
  'logo_url',
  'website_url',
  'swift_bic',
  'national_identifier',
  'bank_routing_scheme',
  'bank_routing_address',
] as const;

/**
 * The bank row, the customer's (if it is one of that bank's) and its attributes, as one statement: a row per
 * attribute (at least one), bank and attribute columns under their own prefixes beside the customer's. Plain
 * SQL, written once and prepared (src/db/prepared.ts): nothing compiles or parses it again per request.
 */
const SQL = `SELECT c.*, ${BANK_COLUMNS.map((col) => `b.${col} AS b__${col}`).join(', ')},
  a.customer_attribute_id AS a__id, a.name AS a__name, a.attribute_type AS a__type, a.value AS a__value
FROM banks b
LEFT JOIN customers c ON c.customer_id = ? AND c.bank_id = b.bank_id
LEFT JOIN customer_attributes a ON a.customer_id = c.customer_id AND a.bank_id = b.bank_id
WHERE b.bank_id = ?
ORDER BY a.name`;

type Row = CustomerRow & Record<`b__${(typeof BANK_COLUMNS)[number]}`, string> & {
  a__id: string | null;
  a__name: string;
  a__type: string;
  a__value: string;
};

export function customerAtBankMethods(db: Knex): Pick<Connector, 'getCustomerAtBank'> {
  return {
    async getCustomerAtBank(bankId, customerId): Promise<CustomerAtBank> {
      const rows = await preparedRows<Row>(db, SQL, [customerId, bankId]);
      const first = rows[0];
      if (!first) return { attributes: [] };
      const bank = toBank(Object.fromEntries(BANK_COLUMNS.map((col) => [col, first[`b__${col}`]])) as unknown as BankRow);
      if (first.customer_id === null || first.customer_id === undefined) return { bank, attributes: [] };
      const attributes: CustomerAttribute[] = [];
      for (const r of rows) {
        if (r.a__id === null) continue;
        attributes.push({
          customerAttributeId: r.a__id,
          bankId,
          customerId: first.customer_id,
          name: r.a__name,
          attributeType: r.a__type as CustomerAttributeType,
          value: r.a__value,
        });
      }
      return { bank, customer: toCustomer(first), attributes };
    },
  };
}
