import FindMyWay from 'find-my-way';
import type Koa from 'koa';
import { operationId, type Endpoint } from './endpoint';
import { endpointHandler, type EndpointHandler } from './pipeline';
import { RouteInfo } from './route-info';
import type { Services } from './services';
import { OBP_VERSIONS, pathUnder, servedVersions, type ObpVersion } from './versions';

/** OBP notation to a router's: `/obp/v3.1.0/banks/BANK_ID/customers` → `/obp/v3.1.0/banks/:BANK_ID/customers` */
export function koaPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (/^[A-Z][A-Z0-9_]*$/.test(segment) ? `:${segment}` : segment))
    .join('/');
}

const VERSION_PREFIX = /^\/obp\/(v\d+\.\d+\.\d+)(?=\/|$)/;

/** What a matched path runs: the endpoint's compiled handler and what logs and metrics call it. */
interface Route {
  info: RouteInfo;
  handler: EndpointHandler;
}

/**
 * One radix-tree router per version prefix (find-my-way), filled once from the endpoint declarations. It replaced
 * @koa/router, which tried every route's regular expression of the version in turn and ran a middleware chain
 * per match; a lookup here walks the path's segments once. The matching rules are the ones the API had: case-
 * insensitive paths, an optional trailing slash, HEAD served by the GET route, no empty path parameters.
 */
function newTable() {
  return FindMyWay({
    caseSensitive: false,
    ignoreTrailingSlash: true,
    // find-my-way refuses parameters over 100 characters by default; ids this long must still reach the endpoint's
    // own checks (a 404 naming the id), as they did. The request line is bounded by HTTP_MAX_HEADER_BYTES anyway.
    maxParamLength: 65_536,
  });
}
type Table = ReturnType<typeof newTable>;

/** A path segment that is not a valid percent-encoding stays as sent, as @koa/router left it (never a 500). */
const keepMalformedEscapes = (path: string) => path.replace(/%/g, '%25');

function lookup(table: Table, method: string, path: string): FindMyWay.FindResult<FindMyWay.HTTPVersion.V1> | null {
  const found = table.find(method as FindMyWay.HTTPMethod, path) ?? (path.includes('%') ? table.find(method as FindMyWay.HTTPMethod, keepMalformedEscapes(path)) : null);
  if (found === null) return null;
  // `/banks//customers` names no bank: unmatched, as before, rather than an empty BANK_ID.
  for (const name in found.params) if (found.params[name] === '') return null;
  return found;
}

/**
 * Routes every endpoint under each version prefix it is served at (src/api/versions.ts), and endpoints marked `root`
 * at their own path. Each version has a table of its own, chosen by the URL's prefix, so a request is matched only
 * against the endpoints of its version, however many versions there are.
 */
export function buildRoutes(endpoints: Endpoint<any>[], services: Services): Koa.Middleware {
  const byVersion = new Map<string, Table>(OBP_VERSIONS.map((v) => [v, newTable()]));
  const unprefixed = newTable();
  const register = (table: Table, e: Endpoint<any>, version: ObpVersion) => {
    const path = pathUnder(e, version);
    const route: Route = { info: new RouteInfo(operationId(e), path), handler: endpointHandler(e, services, version) };
    // HEAD runs the GET route (Koa sends its headers without the body), as @koa/router did.
    table.on(e.method === 'GET' ? ['GET', 'HEAD'] : e.method, koaPath(path), () => undefined, route);
  };
  for (const e of endpoints) {
    if (e.servedWhen && !e.servedWhen(services.config)) continue;
    if (e.root) {
      register(unprefixed, e, e.implementedIn);
      continue;
    }
    for (const v of servedVersions(e)) register(byVersion.get(v)!, e, v);
  }
  return (ctx, next) => {
    const path = ctx.path;
    const version = VERSION_PREFIX.exec(path)?.[1];
    const table = version === undefined ? unprefixed : byVersion.get(version);
    const found = table && lookup(table, ctx.method, path);
    if (!found) return next();
    const route = found.store as Route;
    ctx.state.route = route.info;
    return route.handler(ctx, found.params as Record<string, string>);
  };
}
