import Router from '@koa/router';
import type Koa from 'koa';
import { operationId, type ApiVersion, type Endpoint } from './endpoint';
import { endpointHandler } from './pipeline';
import { RouteInfo } from './route-info';
import type { Services } from './services';

/** The version every endpoint is served under unless its declaration names another. */
export const DEFAULT_VERSION: ApiVersion = 'v3.1.0';
export const API_PREFIX = `/obp/${DEFAULT_VERSION}`;

/** Where the endpoint's path is served: `/obp/v3.1.0`, `/obp/v4.0.0`, … or '' for a `root` endpoint. */
export function versionPrefix(e: Endpoint<any>): string {
  return e.root ? '' : `/obp/${e.version ?? DEFAULT_VERSION}`;
}

/** The path as declared, under its version prefix: `/obp/v3.1.0/banks/BANK_ID/customers` */
export function declaredPath(e: Endpoint<any>): string {
  return versionPrefix(e) + e.path;
}

/** `/banks/BANK_ID/customers` → `/obp/v3.1.0/banks/:BANK_ID/customers` */
export function koaPath(e: Endpoint<any>): string {
  return declaredPath(e)
    .split('/')
    .map((segment) => (/^[A-Z][A-Z0-9_]*$/.test(segment) ? `:${segment}` : segment))
    .join('/');
}

export function buildRouter(endpoints: Endpoint<any>[], services: Services): Router {
  const router = new Router();
  for (const e of endpoints) {
    const info = new RouteInfo(operationId(e), declaredPath(e));
    const mark: Koa.Middleware = (ctx, next) => {
      ctx.state.route = info;
      return next();
    };
    router.register(koaPath(e), [e.method], [mark, endpointHandler(e, services)], { name: e.name });
  }
  return router;
}
