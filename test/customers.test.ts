import { expect, it } from 'vitest';
import { createBank, createCustomerDirect, loggedInUser } from './support/fixtures';
import { addAttribute, postCustomerBody } from './support/customers';
import { describeEachBackend } from './support/service';

describeEachBackend('create customer', (get) => {
  it('creates a customer: 201 with CustomerJsonV310 in OBP field order', async () => {
    const s = get();
    const bankId = await createBank(s);
    const u = await loggedInUser(s, [{ role: 'CanCreateCustomer', bankId }]);
    const res = await s.api.post(`/banks/${bankId}/customers`, postCustomerBody({ email: ' Felix.Smith@Example.COM ' }), u.auth);
    expect(res.status).toBe(201);
    expect(res.body.customer_number).toMatch(/^\d+$/);
    expect(res.text).toBe(
      JSON.stringify({
        bank_id: bankId,
        customer_id: res.body.customer_id,
        customer_number: res.body.customer_number,
        legal_name: 'Eveline Tripman',
        mobile_phone_number: '+44 07972 444 876',
        email: 'felix.smith@example.com',
        face_image: { url: 'www.openbankproject', date: '1100-01-01T00:00:00Z' },
        date_of_birth: '1990-01-01T00:00:00Z',
        relationship_status: 'single',
        dependants: 1,
        dob_of_dependants: ['2015-06-01T00:00:00Z'],
        credit_rating: { rating: 'OBP', source: 'OBP' },
        credit_limit: { currency: 'EUR', amount: '0' },
        highest_education_attained: 'Master',
        employment_status: 'worker',
        kyc_status: false,
        last_ok_date: '2023-10-16T12:00:00Z',
        title: 'Dr.',
        branch_id: 'DERBY6',
        name_suffix: 'Sr',
      }),
    );
  });

  it('accepts numeric scalars for string fields and dates with milliseconds', async () => {
    const s = get();
    const bankId = await createBank(s);
    const u = await loggedInUser(s, [{ role: 'CanCreateCustomerAtAnyBank' }]);
    const res = await s.api.post(
      `/banks/${bankId}/customers`,
      postCustomerBody({ credit_limit: { currency: 'EUR', amount: 1000 }, legal_name: 42, date_of_birth: '1990-01-01T10:20:30.123Z' }),
      u.auth,
    );
    expect(res.status).toBe(201);
    expect(res.body.credit_limit).toEqual({ currency: 'EUR', amount: '1000' });
    expect(res.body.legal_name).toBe('42');
    expect(res.body.date_of_birth).toBe('1990-01-01T10:20:30Z');
  });

  it('checks login, then roles (OR), then the bank, then the body', async () => {
    const s = get();
    const bankId = await createBank(s);
    const otherBank = await createBank(s);
    const url = `/banks/${bankId}/customers`;
    expect((await s.api.post(url, postCustomerBody())).status).toBe(401);

    const wrongBank = await loggedInUser(s, [{ role: 'CanCreateCustomer', bankId: otherBank }]);
    const denied = await s.api.post(url, postCustomerBody(), wrongBank.auth);
    expect(denied.body).toEqual({
      code: 403,
      message: `OBP-20006: User is missing one or more roles: CanCreateCustomer or CanCreateCustomerAtAnyBank for BankId(${bankId}).`,
    });
    // Roles come before the bank: without a role, an unknown bank is still 403.
    expect((await s.api.post('/banks/no.such.bank/customers', postCustomerBody(), wrongBank.auth)).status).toBe(403);

    const anyBank = await loggedInUser(s, [{ role: 'CanCreateCustomerAtAnyBank' }]);
    const noBank = await s.api.post('/banks/no.such.bank/customers', postCustomerBody(), anyBank.auth);
    expect(noBank.status).toBe(404);
    expect(noBank.body.message).toBe('OBP-30001: Bank not found. Please specify a valid value for BANK_ID. Current BankId is no.such.bank');

    const badJson = { code: 400, message: 'OBP-10001: Incorrect json format. The Json body should be the PostCustomerJsonV310 ' };
    const { title: _omit, ...missingTitle } = postCustomerBody();
    expect((await s.api.post(url, missingTitle, anyBank.auth)).body).toEqual(badJson);
    expect((await s.api.post(url, postCustomerBody({ date_of_birth: '1990-01-01' }), anyBank.auth)).body).toEqual(badJson);
    expect((await s.api.post(url, postCustomerBody({ date_of_birth: '1990-02-30T00:00:00Z' }), anyBank.auth)).body).toEqual(badJson);
    expect((await s.api.post(url, postCustomerBody({ dependants: 1.5 }), anyBank.auth)).body).toEqual(badJson);
    expect((await s.api.post(url, postCustomerBody({ kyc_status: 'yes' }), anyBank.auth)).body).toEqual(badJson);
    expect((await s.api.post(url, postCustomerBody({ mobile_phone_number: '1'.repeat(51) }), anyBank.auth)).body).toEqual(badJson);

    const mismatch = await s.api.post(url, postCustomerBody({ dependants: 2 }), anyBank.auth);
    expect(mismatch.body).toEqual({
      code: 400,
      message: 'OBP-10020: Incorrect json. The field dependants(2) not equal the length(1) of dob_of_dependants array',
    });
  });

  it('gives parallel creates distinct customer numbers', async () => {
    const s = get();
    const bankId = await createBank(s);
    const u = await loggedInUser(s, [{ role: 'CanCreateCustomer', bankId }]);
    const results = await Promise.all(Array.from({ length: 20 }, () => s.api.post(`/banks/${bankId}/customers`, postCustomerBody(), u.auth)));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.body.customer_number)).size).toBe(20);
  });
});

