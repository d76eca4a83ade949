import type { z } from 'zod';
import type { Config } from '../config';
import type { Consumer } from '../auth/consumers';
import type { RoleName } from '../auth/roles';
import type { User } from '../auth/users';
import type { CallContext, Connector } from '../connector/connector';
import type { Bank, Customer, CustomerAttribute } from '../connector/types';
import type { ErrorName, ObpError } from '../errors';
import type { Services } from './services';
import type { ObpVersion } from './versions';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * The checks the pipeline runs before a handler, in the order an endpoint lists them (OBP's order differs per
 * endpoint: createCustomer checks roles before the bank, createBank validates JSON before authentication).
 * - auth: a logged-in user is required (401 OBP-20001), unless the endpoint has an `anonymousResponse`
 * - session: a caller may be anonymous, but a token sent must be valid (401 OBP-20003), checked at this place
 * - bank: BANK_ID must exist (404 OBP-30001); the bank is handed to the handler
 * - roles: the user must hold one of `roles` (403 OBP-20006); see `rolesAtBank`, `superAdminPasses`, `linkedUserPasses`
 * - body: the JSON body must match `body.schema` (400 OBP-10001)
 * - customer: CUSTOMER_ID must be a customer of BANK_ID (404 OBP-30046); it is handed to the handler
 * - a function: an endpoint-specific check
 * Endpoints without 'auth' still resolve the session after their checks, so a bad token is refused everywhere.
 */
export type Check<Body = unknown> = 'auth' | 'session' | 'bank' | 'roles' | 'body' | 'customer' | CustomCheck<Body>;

/** An endpoint-specific check that must run at its place in the order (e.g. createBank's id rules). */
export type CustomCheck<Body> = (ctx: RequestContext<Body>) => void | Promise<void>;

export interface RequestContext<Body> {
  /** The OBP version the request was made under (its URL prefix); an endpoint without one: its implementedIn. */
  version: ObpVersion;
  params: Record<string, string>;
  /** Raw query parameters, first value per name, in the order sent. */
  query: [string, string][];
  body: Body;
  user: User | undefined;
  consumer: Consumer | undefined;
  /** The user's entitlements, when authentication read them with the session (DirectLogin); see checkRoles. */
  grants: ReadonlySet<string> | undefined;
  bank: Bank | undefined;
  customer: Customer | undefined;
  /** The customer's attributes, when the 'customer' check read them with the bank (see the pipeline). */
  customerAttributes: CustomerAttribute[] | undefined;
  cc: CallContext;
  services: Services;
  connector: Connector;
  config: Config;
  headers: Record<string, string | string[] | undefined>;
  /** The client's address: the socket's, or taken from X-Forwarded-For as TRUST_PROXY allows. */
  ip: string;
  /** Sets a response header on success (e.g. `Range`). */
  setHeader(name: string, value: string): void;
}

/** What a logged-in handler can rely on. */
export interface AuthedContext<Body> extends RequestContext<Body> {
  user: User;
}

/**
 * A documented query parameter. The handler still parses the query itself (OBP's order of checks); this is what the
 * resource docs and the OpenAPI document say about it. `freeForm` documents any number of parameters whose names
 * the client chooses (the firehose's attribute filters): `schema` is then the object of all of them.
 */
export interface QueryParameter {
  name: string;
  description: string;
  schema: z.ZodType;
  freeForm?: true;
}

/** OBP's resource-doc catalogues (`is_core`, `is_psd2`, `is_obwg`); OBP's default is none of them. */
export interface Catalogs {
  core?: boolean;
  psd2?: boolean;
  obwg?: boolean;
}

