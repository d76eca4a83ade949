import { expect, it } from 'vitest';
import { postCustomerBody } from './support/customers';
import { createBank, createCustomerDirect, loggedInUser } from './support/fixtures';
import { describeEachBackend } from './support/service';

const dates = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2000, 0, 1 + i)).toISOString().replace('.000', ''));

// Every list a request body may carry has a maximum (100): beyond it the request is 400, never a store failure.
describeEachBackend('bounded lists', (get) => {
  it('dob_of_dependants: 100 dates are stored and read back, 101 are refused', async () => {
    const s = get();
    const bankId = await createBank(s);
    const user = await loggedInUser(s, [{ role: 'CanCreateCustomer', bankId }, { role: 'CanGetCustomer', bankId }]);
    const url = `/banks/${bankId}/customers`;
    const ok = await s.api.post(url, postCustomerBody({ dependants: 100, dob_of_dependants: dates(100) }), user.auth);
    expect(ok.status).toBe(201);
    const back = await s.api.get(`${url}/${ok.body.customer_id}`, user.auth);
    expect(back.body.dob_of_dependants).toEqual(dates(100));
    for (const n of [101, 5000]) {
      const res = await s.api.post(url, postCustomerBody({ dependants: n, dob_of_dependants: dates(n) }), user.auth);
      expect(res.body).toEqual({ code: 400, message: 'OBP-10001: Incorrect json format. The Json body should be the PostCustomerJsonV310 ' });
    }
  });

  it('address tags: 100 are stored, 101 are refused', async () => {
    const s = get();
    const bankId = await createBank(s);
    const customer = await createCustomerDirect(s, bankId);
    const user = await loggedInUser(s, [{ role: 'CanCreateCustomerAddress', bankId }]);
    const url = `/banks/${bankId}/customers/${customer.customerId}/address`;
    const address = { line_1: 'a', line_2: '', line_3: '', city: 'c', county: '', state: '', postcode: '1', country_code: 'DE', status: 'OK' };
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `tag ${i}`);
    const ok = await s.api.post(url, { ...address, tags: tags(100) }, user.auth);
    expect(ok.status).toBe(201);
    expect(ok.body.tags).toEqual(tags(100));
    expect((await s.api.post(url, { ...address, tags: tags(101) }, user.auth)).body).toEqual({
      code: 400,
      message: 'OBP-10001: Incorrect json format. The Json body should be the PostCustomerAddressJsonV310 ',
    });
  });
});
