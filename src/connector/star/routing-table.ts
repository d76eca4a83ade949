/**
 * The star connector's routing table (CONNECTOR_ROUTING_FILE), OBP's "method routing" as a JSON file:
 *
 *   {
 *     "default": "mapped",
 *     "routes": [
 *       { "method": "getCustomerByCustomerId", "connector": "grpc" },
 *       { "method": "*", "bankIdPattern": "^gh\\..*", "connector": "grpc" }
 *     ]
 *   }
 *
 * - `default` (optional, "mapped" when absent): the connector for calls no route matches.
 * - `routes` (optional): tried in order, the first match wins. A route matches a call when
 *   - `method` is the connector method's name (see src/connector/connector.ts) or "*", and
 *   - `bankIdPattern` is absent, or the method has a bank id argument and the pattern (a JavaScript regular
 *     expression, unanchored: write ^…$ to match the whole id) matches it. Calls of methods without a bank id
 *     (getCustomerByCustomerId, updates, addresses, …) match only routes without a pattern.
 * - `connector`: "mapped" or "grpc".
 */
import fs from 'node:fs';
import { z } from 'zod';
import type { ConnectorMethodName } from '../connector';
import type { Bank, Customer } from '../types';

export const routableConnectorNames = ['mapped', 'grpc'] as const;
export type RoutableConnectorName = (typeof routableConnectorNames)[number];

type BankIdOf = (args: readonly unknown[]) => string | undefined;

const arg =
  (index: number): BankIdOf =>
  (args) =>
    typeof args[index] === 'string' ? (args[index] as string) : undefined;

/**
 * Where each method carries its bank id (null: it has none). As in OBP, a bank id inside an argument counts:
 * the bank being upserted, or the first customer's bank for a batch of customers.
 */
export const bankIdArgument: { readonly [M in ConnectorMethodName]: BankIdOf | null } = {
  getBank: arg(0),
  getBanks: null,
  createOrUpdateBank: (args) => (args[0] as Bank | undefined)?.bankId,
  createBank: (args) => (args[0] as Bank | undefined)?.bankId,
  createCustomer: arg(0),
  checkCustomerNumberAvailable: arg(0),
  getCustomerByCustomerId: null,
  getCustomerAtBank: arg(0),
  getCustomerByCustomerNumber: arg(1),
  getCustomersByUserId: null,
  getCustomers: arg(0),
  updateCustomerScaData: null,
  updateCustomerCreditData: null,
  updateCustomerGeneralData: null,
  getCustomerAttributes: arg(0),
  getCustomerAttributesForCustomers: (args) => (args[0] as Customer[] | undefined)?.[0]?.bankId,
  createOrUpdateCustomerAttribute: arg(0),
  getCustomerAttributeById: arg(0),
  deleteCustomerAttribute: arg(0),
  getCustomersByCustomerPhoneNumber: arg(0),
  getCustomersByCustomerLegalName: arg(0),
  createUserCustomerLink: null,
  getUserCustomerLink: null,
  getCustomerAddress: null,
  createCustomerAddress: null,
  updateCustomerAddress: null,
  deleteCustomerAddress: null,
  createTaxResidence: null,
  getTaxResidence: null,
  deleteTaxResidence: null,
  addSocialMediaHandle: null,
  getSocialMediaHandles: null,
  getCrmEvents: arg(0),
  createCreditLimitRequest: arg(0),
  getCreditLimitRequests: arg(0),
  getCustomerHistory: arg(0),
  getCreditLimitRequestByRequestId: arg(0),
  getAdapterInfo: null,
};

export const connectorMethodNames = Object.keys(bankIdArgument) as ConnectorMethodName[];

export interface Route {
  method: ConnectorMethodName | '*';
  bankIdPattern?: RegExp;
  connector: RoutableConnectorName;
}

export interface RoutingTable {
  default: RoutableConnectorName;
  routes: Route[];
}

export class RoutingTableError extends Error {}

const isMethodName = (m: string): m is ConnectorMethodName => (connectorMethodNames as string[]).includes(m);

const connectorName = z.string().refine((v) => (routableConnectorNames as readonly string[]).includes(v), {
  error: (issue) => `unknown connector "${String(issue.input)}" (expected ${routableConnectorNames.join(' or ')})`,
});

const routeSchema = z
  .strictObject({
    method: z.string().refine((m) => m === '*' || isMethodName(m), {
      error: (issue) => `unknown connector method "${String(issue.input)}"`,
    }),
    bankIdPattern: z.string().optional(),
    connector: connectorName,
  })
  .superRefine((route, ctx) => {
    if (route.bankIdPattern === undefined) return;
    try {
      new RegExp(route.bankIdPattern);
    } catch (e) {
      ctx.addIssue({
        code: 'custom',
        path: ['bankIdPattern'],
        message: `invalid regular expression "${route.bankIdPattern}": ${(e as Error).message}`,
      });
      return;
    }
    if (isMethodName(route.method) && bankIdArgument[route.method] === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['bankIdPattern'],
        message: `${route.method} has no bank id argument, so a route with bankIdPattern never matches it`,
      });
    }
  });

const tableSchema = z.strictObject({
  default: connectorName.default('mapped'),
  routes: z.array(routeSchema).default([]),
});

/** Validates a routing table (parsed JSON, or JSON text) and compiles its patterns. */
export function loadRoutingTable(json: unknown): RoutingTable {
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json);
    } catch (e) {
      throw new RoutingTableError(`Invalid routing table: not JSON (${(e as Error).message})`);
    }
  }
  const parsed = tableSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw new RoutingTableError(`Invalid routing table:\n  ${lines.join('\n  ')}`);
  }
  return {
    default: parsed.data.default as RoutableConnectorName,
    routes: parsed.data.routes.map((r) => ({
      method: r.method as ConnectorMethodName | '*',
      connector: r.connector as RoutableConnectorName,
      ...(r.bankIdPattern === undefined ? {} : { bankIdPattern: new RegExp(r.bankIdPattern) }),
    })),
  };
}

/** Reads and validates the file named by CONNECTOR_ROUTING_FILE; errors name the file. */
export function loadRoutingTableFile(file: string): RoutingTable {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new RoutingTableError(`Cannot read routing table ${file}: ${(e as Error).message}`);
  }
  try {
    return loadRoutingTable(text);
  } catch (e) {
    throw new RoutingTableError(`${file}: ${(e as Error).message}`);
  }
}

/** The connector for one call: the first matching route's, else the default. */
export function resolveRoute(table: RoutingTable, method: ConnectorMethodName, args: readonly unknown[]): RoutableConnectorName {
  const bankIdOf = bankIdArgument[method];
  const bankId = bankIdOf ? bankIdOf(args) : undefined;
  for (const route of table.routes) {
    if (route.method !== '*' && route.method !== method) continue;
    if (route.bankIdPattern && (bankId === undefined || !route.bankIdPattern.test(bankId))) continue;
    return route.connector;
  }
  return table.default;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}