export interface Endpoint<Body = unknown> {
  /** OBP's function name, e.g. `createCustomer`; the operation id is `OBP<implementedIn>-<name>`. */
  name: string;
  /** The OBP version that implements it (e.g. `v3.1.0`, or `v2.0.0` for endpoints re-served under later versions). */
  implementedIn: ObpVersion;
  /**
   * The first version whose prefix serves it, when that is not `implementedIn` (OBP's v4.0.0 resource docs are
   * implemented in v1.4.0 but served from v4.0.0 on).
   */
  servedFrom?: ObpVersion;
  /**
   * The last version whose prefix serves it: the next one re-implemented the same method and path (OBP-API's route
   * lists, README "Version prefixes"). Unset: every later version serves it.
   */
  servedUntil?: ObpVersion;
  method: HttpMethod;
  /** OBP notation with upper-case path parameters: `/banks/BANK_ID/customers/CUSTOMER_ID`. */
  path: string;
  /** Served at its own path, under no version prefix (POST /my/logins/direct). */
  root?: boolean;
  /** Served (and documented) only when this holds for the configuration, e.g. DirectLogin's endpoints. */
  servedWhen?: (config: Config) => boolean;
  summary: string;
  description: string;
  tags: string[];
  /** Checks in OBP's order for this endpoint. */
  checks: Check<Body>[];
  /** False for the login endpoint, whose DirectLogin header carries credentials rather than a token. */
  readsSession?: false;
  /** Roles, any one of which grants access (OR). */
  roles?: RoleName[];
  /**
   * Where the role depends on the request (OBP's enableDisableConsumers: enabling and disabling need different
   * roles), the roles that count for this body; `roles` then lists every role the endpoint can ask for. Needs the
   * 'body' check before 'roles'.
   */
  rolesForBody?: (body: Body) => RoleName[];
  /** The request ends the caller's own session (logout): the token it carried is refused afterwards. */
  endsSession?: true;
  /** The bank at which bank-level roles count: the path's BANK_ID unless this names another (e.g. a body field). */
  rolesAtBank?: (ctx: RequestContext<Body>) => string;
  /** Super admins (SUPER_ADMIN_USER_IDS) pass the roles check. */
  superAdminPasses?: boolean;
  /** A user linked to the path's CUSTOMER_ID passes the roles check: the customer acting on their own data. */
  linkedUserPasses?: boolean;
  /** OBP's 403 where an endpoint departs from the usual "User is missing one or more roles" wording. */
  missingRolesError?: (bankId: string) => ObpError;
  /**
   * OBP served only example data here (policy P6): a caller without credentials gets this answer, with the success
   * status, at the 'auth' check instead of 401; nothing after it runs, so nothing is stored or looked up.
   */
  anonymousResponse?: unknown;
  body?: {
    schema: z.ZodType<Body>;
    /** OBP's case class name, quoted in the 400 message; without it the message is plain `Incorrect json format.` */
    typeName?: string;
    example: unknown;
  };
  /** POST/PUT endpoints match only with `Content-Type: application/json` (as OBP) unless this is false. */
  requiresJsonContentType?: boolean;
  /** Query parameters the endpoint reads, in the order OBP documents them. */
  query?: QueryParameter[];
  /** The catalogues OBP lists the endpoint in (OBP-API's `Catalogs(...)` of its resource doc). */
  catalogs?: Catalogs;
  successStatus: 200 | 201 | 204;
  exampleResponse: unknown;
  /** The JSON shape of a success (not for 204); exampleResponse must match it. */
  responseSchema?: z.ZodType;
  errors: ErrorName[];
  handler(ctx: RequestContext<Body>): Promise<unknown>;
}

export function operationId(e: Endpoint): string {
  return `OBP${e.implementedIn}-${e.name}`;
}

/** Declares an endpoint; the identity function exists to infer the body type from the schema. */
export function endpoint<Body = undefined>(e: Endpoint<Body>): Endpoint<Body> {
  return e;
}

/** The logged-in user: only call it from endpoints whose checks include 'auth'. */
export function requireUser<B>(ctx: RequestContext<B>): User {
  if (!ctx.user) throw new Error(`endpoint handler used the user without an 'auth' check`);
  return ctx.user;
}

/** The bank resolved by the 'bank' check. */
export function requireBank<B>(ctx: RequestContext<B>): Bank {
  if (!ctx.bank) throw new Error(`endpoint handler used the bank without a 'bank' check`);
  return ctx.bank;
}

/** The path customer resolved by the 'customer' check. */
export function requireCustomer<B>(ctx: RequestContext<B>): Customer {
  if (!ctx.customer) throw new Error(`endpoint handler used the customer without a 'customer' check`);
  return ctx.customer;
}
