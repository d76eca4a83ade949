import type { Knex } from 'knex';
import { insertionStamp } from '../../db/insertion-order';
import { isForeignKeyViolation } from '../../db/knex';
import type { Connector } from '../connector';
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

export function socialMediaMethods(db: Knex): SocialMediaMethods {
  // The customer number is read from the customer row, so a handle follows its customer's number changes.
  const handles = () =>
    db('social_media_handles as h')
      .join('customers as c', 'c.customer_id', 'h.customer_id')
      .select<HandleRow[]>('h.customer_id', 'c.customer_number', 'h.type', 'h.handle', 'h.date_added', 'h.date_activated');

  return {
    async addSocialMediaHandle(customerId, h) {
      let seq: number;
      try {
        const [id] = await db('social_media_handles').insert({
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
      const row = await handles().where('h.social_media_handle_seq', seq).first();
      if (!row) throw new ConnectorError('NOT_FOUND', `customer ${customerId} not found`, { obpCode: 'OBP-30046' });
      return toHandle(row);
    },

    async getSocialMediaHandles(customerId) {
      const rows = await handles().where('h.customer_id', customerId).orderBy('h.inserted_at_us', 'desc').orderBy('h.social_media_handle_seq', 'desc');
      return rows.map(toHandle);
    },
  };
}
