import type { Knex } from 'knex';
import { preparedRows } from '../../db/prepared';
import { isUniqueViolation } from '../../db/knex';
import type { Connector } from '../connector';
import { ConnectorError } from '../errors';
import type { Bank } from '../types';

export interface BankRow {
  bank_id: string;
  short_name: string;
  full_name: string;
  logo_url: string;
  website_url: string;
  swift_bic: string;
  national_identifier: string;
  bank_routing_scheme: string;
  bank_routing_address: string;
}

export const toBank = (r: BankRow): Bank => ({
  bankId: r.bank_id,
  shortName: r.short_name,
  fullName: r.full_name,
  logoUrl: r.logo_url,
  websiteUrl: r.website_url,
  swiftBic: r.swift_bic,
  nationalIdentifier: r.national_identifier,
  bankRoutingScheme: r.bank_routing_scheme,
  bankRoutingAddress: r.bank_routing_address,
});

/** A bank's columns other than its id (also written by the admin import). */
export function bankColumns(b: Bank) {
  return {
    short_name: b.shortName,
    full_name: b.fullName,
    logo_url: b.logoUrl,
    website_url: b.websiteUrl,
    swift_bic: b.swiftBic,
    national_identifier: b.nationalIdentifier,
    bank_routing_scheme: b.bankRoutingScheme,
    bank_routing_address: b.bankRoutingAddress,
  };
}

export type BankMethods = Pick<Connector, 'getBank' | 'getBanks' | 'createOrUpdateBank' | 'createBank'>;

export function bankMethods(db: Knex): BankMethods {
  return {
    async getBank(bankId) {
      // Every bank-level endpoint but the customer's (which reads the bank with it) runs this first: prepared, so
      // that it is neither built by Knex nor parsed by the server again per request.
      const [row] = await preparedRows<BankRow>(db, 'select * from `banks` where `bank_id` = ? limit 1', [bankId]);
      return row && toBank(row);
    },

    async getBanks() {
      return (await db<BankRow>('banks').orderBy('bank_id')).map(toBank);
    },

    async createOrUpdateBank(bank) {
      const now = Date.now();
      const fields = { ...bankColumns(bank), updated_at: now };
      // One atomic upsert: concurrent creates of the same bank id cannot collide.
      await db('banks')
        .insert({ bank_id: bank.bankId, ...fields, created_at: now })
        .onConflict('bank_id')
        .merge(Object.keys(fields));
      return { ...bank };
    },

    async createBank(bank) {
      const now = Date.now();
      try {
        // The primary key decides: of two concurrent creates of one id, exactly one inserts.
        await db('banks').insert({ bank_id: bank.bankId, ...bankColumns(bank), created_at: now, updated_at: now });
      } catch (e) {
        if (isUniqueViolation(e)) throw new ConnectorError('ALREADY_EXISTS', `bank ${bank.bankId} exists`, { cause: e });
        throw e;
      }
      return { ...bank };
    },
  };
}
