/** OBP's resource docs, and what they share with the OpenAPI document (src/api/openapi.ts): schemas and errors. */
import { z } from 'zod';
import { roles as roleCatalogue } from '../auth/roles';
import type { Config } from '../config';
import { ObpErrors, type ErrorName } from '../errors';
import { operationId, type Endpoint } from './endpoint';
import { markdownToHtml } from './markdown';
import { isServedIn, pathUnder, type ObpVersion } from './versions';

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema, without the noise of zod's own date patterns. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    // A documented `format` says it; zod's generated regex for it only obscures the document.
    override: ({ jsonSchema: s }) => {
      if (s.format === 'date-time' || s.format === 'date') delete s.pattern;
    },
  }) as Record<string, unknown>;
  return rest;
}

export const requestSchema = (e: Endpoint<any>) => (e.body ? jsonSchema(e.body.schema, 'input') : undefined);
export const responseSchema = (e: Endpoint<any>) => (e.responseSchema ? jsonSchema(e.responseSchema, 'output') : undefined);

/**
 * Errors an endpoint can answer: its declared ones, plus what the pipeline adds to every endpoint of its kind: a bad
 * token is refused wherever a session is read.
 */
export function documentedErrors(e: Endpoint<any>): ErrorName[] {
  const implied: ErrorName[] = e.readsSession === false ? [] : ['DirectLoginInvalidToken'];
  return [...new Set<ErrorName>([...e.errors, ...implied])];
}

export const errorMessage = (name: ErrorName) => `${ObpErrors[name].code}: ${ObpErrors[name].text}`;

/** The query parameters in words, appended to the resource doc's description (OBP's format has no field for them). */
function describeQuery(e: Endpoint<any>): string {
  if (!e.query?.length) return '';
  const lines = e.query.map((q) => `* ${q.freeForm ? 'other parameters' : `\`${q.name}\``}: ${q.description}`);
  return `\n\nQuery parameters:\n\n${lines.join('\n')}`;
}

/**
 * One element of OBP's resource docs for the version asked for (with the catalogue flags OBP had when these endpoints
 * were written): `request_url` names the version that implements the endpoint, `specified_url` the version asked for.
 */
export function resourceDoc(e: Endpoint<any>, version: ObpVersion) {
  const markdown = e.description + describeQuery(e);
  return {
    operation_id: operationId(e),
    implemented_by: { version: `OBP${e.implementedIn}`, function: e.name },
    request_verb: e.method,
    request_url: pathUnder(e, e.implementedIn),
    summary: e.summary.replace(/\.$/, ''),
    description: markdownToHtml(markdown),
    description_markdown: markdown,
    example_request_body: e.body?.example ?? {},
    success_response_body: e.exampleResponse ?? {},
    error_response_bodies: documentedErrors(e).map(errorMessage),
    is_core: e.catalogs?.core ?? false,
    is_psd2: e.catalogs?.psd2 ?? false,
    is_obwg: e.catalogs?.obwg ?? false,
    tags: e.tags,
    typed_request_body: requestSchema(e) ?? {},
    typed_success_response_body: responseSchema(e) ?? {},
    ...(e.roles?.length
      ? { roles: e.roles.map((r) => ({ role: r, requires_bank_id: roleCatalogue[r].requiresBankId })) }
      : {}),
    is_featured: false,
    special_instructions: '',
    specified_url: pathUnder(e, version),
    connector_methods: [] as string[],
  };
}

export interface DocFilter {
  tags?: string[];
  functions?: string[];
}

/**
 * The endpoints a version serves (and those served at their own path), narrowed by the filter; with a
 * configuration, only those it switches on.
 */
export function selectEndpoints(endpoints: Endpoint<any>[], version: ObpVersion, filter: DocFilter = {}, config?: Config): Endpoint<any>[] {
  return endpoints.filter(
    (e) =>
      (e.root || isServedIn(e, version)) &&
      (!config || !e.servedWhen || e.servedWhen(config)) &&
      (!filter.tags || e.tags.some((t) => filter.tags!.includes(t))) &&
      (!filter.functions || filter.functions.includes(e.name)),
  );
}
