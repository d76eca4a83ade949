import { endpoint, type RequestContext } from '../endpoint';
import { openApiDocument, resourceDoc, selectEndpoints, type DocFilter } from '../docs';
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

export const getResourceDocsObp = endpoint({
  name: 'getResourceDocsObp',
  implementedIn: 'v1.4.0',
  method: 'GET',
  path: '/resource-docs/v3.1.0/obp',
  summary: 'Get Resource Docs',
  description: `Documentation of every endpoint of this API in OBP's resource-doc format. ${docFilterDescription}`,
  tags: ['Documentation', 'API'],
  checks: [],
  successStatus: 200,
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
  checks: [],
  successStatus: 200,
  exampleResponse: { openapi: '3.1.0' },
  errors: [],
  handler: async (ctx) => openApiDocument(selectEndpoints(table.endpoints, filterOf(ctx)), ctx.config.HOSTNAME_URL),
});
