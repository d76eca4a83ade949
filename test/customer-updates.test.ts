import { expect, it } from 'vitest';
import type { RoleName } from '../src/auth/roles';
import { createBank, createCustomerDirect, loggedInUser } from './support/fixtures';
import { describeEachBackend } from './support/service';

interface UpdateCase {
  segment: string;
  role: RoleName;
  typeName: string;
  body: Record<string, unknown>;
  /** The fields of the response that must change, and to what. */
  changes: Record<string, unknown>;
}

const cases: UpdateCase[] = [
  { segment: 'branch', role: 'CanUpdateCustomerBranch', typeName: 'PutUpdateCustomerBranchJsonV310', body: { branch_id: 'LONDON1' }, changes: { branch_id: 'LONDON1' } },
  {
    segment: 'credit-limit',
    role: 'CanUpdateCustomerCreditLimit',
    typeName: 'PutUpdateCustomerCreditLimitJsonV310',
    body: { credit_limit: { currency: 'GBP', amount: 2500 } },
    changes: { credit_limit: { currency: 'GBP', amount: '2500' } },
  },
  {
    segment: 'credit-rating-and-source',
    role: 'CanUpdateCustomerCreditRatingAndSource',
    typeName: 'PutUpdateCustomerCreditRatingAndSourceJsonV310',
    body: { credit_rating: 'Good', credit_source: 'Bank' },
    changes: { credit_rating: { rating: 'Good', source: 'Bank' } },
  },
  { segment: 'email', role: 'CanUpdateCustomerEmail', typeName: 'PutUpdateCustomerEmailJsonV310', body: { email: ' Marko@TESOBE.com' }, changes: { email: 'marko@tesobe.com' } },
  {
    segment: 'identity',
    role: 'CanUpdateCustomerIdentity',
    typeName: 'PutUpdateCustomerIdentityJsonV310',
    body: { legal_name: 'Eve Trip', date_of_birth: '1985-05-05T00:00:00Z', title: 'Ms.', name_suffix: 'Jr' },
    changes: { legal_name: 'Eve Trip', date_of_birth: '1985-05-05T00:00:00Z', title: 'Ms.', name_suffix: 'Jr' },
  },
  {
    segment: 'mobile-number',
    role: 'CanUpdateCustomerMobilePhoneNumber',
    typeName: 'PutUpdateCustomerMobilePhoneNumberJsonV310',
    body: { mobile_phone_number: '+381631954907' },
    changes: { mobile_phone_number: '+381631954907' },
  },
  { segment: 'number', role: 'CanUpdateCustomerNumber', typeName: 'PutUpdateCustomerNumberJsonV310', body: { customer_number: 'N-777' }, changes: { customer_number: 'N-777' } },
  {
    segment: 'data',
    role: 'CanUpdateCustomerData',
    typeName: 'PutUpdateCustomerDataJsonV310',
    body: {
      face_image: { url: 'https://img.example/face.png', date: '2020-02-02T02:02:02Z' },
      relationship_status: 'married',
      dependants: 3,
      highest_education_attained: 'PhD',
      employment_status: 'retired',
    },
    changes: {
      face_image: { url: 'https://img.example/face.png', date: '2020-02-02T02:02:02Z' },
      relationship_status: 'married',
      dependants: 3,
      highest_education_attained: 'PhD',
      employment_status: 'retired',
    },
  },
];

