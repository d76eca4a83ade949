import Router from '@koa/router';
import type { Endpoint } from './endpoint';
import { endpointHandler } from './pipeline';
import type { Services } from './services';

export const API_PREFIX = '/obp/v3.1.0';

/** `/banks/BANK_ID/customers` → `/obp/v3.1.0/banks/:BANK_ID/customers` */
export function koaPath(e: Endpoint<any>): string {
  const path = e.path
    .split('/')
    .map((segment) => (/^[A-Z][A-Z0-9_]*$/.test(segment) ? `:${segment}` : segment))
    .join('/');
  return e.root ? path : `${API_PREFIX}${path}`;
}

export function buildRouter(endpoints: Endpoint<any>[], services: Services): Router {
  const router = new Router();
  for (const e of endpoints) {
    router.register(koaPath(e), [e.method], endpointHandler(e, services), { name: e.name });
  }
  return router;
}
