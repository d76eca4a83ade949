import { ObpError } from '../../errors';
import { endpoint } from '../endpoint';
import { z } from 'zod';

export const directLogin = endpoint({
  name: 'directLogin',
  implementedIn: 'v3.1.0',
  method: 'POST',
  path: '/my/logins/direct',
  root: true,
  servedWhen: (config) => config.DIRECT_LOGIN_ENABLED,
  summary: 'Direct Login',
  description:
    'Exchanges a username, password and consumer key for a DirectLogin token. Send the credentials in the header ' +
    '`DirectLogin: username=U, password=P, consumer_key=K` (or the deprecated ' +
    '`Authorization: DirectLogin username="U", password="P", consumer_key="K"`); the body is ignored. ' +
    'Use the token as `DirectLogin: token=TOKEN` on every other request.',
  tags: ['User'],
  checks: [],
  readsSession: false,
  requiresJsonContentType: false,
  successStatus: 201,
  responseSchema: z.object({ token: z.string() }),
  exampleResponse: { token: 'eyJhbGciOiJIUzI1NiJ9.eyIiOiIifQ.Y0jk1EQGB4XgdqmYZUHT6potmH3mKj5mEaA9qrIXXWQ' },
  errors: [
    'MissingDirectLoginHeader',
    'InvalidDirectLoginHeader',
    'DirectLoginMissingParameters',
    'InvalidValueCharacters',
    'InvalidValueLength',
    'ConsumerKeyIsInvalid',
    'ConsumerKeyIsTooLong',
    'InvalidConsumerKey',
    'InvalidLoginCredentials',
    'UsernameHasBeenLocked',
    'TooManyRequests',
    'ServiceIsTooBusy',
  ],
  handler: async ({ services, headers, ip }) => ({ token: await services.directLogin.login(headers, ip) }),
});

export const directLoginLogout = endpoint({
  name: 'directLoginLogout',
  implementedIn: 'v3.1.0',
  method: 'DELETE',
  path: '/my/logins/direct',
  root: true,
  servedWhen: (config) => config.DIRECT_LOGIN_ENABLED,
  summary: 'Log out (revoke the DirectLogin token)',
  description:
    'Revokes the DirectLogin token sent with this request: it is refused from the next request on, on every ' +
    'instance. Other tokens of the same user stay valid. (OBP has no DirectLogin logout; this is our addition.) ' +
    'A bearer token is revoked at its provider: sent here, it is 400 OBP-20083.',
  tags: ['User'],
  checks: ['auth'],
  endsSession: true,
  successStatus: 200,
  responseSchema: z.boolean(),
  exampleResponse: true,
  errors: ['UserNotLoggedIn', 'DirectLoginInvalidToken', 'InvalidDirectLoginHeader'],
  handler: async ({ services, headers }) => {
    if (!(await services.directLogin.logout(headers))) throw new ObpError('InvalidDirectLoginHeader');
    return true;
  },
});