describeEachBackend('get customer', (get) => {
  it('by CUSTOMER_ID with its attributes at this bank', async () => {
    const s = get();
    const bankId = await createBank(s);
    const c = await createCustomerDirect(s, bankId);
    await addAttribute(s, bankId, c.customerId, 'SPECIAL_TAX_NUMBER', '123456789');
    const u = await loggedInUser(s, [{ role: 'CanGetCustomer', bankId }]);
    const res = await s.api.get(`/banks/${bankId}/customers/${c.customerId}`, u.auth);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).at(-1)).toBe('customer_attributes');
    expect(res.body.customer_attributes).toEqual([
      { customer_attribute_id: expect.any(String), name: 'SPECIAL_TAX_NUMBER', type: 'STRING', value: '123456789' },
    ]);
    expect(res.body.customer_number).toBe(c.number);
  });

  it('refuses without role, for unknown ids and for customers of another bank (404, isolation)', async () => {
    const s = get();
    const bankId = await createBank(s);
    const otherBank = await createBank(s);
    const foreign = await createCustomerDirect(s, otherBank);
    const u = await loggedInUser(s, [{ role: 'CanGetCustomer', bankId }]);
    const stranger = await loggedInUser(s);
    expect((await s.api.get(`/banks/${bankId}/customers/x`)).status).toBe(401);
    expect((await s.api.get(`/banks/nobank/customers/x`, u.auth)).status).toBe(404);
    expect((await s.api.get(`/banks/${bankId}/customers/x`, stranger.auth)).body).toEqual({
      code: 403,
      message: `OBP-20006: User is missing one or more roles: CanGetCustomer at Bank(${bankId})`,
    });
    expect((await s.api.get(`/banks/${bankId}/customers/nobody`, u.auth)).body).toEqual({
      code: 404,
      message: 'OBP-30046: Customer not found. Please specify a valid value for CUSTOMER_ID.. Current CustomerId(nobody)',
    });
    const res = await s.api.get(`/banks/${bankId}/customers/${foreign.customerId}`, u.auth);
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/^OBP-30046/);
  });

  it('by CUSTOMER_NUMBER (POST, 200), only at this bank', async () => {
    const s = get();
    const bankId = await createBank(s);
    const otherBank = await createBank(s);
    const c = await createCustomerDirect(s, bankId);
    const foreign = await createCustomerDirect(s, otherBank);
    const u = await loggedInUser(s, [{ role: 'CanGetCustomer', bankId }]);
    const url = `/banks/${bankId}/customers/customer-number`;
    const res = await s.api.post(url, { customer_number: c.number }, u.auth);
    expect(res.status).toBe(200);
    expect(res.body.customer_id).toBe(c.customerId);
    expect(res.body.customer_attributes).toEqual([]);
    const numeric = await s.api.post(url, { customer_number: Number(c.number) }, u.auth);
    expect(numeric.body.customer_id).toBe(c.customerId);
    const notHere = { code: 404, message: 'OBP-30002: Customer not found. Please specify a valid value for CUSTOMER_NUMBER.' };
    expect((await s.api.post(url, { customer_number: foreign.number }, u.auth)).body).toEqual(notHere);
    expect((await s.api.post(url, { number: 1 }, u.auth)).body).toEqual({
      code: 400,
      message: 'OBP-10001: Incorrect json format. The Json body should be the PostCustomerNumberJsonV310 ',
    });
    expect((await s.api.post(url, { customer_number: c.number }, (await loggedInUser(s)).auth)).status).toBe(403);
  });
});

