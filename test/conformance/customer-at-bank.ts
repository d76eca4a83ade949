/** Conformance cases of Connector.getCustomerAtBank, run by connectorConformance for every implementation. */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ConformanceSubject } from './connector-conformance';
import { cc, newBank, newCustomer } from './fixtures';

export function customerAtBankCases(subject: () => ConformanceSubject): void {
  it('getCustomerAtBank answers the bank, the customer of that bank and its attributes by name, in one call', async () => {
    const c = subject().connector;
    const bank = await c.createOrUpdateBank(newBank(), cc);
    const other = await c.createOrUpdateBank(newBank(), cc);
    const customer = await c.createCustomer(bank.bankId, newCustomer(), cc);
    for (const [name, value] of [['TAX', '1'], ['SEGMENT', 'gold']]) {
      await subject().seed.addCustomerAttribute({ bankId: bank.bankId, customerId: customer.customerId, name: name!, attributeType: 'STRING', value: value! });
    }

    const found = await c.getCustomerAtBank(bank.bankId, customer.customerId, cc);
    expect(found.bank).toEqual(bank);
    expect(found.customer).toEqual(customer);
    const attributes = await c.getCustomerAttributes(bank.bankId, customer.customerId, cc);
    expect(found.attributes).toEqual(['SEGMENT', 'TAX'].map((name) => attributes.find((a) => a.name === name)));

    const plain = await c.createCustomer(bank.bankId, newCustomer(), cc);
    expect(await c.getCustomerAtBank(bank.bankId, plain.customerId, cc)).toEqual({ bank, customer: plain, attributes: [] });
    // Another bank's customer is not found there, exactly like an unknown id (bank isolation).
    expect(await c.getCustomerAtBank(other.bankId, customer.customerId, cc)).toEqual({ bank: other, attributes: [] });
    expect(await c.getCustomerAtBank(bank.bankId, randomUUID(), cc)).toEqual({ bank, attributes: [] });
    expect(await c.getCustomerAtBank(`missing.${randomUUID()}`, customer.customerId, cc)).toEqual({ attributes: [] });
  });
}
