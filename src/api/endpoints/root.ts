import { endpoint } from '../endpoint';
import { z } from 'zod';

export const root = endpoint({
  name: 'root',
  implementedIn: 'v3.1.0',
  // Every version has a root of its own; v4.0.0 and v5.1.0 answer other JSON shapes.
  servedUntil: 'v3.1.0',
  method: 'GET',
  path: '/root',
  summary: 'Get API Info (root)',
  description: 'Returns information about this API instance: version, git commit, the active connector and who hosts it.',
  tags: ['API'],
  checks: [],
  catalogs: { core: true, obwg: true },
  successStatus: 200,
  responseSchema: z.object({
    version: z.string(),
    version_status: z.string(),
    git_commit: z.string(),
    connector: z.string(),
    hosted_by: z.object({ organisation: z.string(), email: z.string(), phone: z.string(), organisation_website: z.string() }),
  }),
  exampleResponse: {
    version: 'v3.1.0',
    version_status: 'STABLE',
    git_commit: '59623811dd8a41f6ffe67be46954eee11913dc28',
    connector: 'mapped',
    hosted_by: {
      organisation: 'TESOBE',
      email: 'contact@tesobe.com',
      phone: '+49 (0)30 8145 3994',
      organisation_website: 'https://www.tesobe.com',
    },
  },
  errors: [],
  handler: async ({ config, connector, version }) => ({
    version,
    version_status: 'STABLE',
    git_commit: config.GIT_COMMIT,
    connector: connector.name,
    hosted_by: {
      organisation: config.HOSTED_BY_ORGANISATION,
      email: config.HOSTED_BY_EMAIL,
      phone: config.HOSTED_BY_PHONE,
      organisation_website: config.HOSTED_BY_ORGANISATION_WEBSITE,
    },
  }),
});
