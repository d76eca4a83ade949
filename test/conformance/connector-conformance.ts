/**
 * The Connector contract as executable tests: every implementation (memory, mapped, grpc→adapter→X) must pass
 * the same suite. Register one with `connectorConformance(name, makeSubject)` from a *.test.ts file.
 *
 * Each test works in banks with fresh random ids, so subjects may share a database across tests and files.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/connector/connector';
import { ConnectorError, isConnectorError } from '../../src/connector/errors';
import type { Bank, CrmEvent, CustomerAttribute, CustomerQuery, NewCustomer } from '../../src/connector/types';
import { customerAtBankCases } from './customer-at-bank';
import { address, cc, creditLimitFields, newBank, newCustomer } from './fixtures';

export { cc, newBank, newCustomer } from './fixtures';

/** Writes the Connector has no method for (OBP fills them from elsewhere); each subject seeds its own store. */
export interface ConformanceSeeder {
  addCustomerAttribute(attr: Omit<CustomerAttribute, 'customerAttributeId'>): Promise<void>;
  addCrmEvent(event: Omit<CrmEvent, 'crmEventId'>): Promise<void>;
}

export interface ConformanceSubject {
  connector: Connector;
  seed: ConformanceSeeder;
  /** Stops whatever the subject started (adapters, databases). */
  close(): Promise<void>;
}

function query(overrides: Partial<CustomerQuery> = {}): CustomerQuery {
  return {
    limit: 50,
    offset: 0,
    fromDate: new Date(0),
    toDate: new Date('4000-01-01T00:00:00Z'),
    sortDirection: 'DESC',
    attributeFilters: {},
    ...overrides,
  };
}

