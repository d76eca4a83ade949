/**
 * What OBP's API Explorer reads besides the resource docs when it starts: the versions to fetch docs for, connector
 * message docs, the glossary.
 */
import { z } from 'zod';
import { ObpError } from '../../errors';
import { GLOSSARY } from '../glossary';
import { markdownToHtml } from '../markdown';
import { endpoint } from '../endpoint';
import { OBP_VERSIONS } from '../versions';

const scannedVersionSchema = z.object({
  urlPrefix: z.string(),
  apiStandard: z.string(),
  apiShortVersion: z.string(),
  API_VERSION: z.string(),
});

const scannedVersion = (v: string) => ({ urlPrefix: 'obp', apiStandard: 'obp', apiShortVersion: v, API_VERSION: v });

export const getScannedApiVersions = endpoint({
  name: 'getScannedApiVersions',
  implementedIn: 'v4.0.0',
  method: 'GET',
  path: '/api/versions',
  summary: 'Get scanned API Versions',
  description:
    'The API versions this instance serves endpoints under, oldest first. Fetch the resource docs of each with ' +
    '`GET /obp/v4.0.0/resource-docs/OBPv3.1.0/obp` (apiStandard upper-cased, then API_VERSION).',
  tags: ['Documentation', 'API'],
  checks: [],
  successStatus: 200,
  responseSchema: z.object({ scanned_api_versions: z.array(scannedVersionSchema) }),
  exampleResponse: { scanned_api_versions: [scannedVersion('v3.1.0')] },
  errors: [],
  handler: async () => ({ scanned_api_versions: OBP_VERSIONS.map(scannedVersion) }),
});

/**
 * The connectors OBP-API documents messages for. This service speaks none of their messages (its core banking
 * contract is the gRPC one in proto/), so each of their lists is empty; any other name is OBP's 400.
 */
const OBP_CONNECTORS = [
  'mapped',
  'kafka_vSept2018',
  'akka_vDec2018',
  'rest_vMar2019',
  'stored_procedure_vDec2019',
  'rabbitmq_vOct2024',
] as const;

export const getMessageDocs = endpoint({
  name: 'getMessageDocs',
  implementedIn: 'v2.2.0',
  method: 'GET',
  path: '/message-docs/CONNECTOR',
  summary: 'Get Message Docs',
  description:
    "The messages an OBP connector exchanges with a core banking adapter. This instance's adapter contract is the " +
    `gRPC one in proto/, so the lists of OBP's connectors (${OBP_CONNECTORS.map((c) => `\`${c}\``).join(', ')}) are empty.`,
  tags: ['Documentation', 'API'],
  checks: [],
  successStatus: 200,
  responseSchema: z.object({ message_docs: z.array(z.looseObject({ process: z.string() })) }),
  exampleResponse: { message_docs: [] },
  errors: ['InvalidConnector'],
  handler: async ({ params }) => {
    const connector = params.CONNECTOR!;
    if (!(OBP_CONNECTORS as readonly string[]).includes(connector)) {
      throw new ObpError('InvalidConnector', ` Current Input is ${connector.slice(0, 100)}. It should be eg: kafka_vSept2018...`);
    }
    return { message_docs: [] };
  },
});

export const getApiGlossary = endpoint({
  name: 'getApiGlossary',
  implementedIn: 'v3.0.0',
  method: 'GET',
  path: '/api/glossary',
  summary: 'Get Glossary of the API',
  description: 'The terms the endpoints of this API use, each explained in Markdown and in HTML.',
  tags: ['Documentation', 'API'],
  checks: [],
  successStatus: 200,
  responseSchema: z.object({
    glossary_items: z.array(z.object({ title: z.string(), description: z.object({ markdown: z.string(), html: z.string() }) })),
  }),
  exampleResponse: {
    glossary_items: [{ title: 'Bank', description: { markdown: 'A bank this API serves.', html: '<p>A bank this API serves.</p>' } }],
  },
  errors: [],
  handler: async () => ({
    glossary_items: GLOSSARY.map((g) => ({ title: g.title, description: { markdown: g.markdown, html: markdownToHtml(g.markdown) } })),
  }),
});

/** The OpenID Connect providers whose tokens this instance accepts, as OBP v5.1.0 lists them for its API Explorer. */
export const getOAuth2ServerWellKnown = endpoint({
  name: 'getOAuth2ServerWellKnown',
  implementedIn: 'v5.1.0',
  method: 'GET',
  path: '/well-known',
  summary: 'Get Well Known URIs',
  description:
    "The discovery documents of the OpenID Connect providers whose access tokens this instance accepts (OIDC_ISSUERS): " +
    '`provider` is the issuer, `url` its `/.well-known/openid-configuration`. Empty when bearer tokens are not accepted.',
  tags: ['API'],
  checks: [],
  successStatus: 200,
  responseSchema: z.object({ well_known_uris: z.array(z.object({ provider: z.string(), url: z.string() })) }),
  exampleResponse: {
    well_known_uris: [
      { provider: 'https://keycloak.bank.example/realms/obp', url: 'https://keycloak.bank.example/realms/obp/.well-known/openid-configuration' },
    ],
  },
  errors: [],
  handler: async ({ config }) => ({
    well_known_uris: config.OIDC_ISSUERS.map((issuer) => ({
      provider: issuer,
      url: `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    })),
  }),
});
