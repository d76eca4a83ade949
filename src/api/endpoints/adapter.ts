import { refusedAs } from '../connector-calls';
import { endpoint } from '../endpoint';
import { z } from 'zod';

export const getAdapterInfo = endpoint({
  name: 'getAdapterInfo',
  implementedIn: 'v3.1.0',
  // v5.0.0 re-implemented GET /adapter with another JSON shape (AdapterInfoJsonV500).
  servedUntil: 'v4.0.0',
  method: 'GET',
  path: '/adapter',
  summary: 'Get Adapter Info',
  description:
    'Returns the name, version and git commit of the back end behind the connector: the core banking adapter for ' +
    'the grpc connector, this service itself for the mapped one.',
  tags: ['API'],
  roles: ['CanGetAdapterInfo'],
  checks: ['auth', 'roles'],
  catalogs: { core: true, obwg: true },
  successStatus: 200,
  responseSchema: z.object({ name: z.string(), version: z.string(), git_commit: z.string(), date: z.string() }),
  exampleResponse: { name: 'obp-reference-adapter', version: '0.1.0', git_commit: '59623811dd8a41f6ffe67be46954eee11913dc28', date: '2026-11-23T10:00:00Z' },
  errors: ['UserNotLoggedIn', 'UserHasMissingRoles', 'ConnectorEmptyResponse', 'AdapterUnavailable', 'AdapterTimeout'],
  handler: async ({ connector, cc }) => {
    const info = await refusedAs(connector.getAdapterInfo(cc), 'ConnectorEmptyResponse');
    return { name: info.name, version: info.version, git_commit: info.gitCommit, date: info.date };
  },
});
