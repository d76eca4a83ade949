import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/knex';
import type { Connector } from '../connector';
import { inTransaction } from '../../db/transaction';
import { appendHistory, lockCustomer, type GovernanceOptions } from './history';
import { idempotentCreate } from './idempotent-create';
import { ConnectorError } from '../errors';
import type { TaxResidence } from '../types';

interface TaxResidenceRow {
  tax_residence_id: string;
  customer_id: string;
  domain: string;
  tax_number: string;
}

const toTaxResidence = (r: TaxResidenceRow): TaxResidence => ({
  taxResidenceId: r.tax_residence_id,
  customerId: r.customer_id,
  domain: r.domain,
  taxNumber: r.tax_number,
});

export type TaxResidenceMethods = Pick<Connector, 'createTaxResidence' | 'getTaxResidence' | 'deleteTaxResidence'>;

export function taxResidenceMethods(db: Knex, governance: GovernanceOptions = {}): TaxResidenceMethods {
  return {
    createTaxResidence: (customerId, domain, taxNumber, cc) =>
      inTransaction(db, (trx) =>
        idempotentCreate(trx, cc, 'createTaxResidence', async () => {
          const locked = await lockCustomer(trx, customerId, cc);
          if (!locked) throw new ConnectorError('NOT_FOUND', `customer ${customerId} not found`, { obpCode: 'OBP-30046' });
          const row: TaxResidenceRow = { tax_residence_id: randomUUID(), customer_id: customerId, domain, tax_number: taxNumber };
          try {
            await trx('tax_residences').insert({ ...row, created_at: Date.now() });
          } catch (e) {
            // OBP keeps one row per (customer, domain, number) and reports a duplicate as a connector failure.
            if (isUniqueViolation(e)) throw new ConnectorError('ALREADY_EXISTS', 'tax residence already exists for the customer', { cause: e });
            if (isForeignKeyViolation(e)) throw new ConnectorError('NOT_FOUND', `customer ${customerId} not found`, { obpCode: 'OBP-30046', cause: e });
            throw e;
          }
          const change = { entity: 'tax_residence', entityId: row.tax_residence_id, action: 'created' as const, before: null, after: { domain, tax_number: taxNumber } };
          await appendHistory(trx, locked, change, cc, governance);
          return toTaxResidence(row);
        }),
      ),

    async getTaxResidence(customerId) {
      const rows = await db<TaxResidenceRow>('tax_residences')
        .where({ customer_id: customerId })
        .orderBy('created_at')
        .orderBy('tax_residence_id')
        .select('tax_residence_id', 'customer_id', 'domain', 'tax_number');
      return rows.map(toTaxResidence);
    },

    deleteTaxResidence: (customerId, taxResidenceId, cc) =>
      inTransaction(db, async (trx) => {
        const locked = await lockCustomer(trx, customerId, cc);
        if (!locked) return false;
        const owned = () => trx<TaxResidenceRow>('tax_residences').where({ customer_id: customerId, tax_residence_id: taxResidenceId });
        const before = await owned().first();
        if (!before) return false;
        await owned().delete();
        const change = {
          entity: 'tax_residence',
          entityId: taxResidenceId,
          action: 'deleted' as const,
          before: { domain: before.domain, tax_number: before.tax_number },
          after: null,
        };
        await appendHistory(trx, locked, change, cc, governance);
        return true;
      }),
  };
}
