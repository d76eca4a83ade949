import { z } from 'zod';
import { endpoint, type QueryParameter, type RequestContext } from '../endpoint';
import { resourceDoc, selectEndpoints, type DocFilter } from '../docs';
import { openApiDocument } from '../openapi';
// The table includes these endpoints; it is read at request time, when the module cycle has resolved.
import * as table from './index';

function filterOf(ctx: RequestContext<unknown>): DocFilter {
  const list = (name: string) => {
    const value = ctx.query.find(([k]) => k === name)?.[1];
    return value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  };
  return { tags: list('tags'), functions: list('functions') };
}

const docFilterDescription = 'Filter with `tags=Customer,Bank` and/or `functions=createCustomer,getBanks`.';

const commaList = z.string().meta({ examples: ['Customer,Bank'] });
const docFilterQuery: QueryParameter[] = [
  { name: 'tags', description: 'Only endpoints with any of these tags (comma-separated).', schema: commaList },
  { name: 'functions', description: 'Only these endpoints, by OBP function name (comma-separated).', schema: commaList },
];

export const getResourceDocsObp = endpoint({
  name: 'getResourceDocsObp',
  implementedIn: 'v1.4.0',
  method: 'GET',
  path: '/resource-docs/v3.1.0/obp',
  summary: 'Get Resource Docs',
  description: `Documentation of every endpoint of this API in OBP's resource-doc format. ${docFilterDescription}`,
  tags: ['Documentation', 'API'],
  query: docFilterQuery,
  checks: [],
  catalogs: { core: true },
  successStatus: 200,
  responseSchema: z.object({ resource_docs: z.array(z.looseObject({ operation_id: z.string() })) }),
  exampleResponse: { resource_docs: [] },
  errors: [],
  handler: async (ctx) => ({ resource_docs: selectEndpoints(table.endpoints, filterOf(ctx)).map(resourceDoc) }),
});

export const getOpenApi = endpoint({
  name: 'getOpenApi',
  implementedIn: 'v3.1.0',
  method: 'GET',
  path: '/resource-docs/v3.1.0/openapi',
  summary: 'Get OpenAPI document',
  description: `An OpenAPI 3.1 document of this API. ${docFilterDescription}`,
  tags: ['Documentation', 'API'],
  query: docFilterQuery,
  checks: [],
  catalogs: { core: true },
  successStatus: 200,
  responseSchema: z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.record(z.string(), z.unknown()) }),
  exampleResponse: { openapi: '3.1.0', info: { title: 'OBP-compatible Customer API', version: 'v3.1.0' }, paths: {} },
  errors: [],
  handler: async (ctx) => openApiDocument(selectEndpoints(table.endpoints, filterOf(ctx)), { serverUrl: ctx.config.HOSTNAME_URL }),
});
