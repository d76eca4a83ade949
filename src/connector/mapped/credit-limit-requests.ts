import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { insertionStamp } from '../../db/insertion-order';
import { isForeignKeyViolation } from '../../db/knex';
import type { Connector } from '../connector';
import { inTransaction } from '../../db/transaction';
import { appendHistory, lockCustomer, type GovernanceOptions } from './history';
import { idempotentCreate } from './idempotent-create';
import { ConnectorError } from '../errors';
import type { CreditLimitRequest, CreditLimitRequestFields } from '../types';

interface CreditLimitRequestRow {
  credit_limit_request_id: string;
  bank_id: string;
  customer_id: string;
  requested_current_rate_amount1: string;
  requested_current_rate_amount2: string;
  requested_current_valid_end_date: string;
  current_credit_documentation: string;
  temporary_requested_current_amount: string;
  requested_temporary_valid_end_date: string;
  temporary_credit_documentation: string;
  created_at: number | string;
}

const columns = (f: CreditLimitRequestFields) => ({
  requested_current_rate_amount1: f.requestedCurrentRateAmount1,
  requested_current_rate_amount2: f.requestedCurrentRateAmount2,
  requested_current_valid_end_date: f.requestedCurrentValidEndDate,
  current_credit_documentation: f.currentCreditDocumentation,
  temporary_requested_current_amount: f.temporaryRequestedCurrentAmount,
  requested_temporary_valid_end_date: f.requestedTemporaryValidEndDate,
  temporary_credit_documentation: f.temporaryCreditDocumentation,
});

const toRequest = (r: CreditLimitRequestRow): CreditLimitRequest => ({
  creditLimitRequestId: r.credit_limit_request_id,
  bankId: r.bank_id,
  customerId: r.customer_id,
  requestedCurrentRateAmount1: r.requested_current_rate_amount1,
  requestedCurrentRateAmount2: r.requested_current_rate_amount2,
  requestedCurrentValidEndDate: r.requested_current_valid_end_date,
  currentCreditDocumentation: r.current_credit_documentation,
  temporaryRequestedCurrentAmount: r.temporary_requested_current_amount,
  requestedTemporaryValidEndDate: r.requested_temporary_valid_end_date,
  temporaryCreditDocumentation: r.temporary_credit_documentation,
  createdAt: new Date(Number(r.created_at)),
});

const SELECTED = [
  'credit_limit_request_id',
  'bank_id',
  'customer_id',
  'requested_current_rate_amount1',
  'requested_current_rate_amount2',
  'requested_current_valid_end_date',
  'current_credit_documentation',
  'temporary_requested_current_amount',
  'requested_temporary_valid_end_date',
  'temporary_credit_documentation',
  'created_at',
] as const;

export type CreditLimitRequestMethods = Pick<
  Connector,
  'createCreditLimitRequest' | 'getCreditLimitRequests' | 'getCreditLimitRequestByRequestId'
>;

export function creditLimitRequestMethods(db: Knex, governance: GovernanceOptions = {}): CreditLimitRequestMethods {
  return {
    createCreditLimitRequest: (bankId, customerId, fields, cc) =>
      inTransaction(db, (trx) =>
        idempotentCreate(trx, cc, 'createCreditLimitRequest', async () => {
          const locked = await lockCustomer(trx, customerId, cc, bankId);
          if (!locked) throw new ConnectorError('NOT_FOUND', `customer ${customerId} at bank ${bankId} not found`, { obpCode: 'OBP-30046' });
          const row: CreditLimitRequestRow = {
            credit_limit_request_id: randomUUID(),
            bank_id: bankId,
            customer_id: customerId,
            ...columns(fields),
            created_at: Date.now(),
          };
          try {
            await trx('credit_limit_requests').insert({ ...row, inserted_at_us: insertionStamp() });
          } catch (e) {
            if (isForeignKeyViolation(e)) {
              throw new ConnectorError('NOT_FOUND', `customer ${customerId} at bank ${bankId} not found`, { obpCode: 'OBP-30046', cause: e });
            }
            throw e;
          }
          const change = { entity: 'credit_limit_request', entityId: row.credit_limit_request_id, action: 'created' as const, before: null, after: columns(fields) };
          await appendHistory(trx, locked, change, cc, governance);
          return toRequest(row);
        }),
      ),

    /** Newest first; the (customer_id, inserted_at_us, seq) index serves the order, so LIMIT 1 reads one row. */
    async getCreditLimitRequests(bankId, customerId, limit) {
      const rows = await db<CreditLimitRequestRow>('credit_limit_requests')
        .where({ customer_id: customerId, bank_id: bankId })
        .orderBy('inserted_at_us', 'desc')
        .orderBy('credit_limit_request_seq', 'desc')
        .limit(limit)
        .select(...SELECTED);
      return rows.map(toRequest);
    },

    async getCreditLimitRequestByRequestId(bankId, customerId, requestId) {
      const row = await db<CreditLimitRequestRow>('credit_limit_requests')
        .where({ credit_limit_request_id: requestId, customer_id: customerId, bank_id: bankId })
        .first(...SELECTED);
      return row && toRequest(row);
    },
  };
}
