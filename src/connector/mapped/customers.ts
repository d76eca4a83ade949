import { randomInt, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { insertionStamp } from '../../db/insertion-order';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/knex';
import { inTransaction } from '../../db/transaction';
import type { CallContext, Connector } from '../connector';
import { ConnectorError } from '../errors';
import type { Customer, Page, UserCustomerLink } from '../types';
import { firehosePageRows } from './firehose-page';
import { FirehosePositions } from './firehose-positions';
import { appendHistory, lockCustomer, type GovernanceOptions } from './history';
import { idempotentCreate } from './idempotent-create';

export interface CustomerRow {
  customer_id: string;
  bank_id: string;
  customer_number: string;
  legal_name: string;
  mobile_number: string;
  email: string;
  face_image_url: string;
  face_image_date: number | string | null;
  date_of_birth: number | string | null;
  relationship_status: string;
  dependants: number;
  dob_of_dependants: string;
  highest_education_attained: string;
  employment_status: string;
  credit_rating: string;
  credit_source: string;
  credit_limit_currency: string;
  credit_limit_amount: string;
  kyc_status: number | boolean;
  last_ok_date: number | string | null;
  title: string;
  branch_id: string;
  name_suffix: string;
  version: number | string;
}

const toDate = (v: number | string | null): Date | null => (v === null || v === undefined ? null : new Date(Number(v)));
const toMillis = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);

export function toCustomer(r: CustomerRow): Customer {
  return {
    customerId: r.customer_id,
    bankId: r.bank_id,
    number: r.customer_number,
    legalName: r.legal_name,
    mobileNumber: r.mobile_number,
    email: r.email,
    faceImage: { url: r.face_image_url, date: toDate(r.face_image_date) },
    dateOfBirth: toDate(r.date_of_birth),
    relationshipStatus: r.relationship_status,
    dependents: Number(r.dependants),
    dobOfDependents: (JSON.parse(r.dob_of_dependants) as number[]).map((ms) => new Date(ms)),
    highestEducationAttained: r.highest_education_attained,
    employmentStatus: r.employment_status,
    creditRating: { rating: r.credit_rating, source: r.credit_source },
    creditLimit: { currency: r.credit_limit_currency, amount: r.credit_limit_amount },
    kycStatus: Boolean(r.kyc_status),
    lastOkDate: toDate(r.last_ok_date),
    title: r.title,
    branchId: r.branch_id,
    nameSuffix: r.name_suffix,
    version: Number(r.version),
  };
}

/** A customer's fields as its history records them (OBP's JSON names, instants as ISO 8601). */
export function customerSnapshot(c: Omit<Customer, 'customerId' | 'bankId' | 'version'>): Record<string, unknown> {
  return {
    customer_number: c.number,
    legal_name: c.legalName,
    mobile_number: c.mobileNumber,
    email: c.email,
    face_image_url: c.faceImage.url,
    face_image_date: c.faceImage.date,
    date_of_birth: c.dateOfBirth,
    relationship_status: c.relationshipStatus,
    dependants: c.dependents,
    dob_of_dependants: c.dobOfDependents,
    highest_education_attained: c.highestEducationAttained,
    employment_status: c.employmentStatus,
    credit_rating: c.creditRating.rating,
    credit_source: c.creditRating.source,
    credit_limit_currency: c.creditLimit.currency,
    credit_limit_amount: c.creditLimit.amount,
    kyc_status: c.kycStatus,
    last_ok_date: c.lastOkDate,
    title: c.title,
    branch_id: c.branchId,
    name_suffix: c.nameSuffix,
  };
}

/** The columns of a customer row, for inserts (also used by the admin import). */
export function customerColumns(c: Omit<Customer, 'customerId' | 'bankId' | 'number' | 'version'>) {
  return {
    legal_name: c.legalName,
    mobile_number: c.mobileNumber,
    // Stored lower-cased and trimmed, as OBP's MappedEmail does.
    email: c.email.trim().toLowerCase(),
    face_image_url: c.faceImage.url,
    face_image_date: toMillis(c.faceImage.date),
    date_of_birth: toMillis(c.dateOfBirth),
    relationship_status: c.relationshipStatus,
    dependants: c.dependents,
    dob_of_dependants: JSON.stringify(c.dobOfDependents.map((d) => d.getTime())),
    highest_education_attained: c.highestEducationAttained,
    employment_status: c.employmentStatus,
    credit_rating: c.creditRating.rating,
    credit_source: c.creditRating.source,
    credit_limit_currency: c.creditLimit.currency,
    credit_limit_amount: c.creditLimit.amount,
    kyc_status: c.kycStatus,
    last_ok_date: toMillis(c.lastOkDate),
    title: c.title,
    branch_id: c.branchId,
    name_suffix: c.nameSuffix,
  };
}

interface LinkRow {
  user_customer_link_id: string;
  user_id: string;
  customer_id: string;
  date_inserted: number | string;
  is_active: number | boolean;
}

const toLink = (r: LinkRow): UserCustomerLink => ({
  userCustomerLinkId: r.user_customer_link_id,
  userId: r.user_id,
  customerId: r.customer_id,
  dateInserted: new Date(Number(r.date_inserted)),
  isActive: Boolean(r.is_active),
});

