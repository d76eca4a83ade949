import { z } from 'zod';
import { roles as roleCatalogue } from '../auth/roles';
import { ObpErrors } from '../errors';
import { operationId, type Endpoint } from './endpoint';
import { API_PREFIX } from './router';

const API_VERSION = 'v3.1.0';

function requestSchema(e: Endpoint<any>): unknown {
  return e.body ? z.toJSONSchema(e.body.schema, { io: 'input', unrepresentable: 'any' }) : undefined;
}

/** A JSON schema describing an example value (OBP derives typed_success_response_body the same way). */
export function schemaOfExample(value: unknown): Record<string, unknown> {
  if (value === null) return { type: 'null' };
  if (Array.isArray(value)) return { type: 'array', items: value.length > 0 ? schemaOfExample(value[0]) : {} };
  switch (typeof value) {
    case 'string':
      return { type: 'string' };
    case 'number':
      return { type: Number.isInteger(value) ? 'integer' : 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'object': {
      const entries = Object.entries(value as Record<string, unknown>);
      return {
        type: 'object',
        properties: Object.fromEntries(entries.map(([k, v]) => [k, schemaOfExample(v)])),
        required: entries.map(([k]) => k),
      };
    }
    default:
      return {};
  }
}

const errorMessage = (name: keyof typeof ObpErrors) => `${ObpErrors[name].code}: ${ObpErrors[name].text}`;

/** One element of OBP's resource docs (v3.1.0 variant). */
export function resourceDoc(e: Endpoint<any>) {
  return {
    operation_id: operationId(e),
    implemented_by: { version: `OBP${e.implementedIn}`, function: e.name },
    request_verb: e.method,
    request_url: e.root ? e.path : `/obp/${e.implementedIn}${e.path}`,
    summary: e.summary.replace(/\.$/, ''),
    description: e.description,
    description_markdown: e.description,
    example_request_body: e.body?.example ?? {},
    success_response_body: e.exampleResponse ?? {},
    error_response_bodies: e.errors.map(errorMessage),
    tags: e.tags,
    typed_request_body: requestSchema(e) ?? {},
    typed_success_response_body: schemaOfExample(e.exampleResponse),
    ...(e.roles?.length
      ? { roles: e.roles.map((r) => ({ role: r, requires_bank_id: roleCatalogue[r].requiresBankId })) }
      : {}),
    is_featured: false,
    special_instructions: '',
    specified_url: e.root ? e.path : `${API_PREFIX}${e.path}`,
    connector_methods: [] as string[],
  };
}

export interface DocFilter {
  tags?: string[];
  functions?: string[];
}

export function selectEndpoints(endpoints: Endpoint<any>[], filter: DocFilter): Endpoint<any>[] {
  return endpoints.filter(
    (e) =>
      (!filter.tags || e.tags.some((t) => filter.tags!.includes(t))) &&
      (!filter.functions || filter.functions.includes(e.name)),
  );
}

/** An OpenAPI 3.1 document for the selected endpoints. */
export function openApiDocument(endpoints: Endpoint<any>[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const segments = e.path.split('/');
    const pathParams = segments.filter((s) => /^[A-Z][A-Z0-9_]*$/.test(s));
    const path = (e.root ? '' : API_PREFIX) + segments.map((s) => (pathParams.includes(s) ? `{${s}}` : s)).join('/');
    const errorsByStatus = new Map<number, string[]>();
    for (const name of e.errors) {
      const status = ObpErrors[name].status;
      errorsByStatus.set(status, [...(errorsByStatus.get(status) ?? []), errorMessage(name)]);
    }
    const responses: Record<string, unknown> = {
      [String(e.successStatus)]: {
        description: 'Success',
        ...(e.successStatus === 204
          ? {}
          : { content: { 'application/json': { schema: schemaOfExample(e.exampleResponse), example: e.exampleResponse } } }),
      },
    };
    for (const [status, messages] of errorsByStatus) {
      responses[String(status)] = {
        description: messages.join(' | '),
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/Error' },
            example: { code: status, message: messages[0] },
          },
        },
      };
    }
    paths[path] ??= {};
    paths[path][e.method.toLowerCase()] = {
      operationId: operationId(e),
      summary: e.summary,
      description: e.description,
      tags: e.tags,
      parameters: pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...(e.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: requestSchema(e), example: e.body.example } },
            },
          }
        : {}),
      responses,
      ...(e.roles?.length ? { 'x-obp-roles': e.roles } : {}),
      ...(e.checks.includes('auth') ? { security: [{ DirectLogin: [] }] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'OBP-compatible Customer API', version: API_VERSION },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: {
        DirectLogin: {
          type: 'apiKey',
          in: 'header',
          name: 'DirectLogin',
          description: 'token=<token from POST /my/logins/direct>',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          properties: { code: { type: 'integer' }, message: { type: 'string' } },
          required: ['code', 'message'],
        },
      },
    },
  };
}
