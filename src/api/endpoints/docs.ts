import { z } from 'zod';
import { ObpError } from '../../errors';
import { endpoint, type Endpoint, type QueryParameter, type RequestContext } from '../endpoint';
import { resourceDoc, selectEndpoints, type DocFilter } from '../docs';
import { loginSchemes, openApiDocument } from '../openapi';
import { parseVersion, type ObpVersion } from '../versions';
// The table includes these endpoints; it is read at request time, when the module cycle has resolved.
import * as table from './index';

function filterOf(ctx: RequestContext<unknown>): DocFilter {
  const list = (name: string) => {
    const value = ctx.query.find(([k]) => k === name)?.[1];
    return value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  };
  return { tags: list('tags'), functions: list('functions') };
}

/** The version API_VERSION names, short (`v3.1.0`) or fully qualified (`OBPv3.1.0`); 400 OBP-00027 otherwise. */
function requestedVersion(ctx: RequestContext<unknown>): ObpVersion {
  const value = ctx.params.API_VERSION!;
  const version = parseVersion(value);
  if (!version) throw new ObpError('InvalidApiVersionString', ` ${value.slice(0, 100)}`);
  return version;
}

const docFilterDescription =
  'API_VERSION is the version whose endpoints are listed (`v3.1.0` or `OBPv3.1.0`). Filter with `tags=Customer,Bank` ' +
  'and/or `functions=createCustomer,getBanks`.';

const commaList = z.string().meta({ examples: ['Customer,Bank'] });
const docFilterQuery: QueryParameter[] = [
  { name: 'tags', description: 'Only endpoints with any of these tags (comma-separated).', schema: commaList },
  { name: 'functions', description: 'Only these endpoints, by OBP function name (comma-separated).', schema: commaList },
];

const resourceDocsSchema = z.object({ resource_docs: z.array(z.looseObject({ operation_id: z.string() })) });

function listedDocs(ctx: RequestContext<unknown>) {
  const version = requestedVersion(ctx);
  return selectEndpoints(table.endpoints, version, filterOf(ctx), ctx.config).map((e: Endpoint<any>) => resourceDoc(e, version));
}

const resourceDocsCommon: Pick<
  Endpoint<undefined>,
  'implementedIn' | 'method' | 'path' | 'summary' | 'tags' | 'query' | 'checks' | 'catalogs' | 'successStatus' | 'errors'
> = {
  implementedIn: 'v1.4.0',
  method: 'GET',
  path: '/resource-docs/API_VERSION/obp',
  summary: 'Get Resource Docs',
  tags: ['Documentation', 'API'],
  query: docFilterQuery,
  checks: [],
  catalogs: { core: true },
  successStatus: 200,
  errors: ['InvalidApiVersionString'],
};

export const getResourceDocsObp = endpoint({
  ...resourceDocsCommon,
  name: 'getResourceDocsObp',
  // v4.0.0 serves getResourceDocsObpV400 at the same path.
  servedUntil: 'v3.1.0',
  description: `Documentation of every endpoint this API serves under API_VERSION, in OBP's resource-doc format. ${docFilterDescription}`,
  responseSchema: resourceDocsSchema,
  exampleResponse: { resource_docs: [] },
  handler: async (ctx) => ({ resource_docs: listedDocs(ctx) }),
});

/** OBP's v4.0.0 and later resource docs: the same list, followed by `meta`. */
export const getResourceDocsObpV400 = endpoint({
  ...resourceDocsCommon,
  name: 'getResourceDocsObpV400',
  servedFrom: 'v4.0.0',
  description:
    `Documentation of every endpoint this API serves under API_VERSION, in OBP's resource-doc format, with \`meta\` ` +
    `(when the answer was made, how many docs it holds). ${docFilterDescription}`,
  responseSchema: resourceDocsSchema.extend({ meta: z.object({ response_date: z.iso.datetime(), count: z.number().int() }) }),
  exampleResponse: { resource_docs: [], meta: { response_date: '2026-11-25T10:00:00Z', count: 0 } },
  handler: async (ctx) => {
    const docs = listedDocs(ctx);
    return { resource_docs: docs, meta: { response_date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), count: docs.length } };
  },
});

export const getOpenApi = endpoint({
  name: 'getOpenApi',
  implementedIn: 'v3.1.0',
  method: 'GET',
  path: '/resource-docs/API_VERSION/openapi',
  summary: 'Get OpenAPI document',
  description: `An OpenAPI 3.1 document of the endpoints this API serves under API_VERSION, at their paths under it. ${docFilterDescription}`,
  tags: ['Documentation', 'API'],
  query: docFilterQuery,
  checks: [],
  catalogs: { core: true },
  successStatus: 200,
  responseSchema: z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.record(z.string(), z.unknown()) }),
  exampleResponse: { openapi: '3.1.0', info: { title: 'OBP-compatible Customer API', version: 'v3.1.0' }, paths: {} },
  errors: ['InvalidApiVersionString'],
  handler: async (ctx) => {
    const version = requestedVersion(ctx);
    return openApiDocument(selectEndpoints(table.endpoints, version, filterOf(ctx), ctx.config), {
      serverUrl: ctx.config.HOSTNAME_URL,
      version,
      loginSchemes: loginSchemes(ctx.services.authenticator.schemes),
    });
  },
});