describeEachBackend('user customer links and my customers', (get) => {
  it('links a user to a customer (201) and lists the customers of the user', async () => {
    const s = get();
    const bankId = await createBank(s);
    const otherBank = await createBank(s);
    const c1 = await createCustomerDirect(s, bankId);
    const c2 = await createCustomerDirect(s, otherBank, { dateOfBirth: null, dobOfDependents: [], dependents: 0 });
    await addAttribute(s, bankId, c1.customerId, 'TIER', 'gold');
    const customerUser = await loggedInUser(s);
    const linker = await loggedInUser(s, [{ role: 'CanCreateUserCustomerLinkAtAnyBank' }]);

    const link = await s.api.post(`/banks/${bankId}/user_customer_links`, { user_id: customerUser.userId, customer_id: c1.customerId }, linker.auth);
    expect(link.status).toBe(201);
    expect(Object.keys(link.body)).toEqual(['user_customer_link_id', 'customer_id', 'user_id', 'date_inserted', 'is_active']);
    expect(link.body).toMatchObject({ customer_id: c1.customerId, user_id: customerUser.userId, is_active: true });
    expect(link.body.date_inserted).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await s.api.post(`/banks/${otherBank}/user_customer_links`, { user_id: customerUser.userId, customer_id: c2.customerId }, linker.auth)).status).toBe(201);

    const mine = await s.api.get('/users/current/customers', customerUser.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.customers.map((c: { customer_id: string }) => c.customer_id)).toEqual([c1.customerId, c2.customerId]);
    expect(mine.body.customers[0].date_of_birth).toBe('1990-01-01');
    expect(mine.body.customers[0].dob_of_dependants).toEqual(['2015-06-01']);
    expect(mine.body.customers[0].customer_attributes).toEqual([
      { customer_attribute_id: expect.any(String), name: 'TIER', type: 'STRING', value: 'gold' },
    ]);
    expect(mine.body.customers[1].date_of_birth).toBe('');
    expect(mine.body.customers[1].customer_attributes).toEqual([]);

    const atBank = await s.api.get(`/banks/${bankId}/customers`, customerUser.auth);
    expect(atBank.body.customers).toHaveLength(1);
    expect(Object.keys(atBank.body.customers[0])).not.toContain('title');
    expect(atBank.body.customers[0].date_of_birth).toBe('1990-01-01T00:00:00Z');

    const nobody = await loggedInUser(s);
    expect((await s.api.get('/users/current/customers', nobody.auth)).body).toEqual({ customers: [] });
    expect((await s.api.get(`/banks/${bankId}/customers`, nobody.auth)).body).toEqual({ customers: [] });
    expect((await s.api.get('/users/current/customers')).status).toBe(401);
    expect((await s.api.get('/banks/no.bank/customers', nobody.auth)).status).toBe(404);
  });

  it('checks the link request in OBP order', async () => {
    const s = get();
    const bankId = await createBank(s);
    const otherBank = await createBank(s);
    const c = await createCustomerDirect(s, bankId);
    const foreign = await createCustomerDirect(s, otherBank);
    const target = await loggedInUser(s);
    const linker = await loggedInUser(s, [{ role: 'CanCreateUserCustomerLink', bankId }]);
    const stranger = await loggedInUser(s);
    const url = `/banks/${bankId}/user_customer_links`;
    const body = { user_id: target.userId, customer_id: c.customerId };

    expect((await s.api.post(url, body)).status).toBe(401);
    expect((await s.api.post('/banks/bad$bank/user_customer_links', body, linker.auth)).body.message).toMatch(/^OBP-30111: Invalid Bank Id\./);
    expect((await s.api.post('/banks/no.bank/user_customer_links', body, linker.auth)).status).toBe(404);
    expect((await s.api.post(url, { user_id: target.userId }, linker.auth)).body).toEqual({ code: 400, message: 'OBP-10001: Incorrect json format.' });
    const noUser = await s.api.post(url, { ...body, user_id: 'nobody' }, linker.auth);
    expect(noUser.status).toBe(404);
    expect(noUser.body.message).toMatch(/^OBP-20005/);
    expect((await s.api.post(url, { ...body, customer_id: 'none' }, linker.auth)).status).toBe(404);
    const isolated = await s.api.post(url, { ...body, customer_id: foreign.customerId }, linker.auth);
    expect(isolated.status).toBe(404);
    expect(isolated.body.message).toMatch(/^OBP-30046/);
    expect((await s.api.post(url, body, stranger.auth)).body).toEqual({
      code: 403,
      message: 'OBP-20006: User is missing one or more roles: CanCreateUserCustomerLink OR CanCreateUserCustomerLinkAtAnyBank entitlements are required.',
    });

    const results = await Promise.all([s.api.post(url, body, linker.auth), s.api.post(url, body, linker.auth)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
    expect(results.find((r) => r.status === 400)!.body.message).toBe(
      'OBP-30007: The User is already linked to a Customer at the bank specified by BANK_ID',
    );
  });
});