async function rejection(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

export function connectorConformance(name: string, makeSubject: () => Promise<ConformanceSubject>): void {
  describe(`Connector conformance: ${name}`, () => {
    let subject: ConformanceSubject;
    let c: Connector;

    beforeAll(async () => {
      subject = await makeSubject();
      c = subject.connector;
    });
    afterAll(async () => {
      await subject?.close();
    });

    async function bankWithCustomer(overrides: Partial<NewCustomer> = {}) {
      const bank = await c.createOrUpdateBank(newBank(), cc);
      const customer = await c.createCustomer(bank.bankId, newCustomer(overrides), cc);
      return { bank, customer };
    }

    describe('one customer of a bank', () => customerAtBankCases(() => subject));

    describe('banks', () => {
      it('getBank is undefined for an unknown bank', async () => {
        expect(await c.getBank(`missing.${randomUUID()}`, cc)).toBeUndefined();
      });

      it('createOrUpdateBank creates, then replaces every field; getBank and getBanks see it', async () => {
        const bank = newBank();
        expect(await c.createOrUpdateBank(bank, cc)).toEqual(bank);
        expect(await c.getBank(bank.bankId, cc)).toEqual(bank);

        const replaced: Bank = { ...bank, shortName: 'New', fullName: 'New Full', swiftBic: '', nationalIdentifier: '' };
        expect(await c.createOrUpdateBank(replaced, cc)).toEqual(replaced);
        expect(await c.getBank(bank.bankId, cc)).toEqual(replaced);
        const all = await c.getBanks(cc);
        expect(all.filter((b) => b.bankId === bank.bankId)).toEqual([replaced]);
      });

      it('createBank creates a new bank, and refuses an existing id with ALREADY_EXISTS without changing it', async () => {
        const bank = newBank();
        expect(await c.createBank(bank, cc)).toEqual(bank);
        expect(await c.getBank(bank.bankId, cc)).toEqual(bank);
        const again = await c.createBank({ ...bank, fullName: 'Taken over' }, cc).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isConnectorError(again) && again.kind).toBe('ALREADY_EXISTS');
        expect(await c.getBank(bank.bankId, cc)).toEqual(bank);
        // Of concurrent creates of one id, exactly one succeeds.
        const contested = newBank();
        const results = await Promise.allSettled(Array.from({ length: 5 }, () => c.createBank(contested, cc)));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      });
    });

    describe('customers', () => {
      it('createCustomer assigns ids and keeps every field, dates to the millisecond', async () => {
        const bank = await c.createOrUpdateBank(newBank(), cc);
        const fields = newCustomer();
        const customer = await c.createCustomer(bank.bankId, fields, cc);
        expect(customer.customerId).not.toBe('');
        expect(customer.number).not.toBe('');
        expect(customer).toEqual({ ...fields, customerId: customer.customerId, bankId: bank.bankId, number: customer.number, version: 1 });
        expect(await c.getCustomerByCustomerId(customer.customerId, cc)).toEqual(customer);
      });

      it('keeps null dates and empty lists as they are', async () => {
        const { customer } = await bankWithCustomer({
          dateOfBirth: null,
          lastOkDate: null,
          faceImage: { url: '', date: null },
          dobOfDependents: [],
          dependents: 0,
          kycStatus: false,
        });
        const read = await c.getCustomerByCustomerId(customer.customerId, cc);
        expect(read?.dateOfBirth).toBeNull();
        expect(read?.lastOkDate).toBeNull();
        expect(read?.faceImage).toEqual({ url: '', date: null });
        expect(read?.dobOfDependents).toEqual([]);
        expect(read?.dependents).toBe(0);
        expect(read?.kycStatus).toBe(false);
      });

      it('customer numbers are unique at a bank', async () => {
        const bank = await c.createOrUpdateBank(newBank(), cc);
        const created = await Promise.all(Array.from({ length: 10 }, () => c.createCustomer(bank.bankId, newCustomer(), cc)));
        expect(new Set(created.map((x) => x.number)).size).toBe(10);
        expect(new Set(created.map((x) => x.customerId)).size).toBe(10);
      });

      it('getCustomerByCustomerNumber finds a customer only at its own bank', async () => {
        const { bank, customer } = await bankWithCustomer();
        const other = await c.createOrUpdateBank(newBank(), cc);
        expect(await c.getCustomerByCustomerNumber(customer.number, bank.bankId, cc)).toEqual(customer);
        expect(await c.getCustomerByCustomerNumber(customer.number, other.bankId, cc)).toBeUndefined();
        expect(await c.getCustomerByCustomerNumber('no-such-number', bank.bankId, cc)).toBeUndefined();
      });

      it('getCustomerByCustomerId is undefined for an unknown id', async () => {
        expect(await c.getCustomerByCustomerId(randomUUID(), cc)).toBeUndefined();
      });

      it('checkCustomerNumberAvailable is per bank', async () => {
        const { bank, customer } = await bankWithCustomer();
        const other = await c.createOrUpdateBank(newBank(), cc);
        expect(await c.checkCustomerNumberAvailable(bank.bankId, customer.number, cc)).toBe(false);
        expect(await c.checkCustomerNumberAvailable(bank.bankId, `n-${randomUUID().slice(0, 8)}`, cc)).toBe(true);
        expect(await c.checkCustomerNumberAvailable(other.bankId, customer.number, cc)).toBe(true);
      });
    });

    describe('partial updates', () => {
      it('updateCustomerScaData changes only the fields given', async () => {
        const { customer } = await bankWithCustomer();
        const updated = await c.updateCustomerScaData(customer.customerId, { email: 'new@example.com' }, cc);
        expect(updated).toEqual({ ...customer, email: 'new@example.com', version: customer.version + 1 });
        expect(await c.getCustomerByCustomerId(customer.customerId, cc)).toEqual(updated);

        const renumbered = await c.updateCustomerScaData(customer.customerId, { customerNumber: 'N-1', mobileNumber: '+1' }, cc);
        expect(renumbered).toEqual({ ...customer, email: 'new@example.com', number: 'N-1', mobileNumber: '+1', version: customer.version + 2 });
        expect(await c.checkCustomerNumberAvailable(customer.bankId, customer.number, cc)).toBe(true);
        expect((await c.getCustomerByCustomerNumber('N-1', customer.bankId, cc))?.customerId).toBe(customer.customerId);
      });

      it('updateCustomerScaData with another customer number of the bank fails ALREADY_EXISTS and changes nothing', async () => {
        const { bank, customer } = await bankWithCustomer();
        const second = await c.createCustomer(bank.bankId, newCustomer(), cc);
        const e = await rejection(c.updateCustomerScaData(second.customerId, { customerNumber: customer.number }, cc));
        expect(e.kind).toBe('ALREADY_EXISTS');
        expect(await c.getCustomerByCustomerId(second.customerId, cc)).toEqual(second);
      });

      it('the same customer number is fine at another bank', async () => {
        const { customer } = await bankWithCustomer();
        const { customer: elsewhere } = await bankWithCustomer();
        const updated = await c.updateCustomerScaData(elsewhere.customerId, { customerNumber: customer.number }, cc);
        expect(updated?.number).toBe(customer.number);
      });

      it('updateCustomerCreditData changes only the fields given', async () => {
        const { customer } = await bankWithCustomer();
        const rated = await c.updateCustomerCreditData(customer.customerId, { creditRating: 'AAA' }, cc);
        expect(rated).toEqual({ ...customer, creditRating: { rating: 'AAA', source: customer.creditRating.source }, version: customer.version + 1 });
        const limited = await c.updateCustomerCreditData(
          customer.customerId,
          { creditSource: 'bureau', creditLimit: { currency: 'GBP', amount: '0.01' } },
          cc,
        );
        expect(limited).toEqual({
          ...customer,
          creditRating: { rating: 'AAA', source: 'bureau' },
          creditLimit: { currency: 'GBP', amount: '0.01' },
          version: customer.version + 2,
        });
        expect(await c.getCustomerByCustomerId(customer.customerId, cc)).toEqual(limited);
      });

      it('updateCustomerGeneralData changes only the fields given, zero and empty values included', async () => {
        const { customer } = await bankWithCustomer();
        const updated = await c.updateCustomerGeneralData(customer.customerId, { dependents: 0, nameSuffix: '', title: 'Prof.' }, cc);
        expect(updated).toEqual({ ...customer, dependents: 0, nameSuffix: '', title: 'Prof.', version: customer.version + 1 });

        const face = { url: 'https://example.com/new.png', date: null };
        const cleared = await c.updateCustomerGeneralData(customer.customerId, { dateOfBirth: null, faceImage: face }, cc);
        expect(cleared).toEqual({ ...updated, dateOfBirth: null, faceImage: face, version: updated!.version + 1 });

        const dob = new Date('1990-02-03T00:00:00Z');
        const all = await c.updateCustomerGeneralData(
          customer.customerId,
          {
            legalName: 'New Name',
            dateOfBirth: dob,
            relationshipStatus: 'married',
            highestEducationAttained: 'PhD',
            employmentStatus: 'retired',
            branchId: 'B2',
          },
          cc,
        );
        expect(all).toEqual({
          ...cleared,
          legalName: 'New Name',
          dateOfBirth: dob,
          relationshipStatus: 'married',
          highestEducationAttained: 'PhD',
          employmentStatus: 'retired',
          branchId: 'B2',
          version: cleared!.version + 1,
        });
        expect(await c.getCustomerByCustomerId(customer.customerId, cc)).toEqual(all);
      });

      it('every update of an unknown customer resolves to undefined', async () => {
        const id = randomUUID();
        expect(await c.updateCustomerScaData(id, { email: 'x@example.com' }, cc)).toBeUndefined();
        expect(await c.updateCustomerCreditData(id, { creditRating: 'A' }, cc)).toBeUndefined();
        expect(await c.updateCustomerGeneralData(id, { legalName: 'X' }, cc)).toBeUndefined();
      });
    });

    describe('firehose (getCustomers)', () => {
      async function bankWithFive() {
        const bank = await c.createOrUpdateBank(newBank(), cc);
        const customers = [];
        for (let i = 0; i < 5; i++) {
          customers.push(
            await c.createCustomer(bank.bankId, newCustomer({ lastOkDate: new Date(Date.UTC(2020, 0, 1 + i)), legalName: `C${i}` }), cc),
          );
        }
        return { bank, customers };
      }

      it('orders by lastOkDate in the requested direction and pages without overlap', async () => {
        const { bank, customers } = await bankWithFive();
        const asc = await c.getCustomers(bank.bankId, query({ sortDirection: 'ASC' }), cc);
        expect(asc.map((x) => x.legalName)).toEqual(['C0', 'C1', 'C2', 'C3', 'C4']);
        const desc = await c.getCustomers(bank.bankId, query({ sortDirection: 'DESC' }), cc);
        expect(desc.map((x) => x.legalName)).toEqual(['C4', 'C3', 'C2', 'C1', 'C0']);

        const pages = [];
        for (const offset of [0, 2, 4]) pages.push(await c.getCustomers(bank.bankId, query({ limit: 2, offset }), cc));
        expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
        expect(pages.flat().map((x) => x.customerId)).toEqual(desc.map((x) => x.customerId));
        expect(new Set(pages.flat().map((x) => x.customerId))).toEqual(new Set(customers.map((x) => x.customerId)));
        expect(await c.getCustomers(bank.bankId, query({ offset: 5 }), cc)).toEqual([]);
      });

      it('sees only the bank asked for, and only customers updated within the date range', async () => {
        const { bank } = await bankWithFive();
        const other = await c.createOrUpdateBank(newBank(), cc);
        expect(await c.getCustomers(other.bankId, query(), cc)).toEqual([]);
        const future = new Date(Date.now() + 86_400_000);
        expect(await c.getCustomers(bank.bankId, query({ fromDate: future }), cc)).toEqual([]);
        expect(await c.getCustomers(bank.bankId, query({ toDate: new Date(Date.now() - 86_400_000) }), cc)).toEqual([]);
      });

      it('applies attribute filters (names OR-ed) before paging', async () => {
        const { bank, customers } = await bankWithFive();
        const [c0, c1, c2, c3] = customers;
        const attr = (customerId: string, name: string, value: string) =>
          subject.seed.addCustomerAttribute({ bankId: bank.bankId, customerId, name, attributeType: 'STRING', value });
        await attr(c0.customerId, 'TAX', '1');
        await attr(c1.customerId, 'TAX', '2');
        await attr(c2.customerId, 'TAX', '3');
        await attr(c3.customerId, 'SEGMENT', 'gold');

        const filtered = await c.getCustomers(
          bank.bankId,
          query({ sortDirection: 'ASC', attributeFilters: { TAX: ['1', '3'], SEGMENT: ['gold'] } }),
          cc,
        );
        expect(filtered.map((x) => x.legalName)).toEqual(['C0', 'C2', 'C3']);
        const page = await c.getCustomers(bank.bankId, query({ sortDirection: 'ASC', limit: 2, offset: 1, attributeFilters: { TAX: ['1', '3'], SEGMENT: ['gold'] } }), cc);
        expect(page.map((x) => x.legalName)).toEqual(['C2', 'C3']);
      });
    });

    describe('customer attributes', () => {
      it('getCustomerAttributes returns the attributes of that customer at that bank only', async () => {
        const { bank, customer } = await bankWithCustomer();
        const other = await c.createOrUpdateBank(newBank(), cc);
        await subject.seed.addCustomerAttribute({
          bankId: bank.bankId,
          customerId: customer.customerId,
          name: 'SPECIAL_TAX_NUMBER',
          attributeType: 'INTEGER',
          value: '123456789',
        });
        const attrs = await c.getCustomerAttributes(bank.bankId, customer.customerId, cc);
        expect(attrs).toEqual([
          {
            customerAttributeId: expect.any(String),
            bankId: bank.bankId,
            customerId: customer.customerId,
            name: 'SPECIAL_TAX_NUMBER',
            attributeType: 'INTEGER',
            value: '123456789',
          },
        ]);
        expect(await c.getCustomerAttributes(other.bankId, customer.customerId, cc)).toEqual([]);
        expect(await c.getCustomerAttributes(bank.bankId, randomUUID(), cc)).toEqual([]);
      });

      it('getCustomerAttributesForCustomers answers per customer, in request order', async () => {
        const { bank, customer: a } = await bankWithCustomer();
        const b = await c.createCustomer(bank.bankId, newCustomer(), cc);
        await subject.seed.addCustomerAttribute({ bankId: bank.bankId, customerId: a.customerId, name: 'X', attributeType: 'STRING', value: 'a' });
        await subject.seed.addCustomerAttribute({ bankId: bank.bankId, customerId: b.customerId, name: 'X', attributeType: 'DATE_WITH_DAY', value: '2020-01-01' });
        await subject.seed.addCustomerAttribute({ bankId: bank.bankId, customerId: b.customerId, name: 'Y', attributeType: 'DOUBLE', value: '1.5' });

        const result = await c.getCustomerAttributesForCustomers([b, a], cc);
        expect(result.map((r) => r.customer)).toEqual([b, a]);
        expect(result[0].attributes.map((x) => [x.name, x.attributeType, x.value]).sort()).toEqual([
          ['X', 'DATE_WITH_DAY', '2020-01-01'],
          ['Y', 'DOUBLE', '1.5'],
        ]);
        expect(result[1].attributes.map((x) => x.value)).toEqual(['a']);
        expect(await c.getCustomerAttributesForCustomers([], cc)).toEqual([]);
      });
    });

    describe('customer attribute writes', () => {
      const tax = { name: 'SPECIAL_TAX_NUMBER', attributeType: 'STRING', value: '123456789' } as const;

      it('creates, reads, updates and deletes an attribute of a customer at its bank', async () => {
        const { bank, customer } = await bankWithCustomer();
        const created = await c.createOrUpdateCustomerAttribute(bank.bankId, customer.customerId, undefined, tax, cc);
        expect(created).toEqual({ ...tax, customerAttributeId: expect.any(String), bankId: bank.bankId, customerId: customer.customerId });
        const id = created!.customerAttributeId;
        expect(await c.getCustomerAttributeById(bank.bankId, customer.customerId, id, cc)).toEqual(created);
        expect(await c.getCustomerAttributes(bank.bankId, customer.customerId, cc)).toEqual([created]);

        const changed = { name: 'BIRTH_DAY', attributeType: 'DATE_WITH_DAY', value: '1990-05-17' } as const;
        const updated = await c.createOrUpdateCustomerAttribute(bank.bankId, customer.customerId, id, changed, cc);
        expect(updated).toEqual({ ...created, ...changed });
        expect(await c.getCustomerAttributes(bank.bankId, customer.customerId, cc)).toEqual([updated]);
        // The same values again is a change that changes nothing, not a miss.
        expect(await c.createOrUpdateCustomerAttribute(bank.bankId, customer.customerId, id, changed, cc)).toEqual(updated);

        expect(await c.deleteCustomerAttribute(bank.bankId, id, cc)).toBe(true);
        expect(await c.getCustomerAttributeById(bank.bankId, customer.customerId, id, cc)).toBeUndefined();
        expect(await c.getCustomerAttributes(bank.bankId, customer.customerId, cc)).toEqual([]);
        expect(await c.deleteCustomerAttribute(bank.bankId, id, cc)).toBe(false);
        expect(await c.createOrUpdateCustomerAttribute(bank.bankId, customer.customerId, id, tax, cc)).toBeUndefined();
      });

      it('reaches an attribute only through its own customer and bank', async () => {
        const { bank, customer } = await bankWithCustomer();
        const sibling = await c.createCustomer(bank.bankId, newCustomer(), cc);
        const { bank: otherBank, customer: foreign } = await bankWithCustomer();
        const created = (await c.createOrUpdateCustomerAttribute(bank.bankId, customer.customerId, undefined, tax, cc))!;
        const id = created.customerAttributeId;

        expect(await c.getCustomerAttributeById(bank.bankId, sibling.customerId, id, cc)).toBeUndefined();
        expect(await c.getCustomerAttributeById(otherBank.bankId, customer.customerId, id, cc)).toBeUndefined();
        expect(await c.createOrUpdateCustomerAttribute(bank.bankId, sibling.customerId, id, { ...tax, value: 'x' }, cc)).toBeUndefined();
        expect(await c.createOrUpdateCustomerAttribute(otherBank.bankId, foreign.customerId, id, { ...tax, value: 'x' }, cc)).toBeUndefined();
        expect(await c.deleteCustomerAttribute(otherBank.bankId, id, cc)).toBe(false);
        // A customer is written to only under its own bank.
        expect(await c.createOrUpdateCustomerAttribute(otherBank.bankId, customer.customerId, undefined, tax, cc)).toBeUndefined();
        expect(await c.createOrUpdateCustomerAttribute(bank.bankId, randomUUID(), undefined, tax, cc)).toBeUndefined();

        expect(await c.getCustomerAttributes(bank.bankId, customer.customerId, cc)).toEqual([created]);
        expect(await c.getCustomerAttributes(bank.bankId, sibling.customerId, cc)).toEqual([]);
        expect(await c.getCustomerAttributes(otherBank.bankId, foreign.customerId, cc)).toEqual([]);
      });

      it('keeps one attribute per name and customer: a second one fails ALREADY_EXISTS, also under concurrency', async () => {
        const { bank, customer } = await bankWithCustomer();
        const other = await c.createCustomer(bank.bankId, newCustomer(), cc);
        const first = (await c.createOrUpdateCustomerAttribute(bank.bankId, customer.customerId, undefined, tax, cc))!;
        expect((await rejection(c.createOrUpdateCustomerAttribute(bank.bankId, customer.customerId, undefined, { ...tax, value: '2' }, cc))).kind).toBe(
          'ALREADY_EXISTS',
        );
        // Another customer may have that name.
        expect(await c.createOrUpdateCustomerAttribute(bank.bankId, other.customerId, undefined, tax, cc)).toMatchObject(tax);
        // Renaming onto a taken name fails and changes nothing.
        const second = (await c.createOrUpdateCustomerAttribute(bank.bankId, customer.customerId, undefined, { ...tax, name: 'OTHER' }, cc))!;
        const rename = await rejection(c.createOrUpdateCustomerAttribute(bank.bankId, customer.customerId, second.customerAttributeId, tax, cc));
        expect(rename.kind).toBe('ALREADY_EXISTS');
        expect(await c.getCustomerAttributeById(bank.bankId, customer.customerId, second.customerAttributeId, cc)).toEqual(second);
        expect(await c.getCustomerAttributeById(bank.bankId, customer.customerId, first.customerAttributeId, cc)).toEqual(first);

        const racing = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) => c.createOrUpdateCustomerAttribute(bank.bankId, customer.customerId, undefined, { ...tax, name: 'RACE', value: String(i) }, cc)),
        );
        expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of racing) if (r.status === 'rejected') expect(isConnectorError(r.reason) && r.reason.kind).toBe('ALREADY_EXISTS');
        expect((await c.getCustomerAttributes(bank.bankId, customer.customerId, cc)).filter((a) => a.name === 'RACE')).toHaveLength(1);
      });
    });

    describe('customer search', () => {
      async function bankWithNamedCustomers() {
        const bank = await c.createOrUpdateBank(newBank(), cc);
        const people = [
          ['Zoe Smith', '+44 7700 900001'],
          ['John Smith', '+44 7700 900002'],
          ['John Smithers', '+44 7700 900003'],
          ['john smith', '+49 30 1234'],
          ['John Smith', '+44 7700 900002'],
          ['Jöhn Smith', '+44 77'],
        ] as const;
        const customers = [];
        for (const [legalName, mobileNumber] of people) customers.push(await c.createCustomer(bank.bankId, newCustomer({ legalName, mobileNumber }), cc));
        return { bank, customers };
      }
      const page = { limit: 50, offset: 0 };
      const byId = (a: { customerId: string }, b: { customerId: string }) => (a.customerId < b.customerId ? -1 : 1);

      it('finds customers by exact legal name or mobile number: letter case and every character count', async () => {
        const { bank, customers } = await bankWithNamedCustomers();
        const johns = await c.getCustomersByCustomerLegalName(bank.bankId, { value: 'John Smith', prefix: false }, page, cc);
        // Ties on the searched value are ordered by customer id.
        expect(johns).toEqual([customers[1], customers[4]].sort(byId));
        const phone = await c.getCustomersByCustomerPhoneNumber(bank.bankId, { value: '+44 7700 900002', prefix: false }, page, cc);
        expect(phone).toEqual([customers[1], customers[4]].sort(byId));
        expect(await c.getCustomersByCustomerLegalName(bank.bankId, { value: 'john Smith', prefix: false }, page, cc)).toEqual([]);
        expect(await c.getCustomersByCustomerLegalName(bank.bankId, { value: 'John Smith ', prefix: false }, page, cc)).toEqual([]);
        expect(await c.getCustomersByCustomerPhoneNumber(bank.bankId, { value: '+44 7700', prefix: false }, page, cc)).toEqual([]);
        // Pattern characters are plain characters.
        expect(await c.getCustomersByCustomerLegalName(bank.bankId, { value: 'John%', prefix: false }, page, cc)).toEqual([]);
      });

      it('finds customers by prefix, ordered by the value in code points, then customer id', async () => {
        const { bank, customers } = await bankWithNamedCustomers();
        const names = async (value: string) =>
          (await c.getCustomersByCustomerLegalName(bank.bankId, { value, prefix: true }, page, cc)).map((x) => x.legalName);
        expect(await names('John Smith')).toEqual(['John Smith', 'John Smith', 'John Smithers']);
        expect(await names('J')).toEqual(['John Smith', 'John Smith', 'John Smithers', 'Jöhn Smith']);
        expect(await names('')).toEqual(['John Smith', 'John Smith', 'John Smithers', 'Jöhn Smith', 'Zoe Smith', 'john smith']);
        expect(await names('Smith')).toEqual([]);
        const phones = await c.getCustomersByCustomerPhoneNumber(bank.bankId, { value: '+44 77', prefix: true }, page, cc);
        expect(phones.map((x) => x.mobileNumber)).toEqual(['+44 77', '+44 7700 900001', '+44 7700 900002', '+44 7700 900002', '+44 7700 900003']);
        expect(phones.map((x) => x.customerId)).toContain(customers[5].customerId);
      });

      it('sees only the bank asked for, and pages without overlap', async () => {
        const { bank } = await bankWithNamedCustomers();
        const { bank: other } = await bankWithNamedCustomers();
        const all = await c.getCustomersByCustomerLegalName(bank.bankId, { value: '', prefix: true }, page, cc);
        expect(all).toHaveLength(6);
        expect(all.every((x) => x.bankId === bank.bankId)).toBe(true);
        const pages = [];
        for (const offset of [0, 4]) pages.push(await c.getCustomersByCustomerLegalName(bank.bankId, { value: '', prefix: true }, { limit: 4, offset }, cc));
        expect(pages.map((p) => p.length)).toEqual([4, 2]);
        expect(pages.flat()).toEqual(all);
        expect(await c.getCustomersByCustomerPhoneNumber(other.bankId, { value: '+49', prefix: true }, { limit: 1, offset: 1 }, cc)).toEqual([]);
        expect(await c.getCustomersByCustomerPhoneNumber(`missing.${randomUUID()}`, { value: '', prefix: true }, page, cc)).toEqual([]);
      });
    });

    describe('user-customer links', () => {
      it('links a user to customers; getCustomersByUserId lists them in link order', async () => {
        const userId = randomUUID();
        const { bank, customer: first } = await bankWithCustomer();
        const second = await c.createCustomer(bank.bankId, newCustomer(), cc);
        const link = await c.createUserCustomerLink(userId, second.customerId, cc);
        expect(link).toEqual({
          userCustomerLinkId: expect.any(String),
          userId,
          customerId: second.customerId,
          dateInserted: expect.any(Date),
          isActive: true,
        });
        await c.createUserCustomerLink(userId, first.customerId, cc);

        expect(await c.getUserCustomerLink(userId, second.customerId, cc)).toEqual(link);
        expect((await c.getCustomersByUserId(userId, cc)).map((x) => x.customerId)).toEqual([second.customerId, first.customerId]);
        expect(await c.getCustomersByUserId(randomUUID(), cc)).toEqual([]);
        expect(await c.getUserCustomerLink(randomUUID(), first.customerId, cc)).toBeUndefined();
      });

      it('linking the same user and customer twice fails ALREADY_EXISTS', async () => {
        const userId = randomUUID();
        const { customer } = await bankWithCustomer();
        await c.createUserCustomerLink(userId, customer.customerId, cc);
        expect((await rejection(c.createUserCustomerLink(userId, customer.customerId, cc))).kind).toBe('ALREADY_EXISTS');
      });
    });

    describe('addresses', () => {
      it('create, list, update and delete, with tags kept exactly', async () => {
        const { customer } = await bankWithCustomer();
        const created = await c.createCustomerAddress(customer.customerId, address, cc);
        expect(created).toEqual({ ...address, customerAddressId: expect.any(String), customerId: customer.customerId, insertDate: expect.any(Date) });
        expect(await c.getCustomerAddress(customer.customerId, cc)).toEqual([created]);

        const changed = { ...address, city: 'Hamburg', status: 'WORK', tags: [] };
        const updated = await c.updateCustomerAddress(customer.customerId, created.customerAddressId, changed, cc);
        expect(updated).toEqual({ ...created, ...changed });
        expect(await c.getCustomerAddress(customer.customerId, cc)).toEqual([updated]);

        expect(await c.deleteCustomerAddress(customer.customerId, created.customerAddressId, cc)).toBe(true);
        expect(await c.getCustomerAddress(customer.customerId, cc)).toEqual([]);
        expect(await c.deleteCustomerAddress(customer.customerId, created.customerAddressId, cc)).toBe(false);
        expect(await c.updateCustomerAddress(customer.customerId, created.customerAddressId, address, cc)).toBeUndefined();
      });

      it("another customer's address is neither updated nor deleted", async () => {
        const { customer } = await bankWithCustomer();
        const { customer: intruder } = await bankWithCustomer();
        const created = await c.createCustomerAddress(customer.customerId, address, cc);
        expect(await c.updateCustomerAddress(intruder.customerId, created.customerAddressId, { ...address, city: 'X' }, cc)).toBeUndefined();
        expect(await c.deleteCustomerAddress(intruder.customerId, created.customerAddressId, cc)).toBe(false);
        expect(await c.getCustomerAddress(customer.customerId, cc)).toEqual([created]);
        expect(await c.getCustomerAddress(intruder.customerId, cc)).toEqual([]);
      });
    });

    describe('tax residences', () => {
      it('create, list and delete, only through the owning customer', async () => {
        const { customer } = await bankWithCustomer();
        const { customer: intruder } = await bankWithCustomer();
        const created = await c.createTaxResidence(customer.customerId, 'DE', '12/345/67890', cc);
        expect(created).toEqual({ taxResidenceId: expect.any(String), customerId: customer.customerId, domain: 'DE', taxNumber: '12/345/67890' });
        expect(await c.getTaxResidence(customer.customerId, cc)).toEqual([created]);
        expect(await c.getTaxResidence(intruder.customerId, cc)).toEqual([]);

        expect(await c.deleteTaxResidence(intruder.customerId, created.taxResidenceId, cc)).toBe(false);
        expect(await c.deleteTaxResidence(customer.customerId, created.taxResidenceId, cc)).toBe(true);
        expect(await c.getTaxResidence(customer.customerId, cc)).toEqual([]);
        expect(await c.deleteTaxResidence(customer.customerId, created.taxResidenceId, cc)).toBe(false);
      });
    });

    describe('social media handles', () => {
      it('adds any number of handles to a customer, stamped with its number', async () => {
        const { customer } = await bankWithCustomer();
        const { customer: other } = await bankWithCustomer();
        const dates = { dateAdded: new Date('2020-01-01T10:00:00Z'), dateActivated: new Date('2020-01-02T10:00:00Z') };
        const first = await c.addSocialMediaHandle(customer.customerId, { type: 'twitter', handle: '@eve', ...dates }, cc);
        expect(first).toEqual({ customerId: customer.customerId, customerNumber: customer.number, type: 'twitter', handle: '@eve', ...dates });
        await c.addSocialMediaHandle(customer.customerId, { type: 'mastodon', handle: '@eve@example.social', ...dates }, cc);
        const handles = await c.getSocialMediaHandles(customer.customerId, cc);
        expect(handles.map((h) => h.handle).sort()).toEqual(['@eve', '@eve@example.social']);
        expect(await c.getSocialMediaHandles(other.customerId, cc)).toEqual([]);
      });
    });

    describe('CRM events', () => {
      it("getCrmEvents returns the bank's events only", async () => {
        const bank = await c.createOrUpdateBank(newBank(), cc);
        const other = await c.createOrUpdateBank(newBank(), cc);
        const event = {
          bankId: bank.bankId,
          customerName: 'Eveline Tripman',
          customerNumber: '5987953',
          category: 'Call',
          detail: 'Asked about mortgages',
          channel: 'phone',
          scheduledDate: new Date('2020-01-01T09:00:00Z'),
          actualDate: null,
          result: 'callback',
        };
        await subject.seed.addCrmEvent(event);
        const page = { limit: 50, offset: 0 };
        expect(await c.getCrmEvents(bank.bankId, page, cc)).toEqual([{ ...event, crmEventId: expect.any(String) }]);
        expect(await c.getCrmEvents(other.bankId, page, cc)).toEqual([]);
      });

      it('getCrmEvents pages most recent first, skipping offset and returning at most limit', async () => {
        const bank = await c.createOrUpdateBank(newBank(), cc);
        const base = { bankId: bank.bankId, customerName: 'E', customerNumber: '1', category: 'Call', detail: '', channel: '', scheduledDate: null, result: '' };
        for (const day of [3, 1, 4, 2, 5]) await subject.seed.addCrmEvent({ ...base, actualDate: new Date(Date.UTC(2024, 0, day)) });
        const days = async (limit: number, offset: number) =>
          (await c.getCrmEvents(bank.bankId, { limit, offset }, cc)).map((e) => e.actualDate?.getUTCDate());
        expect(await days(2, 0)).toEqual([5, 4]);
        expect(await days(2, 2)).toEqual([3, 2]);
        expect(await days(2, 4)).toEqual([1]);
        expect(await days(10, 5)).toEqual([]);
      });
    });

    describe('credit limit requests', () => {
      it('create, list and get by id, only under the owning bank and customer', async () => {
        const { bank, customer } = await bankWithCustomer();
        const { bank: otherBank, customer: other } = await bankWithCustomer();
        const created = await c.createCreditLimitRequest(bank.bankId, customer.customerId, creditLimitFields, cc);
        expect(created).toEqual({
          ...creditLimitFields,
          creditLimitRequestId: expect.any(String),
          bankId: bank.bankId,
          customerId: customer.customerId,
          createdAt: expect.any(Date),
        });
        expect(await c.getCreditLimitRequests(bank.bankId, customer.customerId, 10, cc)).toEqual([created]);
        expect(await c.getCreditLimitRequestByRequestId(bank.bankId, customer.customerId, created.creditLimitRequestId, cc)).toEqual(created);

        expect(await c.getCreditLimitRequests(otherBank.bankId, other.customerId, 10, cc)).toEqual([]);
        expect(await c.getCreditLimitRequests(otherBank.bankId, customer.customerId, 10, cc)).toEqual([]);
        expect(await c.getCreditLimitRequestByRequestId(otherBank.bankId, customer.customerId, created.creditLimitRequestId, cc)).toBeUndefined();
        expect(await c.getCreditLimitRequestByRequestId(bank.bankId, other.customerId, created.creditLimitRequestId, cc)).toBeUndefined();
        expect(await c.getCreditLimitRequestByRequestId(bank.bankId, customer.customerId, randomUUID(), cc)).toBeUndefined();
      });

      it('getCreditLimitRequests answers the most recent first, at most limit', async () => {
        const { bank, customer } = await bankWithCustomer();
        const amounts = ['1', '2', '3'];
        for (const a of amounts) {
          await c.createCreditLimitRequest(bank.bankId, customer.customerId, { ...creditLimitFields, requestedCurrentRateAmount1: a }, cc);
        }
        const latest = await c.getCreditLimitRequests(bank.bankId, customer.customerId, 1, cc);
        expect(latest.map((r) => r.requestedCurrentRateAmount1)).toEqual(['3']);
        const all = await c.getCreditLimitRequests(bank.bankId, customer.customerId, 10, cc);
        expect(all.map((r) => r.requestedCurrentRateAmount1)).toEqual(['3', '2', '1']);
      });
    });

    describe('adapter info', () => {
      it('getAdapterInfo names the implementation and reports no error', async () => {
        const info = await c.getAdapterInfo(cc);
        expect(info.name).not.toBe('');
        expect(info.errorCode).toBe('');
        expect(Number.isNaN(Date.parse(info.date))).toBe(false);
      });
    });
  });
}