/**
 * One page of the customers `matching` selects (a query on `customers as c`), ordered by `order.columns` (ending
 * with customer_id, so that pages never overlap). The page is taken over ids first (a deferred join): skipping
 * `offset` rows then walks an index only, and whole rows are read just for the page.
 */
export async function pageOfCustomers(
  db: Knex,
  matching: Knex.QueryBuilder,
  order: { columns: readonly string[]; direction: 'asc' | 'desc' },
  page: Page,
): Promise<Customer[]> {
  const ordered = (q: Knex.QueryBuilder) => order.columns.reduce((o, column) => o.orderBy(`c.${column}`, order.direction), q);
  const ids = ordered(matching).limit(page.limit).offset(page.offset).select('c.customer_id');
  const rows = await ordered(db<CustomerRow>('customers as c').join(ids.as('p'), 'p.customer_id', 'c.customer_id')).select<CustomerRow[]>('c.*');
  return rows.map(toCustomer);
}

/** OBP assigns `Random.nextInt(Integer.MAX_VALUE)`: a non-negative 31-bit number. */
const newCustomerNumber = () => String(randomInt(0, 2147483647));
const NUMBER_ATTEMPTS = 5;

export type CustomerMethods = Pick<
  Connector,
  | 'createCustomer'
  | 'checkCustomerNumberAvailable'
  | 'getCustomerByCustomerId'
  | 'getCustomerByCustomerNumber'
  | 'getCustomersByUserId'
  | 'getCustomers'
  | 'updateCustomerScaData'
  | 'updateCustomerCreditData'
  | 'updateCustomerGeneralData'
  | 'createUserCustomerLink'
  | 'getUserCustomerLink'
>;