describeEachBackend('customer updates', (get) => {
  for (const c of cases) {
    it(`PUT …/${c.segment} changes exactly ${Object.keys(c.changes).join(', ')}`, async () => {
      const s = get();
      const bankId = await createBank(s);
      const customer = await createCustomerDirect(s, bankId);
      const reader = await loggedInUser(s, [{ role: 'CanGetCustomer', bankId }]);
      const before = (await s.api.get(`/banks/${bankId}/customers/${customer.customerId}`, reader.auth)).body;
      const u = await loggedInUser(s, [{ role: c.role, bankId }]);
      const url = `/banks/${bankId}/customers/${customer.customerId}/${c.segment}`;
      const res = await s.api.put(url, c.body, u.auth);
      expect(res.status).toBe(200);
      const { customer_attributes: _a, ...beforeV310 } = before;
      expect(res.body).toEqual({ ...beforeV310, ...c.changes });
      expect(Object.keys(res.body)).toEqual(Object.keys(beforeV310));
      const after = (await s.api.get(`/banks/${bankId}/customers/${customer.customerId}`, reader.auth)).body;
      expect(after).toEqual({ ...before, ...c.changes });
    });

    it(`PUT …/${c.segment} refuses in OBP order: 401, 404 bank, 403, 400 JSON, 404 customer and foreign customer`, async () => {
      const s = get();
      const bankId = await createBank(s);
      const otherBank = await createBank(s);
      const foreign = await createCustomerDirect(s, otherBank);
      const u = await loggedInUser(s, [{ role: c.role, bankId }]);
      const url = (b: string, id: string) => `/banks/${b}/customers/${id}/${c.segment}`;
      expect((await s.api.put(url(bankId, 'x'), c.body)).status).toBe(401);
      expect((await s.api.put(url('no.bank', 'x'), c.body, u.auth)).status).toBe(404);
      expect((await s.api.put(url(otherBank, foreign.customerId), c.body, u.auth)).body).toEqual({
        code: 403,
        message:
          c.role === 'CanUpdateCustomerCreditRatingAndSource'
            ? `OBP-20006: User is missing one or more roles: CanUpdateCustomerCreditRatingAndSource or CanUpdateCustomerCreditRatingAndSourceAtAnyBank for BankId(${otherBank}).`
            : `OBP-20006: User is missing one or more roles: ${c.role} at Bank(${otherBank})`,
      });
      expect((await s.api.put(url(bankId, 'x'), { unrelated: true }, u.auth)).body).toEqual({
        code: 400,
        message: `OBP-10001: Incorrect json format. The Json body should be the ${c.typeName} `,
      });
      expect((await s.api.put(url(bankId, 'nobody'), c.body, u.auth)).body).toEqual({
        code: 404,
        message: 'OBP-30046: Customer not found. Please specify a valid value for CUSTOMER_ID.. Current CustomerId(nobody)',
      });
      const isolated = await s.api.put(url(bankId, foreign.customerId), c.body, u.auth);
      expect(isolated.status).toBe(404);
      expect((await s.api.get(`/banks/${otherBank}/customers/${foreign.customerId}`, (await loggedInUser(s, [{ role: 'CanGetCustomer', bankId: otherBank }])).auth)).body.branch_id).toBe('DERBY6');
    });
  }

  it('lets a holder of CanUpdateCustomerCreditRatingAndSourceAtAnyBank update at any bank', async () => {
    const s = get();
    const bankId = await createBank(s);
    const customer = await createCustomerDirect(s, bankId);
    const u = await loggedInUser(s, [{ role: 'CanUpdateCustomerCreditRatingAndSourceAtAnyBank' }]);
    const res = await s.api.put(`/banks/${bankId}/customers/${customer.customerId}/credit-rating-and-source`, { credit_rating: 'A', credit_source: 'B' }, u.auth);
    expect(res.status).toBe(200);
  });

  it('refuses a customer number in use at the bank, the customer own number included', async () => {
    const s = get();
    const bankId = await createBank(s);
    const otherBank = await createBank(s);
    const a = await createCustomerDirect(s, bankId);
    const b = await createCustomerDirect(s, bankId);
    const elsewhere = await createCustomerDirect(s, otherBank);
    const u = await loggedInUser(s, [{ role: 'CanUpdateCustomerNumber', bankId }]);
    const url = `/banks/${bankId}/customers/${a.customerId}/number`;
    const taken = (n: string) => ({
      code: 400,
      message: `OBP-30006: Customer Number already exists. Please specify a different value for BANK_ID or CUSTOMER_NUMBER. Current customer_number(${n}) and Current bank_id(${bankId})`,
    });
    expect((await s.api.put(url, { customer_number: b.number }, u.auth)).body).toEqual(taken(b.number));
    expect((await s.api.put(url, { customer_number: a.number }, u.auth)).body).toEqual(taken(a.number));
    // Numbers are unique per bank only.
    expect((await s.api.put(url, { customer_number: elsewhere.number }, u.auth)).status).toBe(200);
  });

  it('never lets concurrent number changes produce a duplicate', async () => {
    const s = get();
    const bankId = await createBank(s);
    const customers = await Promise.all(Array.from({ length: 6 }, () => createCustomerDirect(s, bankId)));
    const u = await loggedInUser(s, [{ role: 'CanUpdateCustomerNumber', bankId }]);
    const results = await Promise.all(
      customers.map((c) => s.api.put(`/banks/${bankId}/customers/${c.customerId}/number`, { customer_number: 'SAME-1' }, u.auth)),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 200)) {
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/^OBP-30006: Customer Number already exists\./);
    }
    const holders = await s.connectorDb('customers').where({ bank_id: bankId, customer_number: 'SAME-1' });
    expect(holders).toHaveLength(1);
  });
});
