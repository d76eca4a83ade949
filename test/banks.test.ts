import { expect, it } from 'vitest';
import { bankBody, createBank, loggedInUser } from './support/fixtures';
import { describeEachBackend } from './support/service';
import { uniqueId } from './support/client';

describeEachBackend('banks', (get) => {
  it('creates a bank (201, same shape), grants the creator CanCreateEntitlementAtOneBank, and updates on re-post', async () => {
    const s = get();
    const admin = await loggedInUser(s, [{ role: 'CanCreateBank' }]);
    const id = uniqueId('bank.');
    const res = await s.api.post('/banks', bankBody(id), admin.auth);
    expect(res.status).toBe(201);
    expect(res.text).toBe(JSON.stringify(bankBody(id)));
    const mine = await s.api.get('/my/entitlements', admin.auth);
    expect(mine.body.list).toContainEqual({ entitlement_id: expect.any(String), role_name: 'CanCreateEntitlementAtOneBank', bank_id: id });

    const updated = await s.api.post('/banks', { ...bankBody(id), full_name: 'Renamed' }, admin.auth);
    expect(updated.status).toBe(201);
    expect((await s.api.get(`/banks/${id}`)).body.full_name).toBe('Renamed');
  });

  it('checks JSON and the bank id before authentication, then consumer and role', async () => {
    const s = get();
    expect((await s.api.post('/banks', { id: 'x' })).body).toEqual({ code: 400, message: 'OBP-10001: Incorrect json format.' });
    expect((await s.api.post('/banks', bankBody('short'))).body).toEqual({
      code: 400,
      message: 'OBP-10001: Incorrect json format. Min length of BANK_ID should be 5 characters.',
    });
    expect((await s.api.post('/banks', bankBody('bad/bank/id'))).body).toEqual({
      code: 400,
      message: 'OBP-20011: Value contains invalid characters.',
    });
    expect((await s.api.post('/banks', bankBody(uniqueId('bank.')))).status).toBe(401);
    const user = await loggedInUser(s);
    expect((await s.api.post('/banks', bankBody(uniqueId('bank.')), user.auth)).body).toEqual({
      code: 403,
      message: 'OBP-20006: User is missing one or more roles: CanCreateBank',
    });
  });

  it('requires a consumer on the call', async () => {
    const s = get();
    const admin = await loggedInUser(s, [{ role: 'CanCreateBank' }]);
    await s.db('direct_login_tokens').where({ user_id: admin.userId }).update({ consumer_id: null });
    expect((await s.api.post('/banks', bankBody(uniqueId('bank.')), admin.auth)).body).toEqual({
      code: 400,
      message: 'OBP-20009: Invalid consumer credentials',
    });
  });

  it('lists banks and returns one bank with routings, anonymously', async () => {
    const s = get();
    const id = await createBank(s);
    const list = await s.api.get('/banks');
    expect(list.status).toBe(200);
    expect(list.body.banks).toContainEqual({
      id,
      short_name: 'TB',
      full_name: 'Test Bank',
      logo: 'https://example.com/logo.png',
      website: 'https://example.com',
      bank_routing: { scheme: 'OBP', address: id },
    });
    const one = await s.api.get(`/banks/${id}`);
    expect(one.text).toBe(
      JSON.stringify({
        id,
        short_name: 'TB',
        full_name: 'Test Bank',
        logo: 'https://example.com/logo.png',
        website: 'https://example.com',
        bank_routings: [
          { scheme: 'BIC', address: 'TESTGB22' },
          { scheme: 'OBP', address: id },
        ],
        attributes: [],
      }),
    );
  });

  it('renders empty names as null and defaults the routing', async () => {
    const s = get();
    const admin = await loggedInUser(s, [{ role: 'CanCreateBank' }]);
    const id = uniqueId('bank.');
    await s.api.post('/banks', { ...bankBody(id), short_name: '', logo_url: '', bank_routing: { scheme: '', address: '' } }, admin.auth);
    const list = await s.api.get('/banks');
    expect(list.body.banks.find((b: { id: string }) => b.id === id)).toMatchObject({
      short_name: null,
      logo: null,
      bank_routing: { scheme: 'OBP', address: id },
    });
    const one = await s.api.get(`/banks/${id}`);
    expect(one.body.bank_routings).toEqual([
      { scheme: 'OBP', address: id },
      { scheme: 'BIC', address: 'TESTGB22' },
    ]);
  });

  it('answers 404 for an unknown bank', async () => {
    expect((await get().api.get('/banks/no.such.bank')).body).toEqual({
      code: 404,
      message: 'OBP-30001: Bank not found. Please specify a valid value for BANK_ID. Current BankId is no.such.bank',
    });
  });
});
