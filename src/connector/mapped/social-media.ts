import type { Knex } from 'knex';
import { insertionStamp } from '../../db/insertion-order';
import { isForeignKeyViolation } from '../../db/knex';
import type { Connector } from '../connector';
import { inTransaction } from '../../db/transaction';
import { appendHistory, lockCustomer, type GovernanceOptions } from './history';
import { idempotentCreate } from './idempotent-create';
import { ConnectorError } from '../errors';
import type { SocialMediaHandle } from '../types';

interface HandleRow {
  customer_id: string;
  customer_number: string;
  type: string;
  handle: string;
  date_added: number | string;
  date_activated: number | string;
}

const toHandle = (r: HandleRow): SocialMediaHandle => ({
  customerId: r.customer_id,
  customerNumber: r.customer_number,
  type: r.type,
  handle: r.handle,
  dateAdded: new Date(Number(r.date_added)),
  dateActivated: new Date(Number(r.date_activated)),
});

export type SocialMediaMethods = Pick<Connector, 'addSocialMediaHandle' | 'getSocialMediaHandles'>;

export function socialMediaMethods(db: Knex, governance: GovernanceOptions = {}): SocialMediaMethods {
  // The customer number is read from the customer row, so a handle follows its customer's number changes.
  const handles = (q: Knex) =>
    q('social_media_handles as h')
      .join('customers as c', 'c.customer_id', 'h.customer_id')
      .select<HandleRow[]>('h.customer_id', 'c.customer_number', 'h.type', 'h.handle', 'h.date_added', 'h.date_activated');

  return {
    addSocialMediaHandle: (customerId, h, cc) =>
      inTransaction(db, (trx) =>
        idempotentCreate(trx, cc, 'addSocialMediaHandle', async () => {
          const locked = await lockCustomer(trx, customerId, cc);
          if (!locked) throw new ConnectorError('NOT_FOUND', `customer ${customerId} not found`, { obpCode: 'OBP-30046' });
          let seq: number;
          try {
            const [id] = await trx('social_media_handles').insert({
              customer_id: customerId,
              type: h.type,
              handle: h.handle,
              date_added: h.dateAdded.getTime(),
              date_activated: h.dateActivated.getTime(),
              created_at: Date.now(),
              inserted_at_us: insertionStamp(),
            });
            // SQLite and MySQL both answer an insert with the new auto-increment key.
            seq = Number(id);
          } catch (e) {
            if (isForeignKeyViolation(e)) throw new ConnectorError('NOT_FOUND', `customer ${customerId} not found`, { obpCode: 'OBP-30046', cause: e });
            throw e;
          }
          const row = await handles(trx).where('h.social_media_handle_seq', seq).first();
          if (!row) throw new ConnectorError('NOT_FOUND', `customer ${customerId} not found`, { obpCode: 'OBP-30046' });
          const after = { type: h.type, handle: h.handle, date_added: h.dateAdded, date_activated: h.dateActivated };
          // Handles have no id of their own in OBP: the history names the stored row's key.
          await appendHistory(trx, locked, { entity: 'social_media_handle', entityId: String(seq), action: 'created', before: null, after }, cc, governance);
          return toHandle(row);
        }),
      ),

    async getSocialMediaHandles(customerId) {
      const rows = await handles(db).where('h.customer_id', customerId).orderBy('h.inserted_at_us', 'desc').orderBy('h.social_media_handle_seq', 'desc');
      return rows.map(toHandle);
    },
  };
}
