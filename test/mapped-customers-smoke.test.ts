import { expect, it } from 'vitest';
import { createBank, createCustomerDirect } from './support/fixtures';
import { describeEachBackend } from './support/service';

describeEachBackend('mapped customers (store round trip)', (get) => {
  it('stores and reads back every field, email lower-cased', async () => {
    const bankId = await createBank(get());
    const c = await createCustomerDirect(get(), bankId, { email: ' Foo@Bar.COM ' });
    expect(c.number).toMatch(/^\d+$/);
    expect(c.email).toBe('foo@bar.com');
    const again = await get().services.connector.getCustomerByCustomerId(c.customerId, { correlationId: 't' });
    expect(again).toEqual(c);
    expect(again!.faceImage.date!.toISOString()).toBe('1100-01-01T00:00:00.000Z');
  });
});
