import { expect, it } from 'vitest';
import { loggedInUser } from './support/fixtures';
import { describeEachBackend } from './support/service';

describeEachBackend('GET /adapter', (get) => {
  it('returns the back end identity to holders of CanGetAdapterInfo', async () => {
    const s = get();
    expect((await s.api.get('/adapter')).status).toBe(401);
    const stranger = await loggedInUser(s);
    expect((await s.api.get('/adapter', stranger.auth)).body).toEqual({
      code: 403,
      message: 'OBP-20006: User is missing one or more roles: CanGetAdapterInfo',
    });
    const operator = await loggedInUser(s, [{ role: 'CanGetAdapterInfo' }]);
    const res = await s.api.get('/adapter', operator.auth);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['name', 'version', 'git_commit', 'date']);
    expect(res.body.name).toBe(process.env.TEST_CONNECTOR === 'grpc' ? 'obp-customer-reference-adapter' : 'mapped');
    expect(res.body.version).toBe('0.1.0');
  });
});