export function customerMethods(db: Knex, governance: GovernanceOptions = {}): CustomerMethods {
  const positions = new FirehosePositions();
  const byId = async (customerId: string) => {
    const row = await db<CustomerRow>('customers').where({ customer_id: customerId }).first();
    return row && toCustomer(row);
  };

  /**
   * Applies column changes and returns the customer, with its history record, in one transaction; a customer
   * number taken at the bank is ALREADY_EXISTS.
   */
  const update = (customerId: string, changes: Record<string, unknown>, cc: CallContext) =>
    inTransaction(db, async (trx) => {
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      const locked = await lockCustomer(trx, customerId, cc);
      if (!locked) return undefined;
      try {
        await trx('customers')
          .where({ customer_id: customerId })
          .update({ ...defined, version: locked.version + 1, updated_at: Date.now() });
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw new ConnectorError('ALREADY_EXISTS', 'customer number already exists at this bank', { obpCode: 'OBP-30006', cause: e });
        }
        throw e;
      }
      const after = toCustomer((await trx<CustomerRow>('customers').where({ customer_id: customerId }).first())!);
      const before = toCustomer(locked as unknown as CustomerRow);
      await appendHistory(
        trx,
        locked,
        { entity: 'customer', entityId: customerId, action: 'updated', before: customerSnapshot(before), after: customerSnapshot(after) },
        cc,
        governance,
        true,
      );
      return after;
    });

  return {
    createCustomer: (bankId, c, cc) =>
      inTransaction(db, (trx) =>
        idempotentCreate(trx, cc, 'createCustomer', async () => {
          const columns = customerColumns(c);
          // The unique index on (bank, number) decides; a random clash is retried with a new number (a failed
          // statement does not end the transaction on SQLite or MySQL).
          for (let attempt = 1; ; attempt++) {
            const customerId = randomUUID();
            const number = newCustomerNumber();
            const now = Date.now();
            try {
              await trx('customers').insert({
                customer_id: customerId,
                bank_id: bankId,
                customer_number: number,
                ...columns,
                version: 1,
                created_at: now,
                updated_at: now,
              });
            } catch (e) {
              if (isUniqueViolation(e) && attempt < NUMBER_ATTEMPTS) continue;
              if (isUniqueViolation(e)) throw new ConnectorError('ALREADY_EXISTS', 'no free customer number found', { obpCode: 'OBP-30006', cause: e });
              if (isForeignKeyViolation(e)) throw new ConnectorError('NOT_FOUND', `bank ${bankId} not found`, { obpCode: 'OBP-30001', cause: e });
              throw e;
            }
            const created = toCustomer((await trx<CustomerRow>('customers').where({ customer_id: customerId }).first())!);
            await appendHistory(
              trx,
              { customer_id: customerId, bank_id: bankId, version: 0 },
              { entity: 'customer', entityId: customerId, action: 'created', before: null, after: customerSnapshot(created) },
              cc,
              governance,
              true,
            );
            return created;
          }
        }),
      ),

    async checkCustomerNumberAvailable(bankId, customerNumber) {
      const row = await db('customers').where({ bank_id: bankId, customer_number: customerNumber }).first('customer_id');
      return row === undefined;
    },

    getCustomerByCustomerId: byId,

    async getCustomerByCustomerNumber(customerNumber, bankId) {
      const row = await db<CustomerRow>('customers').where({ bank_id: bankId, customer_number: customerNumber }).first();
      return row && toCustomer(row);
    },

    async getCustomersByUserId(userId) {
      const rows = await db('user_customer_links as l')
        .join('customers as c', 'c.customer_id', 'l.customer_id')
        .where('l.user_id', userId)
        .orderBy('l.inserted_at_us')
        .orderBy('l.link_seq')
        .select<CustomerRow[]>('c.*');
      return rows.map(toCustomer);
    },

    async getCustomers(bankId, query) {
      const q = db<CustomerRow>('customers as c').where('c.bank_id', bankId);
      // Bounds only when asked for, so that the default query walks the (bank_id, last_ok_date) index in order.
      if (query.fromDate) q.andWhere('c.updated_at', '>=', query.fromDate.getTime());
      if (query.toDate) q.andWhere('c.updated_at', '<=', query.toDate.getTime());
      const filters = Object.entries(query.attributeFilters);
      if (filters.length > 0) {
        // Filters apply before paging (policy P5f): a customer matches if any named attribute has one of the values.
        q.whereExists(function () {
          this.select(db.raw('1'))
            .from('customer_attributes as a')
            .whereRaw('a.customer_id = c.customer_id')
            .andWhere('a.bank_id', bankId)
            .andWhere((w) => {
              for (const [name, values] of filters) w.orWhere((x) => x.where('a.name', name).whereIn('a.value', values));
            });
        });
      }
      const direction: 'asc' | 'desc' = query.sortDirection === 'ASC' ? 'asc' : 'desc';
      const order = { columns: ['last_ok_date', 'customer_id'], direction };
      const wholeBank = filters.length === 0 && !query.fromDate && !query.toDate;
      if (!wholeBank) return pageOfCustomers(db, q, order, query);
      const near = positions.nearest(bankId, direction, query.offset);
      const page = (await firehosePageRows(db, bankId, direction, near?.key, query.limit, query.offset - (near?.offset ?? 0))).map(toCustomer);
      positions.record(bankId, direction, query.offset, page.map((c) => ({ last_ok_date: c.lastOkDate?.getTime() ?? null, customer_id: c.customerId })));
      return page;
    },

    updateCustomerScaData: (customerId, u, cc) =>
      update(customerId, {
        mobile_number: u.mobileNumber,
        email: u.email?.trim().toLowerCase(),
        customer_number: u.customerNumber,
      }, cc),

    updateCustomerCreditData: (customerId, u, cc) =>
      update(customerId, {
        credit_rating: u.creditRating,
        credit_source: u.creditSource,
        credit_limit_currency: u.creditLimit?.currency,
        credit_limit_amount: u.creditLimit?.amount,
      }, cc),

    updateCustomerGeneralData: (customerId, u, cc) =>
      update(customerId, {
        legal_name: u.legalName,
        face_image_url: u.faceImage?.url,
        face_image_date: u.faceImage ? toMillis(u.faceImage.date) : undefined,
        date_of_birth: u.dateOfBirth === undefined ? undefined : toMillis(u.dateOfBirth),
        relationship_status: u.relationshipStatus,
        dependants: u.dependents,
        highest_education_attained: u.highestEducationAttained,
        employment_status: u.employmentStatus,
        title: u.title,
        branch_id: u.branchId,
        name_suffix: u.nameSuffix,
      }, cc),

    createUserCustomerLink: (userId, customerId, cc) =>
      inTransaction(db, (trx) =>
        idempotentCreate(trx, cc, 'createUserCustomerLink', async () => {
          const link: UserCustomerLink = {
            userCustomerLinkId: randomUUID(),
            userId,
            customerId,
            dateInserted: new Date(),
            isActive: true,
          };
          const locked = await lockCustomer(trx, customerId, cc);
          if (!locked) throw new ConnectorError('NOT_FOUND', `customer ${customerId} not found`, { obpCode: 'OBP-30046' });
          try {
            await trx('user_customer_links').insert({
              user_customer_link_id: link.userCustomerLinkId,
              user_id: userId,
              customer_id: customerId,
              date_inserted: link.dateInserted.getTime(),
              inserted_at_us: insertionStamp(),
              is_active: true,
            });
          } catch (e) {
            if (isUniqueViolation(e)) throw new ConnectorError('ALREADY_EXISTS', 'user already linked to customer', { obpCode: 'OBP-30007', cause: e });
            if (isForeignKeyViolation(e)) throw new ConnectorError('NOT_FOUND', `customer ${customerId} not found`, { obpCode: 'OBP-30046', cause: e });
            throw e;
          }
          const after = { user_id: userId, date_inserted: link.dateInserted, is_active: true };
          await appendHistory(
            trx,
            locked,
            { entity: 'user_customer_link', entityId: link.userCustomerLinkId, action: 'created', before: null, after },
            cc,
            governance,
          );
          return link;
        }),
      ),

    async getUserCustomerLink(userId, customerId) {
      const row = await db<LinkRow>('user_customer_links').where({ user_id: userId, customer_id: customerId }).first();
      return row && toLink(row);
    },
  };
}
