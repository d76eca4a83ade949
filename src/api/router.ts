import Router from '@koa/router';
import type Koa from 'koa';
import { operationId, type Endpoint } from './endpoint';
import { endpointHandler } from './pipeline';
import { RouteInfo } from './route-info';
import type { Services } from './services';
import { OBP_VERSIONS, pathUnder, servedVersions, type ObpVersion } from './versions';

/** OBP notation to Koa's: `/obp/v3.1.0/banks/BANK_ID/customers` → `/obp/v3.1.0/banks/:BANK_ID/customers` */
export function koaPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (/^[A-Z][A-Z0-9_]*$/.test(segment) ? `:${segment}` : segment))
    .join('/');
}

const VERSION_PREFIX = /^\/obp\/(v\d+\.\d+\.\d+)(?=\/|$)/;

/**
 * Routes every endpoint under each version prefix it is served at (src/api/versions.ts), and endpoints marked `root`
 * at their own path. Each version has a router of its own, chosen by the URL's prefix, so a request is matched only
 * against the endpoints of its version, however many versions there are.
 */
export function buildRoutes(endpoints: Endpoint<any>[], services: Services): Koa.Middleware {
  const byVersion = new Map<string, Router>(OBP_VERSIONS.map((v) => [v, new Router()]));
  const unprefixed = new Router();
  const register = (router: Router, e: Endpoint<any>, version: ObpVersion, handler: Koa.Middleware) => {
    const path = pathUnder(e, version);
    const info = new RouteInfo(operationId(e), path);
    const mark: Koa.Middleware = (ctx, next) => {
      ctx.state.route = info;
      return next();
    };
    router.register(koaPath(path), [e.method], [mark, handler], { name: e.name });
  };
  for (const e of endpoints) {
    if (e.servedWhen && !e.servedWhen(services.config)) continue;
    if (e.root) {
      register(unprefixed, e, e.implementedIn, endpointHandler(e, services, e.implementedIn));
      continue;
    }
    for (const v of servedVersions(e)) register(byVersion.get(v)!, e, v, endpointHandler(e, services, v));
  }
  // Koa's own middleware type: the router's adds the params it sets itself.
  const routesOf = (r: Router) => r.routes() as unknown as Koa.Middleware;
  const versioned = new Map([...byVersion].map(([v, r]) => [v, routesOf(r)]));
  const rest = routesOf(unprefixed);
  return (ctx, next) => {
    const version = VERSION_PREFIX.exec(ctx.path)?.[1];
    const routes = version === undefined ? rest : versioned.get(version);
    return routes ? routes(ctx, next) : next();
  };
}
