import Koa from 'koa';
import type { Endpoint } from './endpoint';
import { docsPage } from './docs-page';
import { endpoints as defaultEndpoints } from './endpoints';
import type { Lifecycle } from './lifecycle';
import { requestBudget } from './middleware/budget';
import { getOpenApi } from './endpoints/docs';
import { HOME_VERSION, OBP_VERSIONS, pathUnder, servedVersions } from './versions';
import { errorRenderer } from './middleware/errors';
import { correlationId, cors, etag, privacyHeaders } from './middleware/headers';
import { observe } from './middleware/observe';
import { routeNotFound } from './pipeline';
import { buildRoutes } from './router';
import type { Services } from './services';

export interface AppOptions {
  endpoints?: Endpoint<any>[];
  /** Shared with the probes and the shutdown sequence; a fresh one (never draining) by default. */
  lifecycle?: Lifecycle;
}

/** The /docs page's documents: the OpenAPI document of each version, served under HOME_VERSION's prefix. */
function openApiDocuments() {
  const at = servedVersions(getOpenApi).includes(HOME_VERSION) ? HOME_VERSION : servedVersions(getOpenApi)[0]!;
  const url = (v: string) => pathUnder(getOpenApi, at).replace('API_VERSION', v);
  return { documents: [...OBP_VERSIONS].reverse().map((v) => ({ name: v, url: url(v) })), primary: HOME_VERSION };
}

export function createApp(services: Services, options: AppOptions = {}): Koa {
  const app = new Koa();
  // X-Forwarded-For is believed only as far as TRUST_PROXY says: the client address is the entry that many hops
  // from the right (what the outermost trusted proxy saw), never one a client could write.
  app.proxy = services.config.TRUST_PROXY > 0;
  app.maxIpsCount = services.config.TRUST_PROXY;
  // Errors are rendered by errorRenderer; Koa's default logger would print them a second time.
  app.silent = true;
  const routes = buildRoutes(options.endpoints ?? defaultEndpoints, services);
  app.use(observe(options.lifecycle ?? { draining: false }));
  app.use(correlationId);
  app.use(privacyHeaders);
  app.use(errorRenderer({ realm: new URL(services.config.HOSTNAME_URL).host, schemes: services.authenticator.schemes }));
  app.use(requestBudget(services.config.REQUEST_TIMEOUT_MS));
  app.use(cors);
  app.use(etag);
  app.use(docsPage({ ...openApiDocuments(), apiOrigin: new URL(services.config.HOSTNAME_URL).origin }));
  app.use(routes);
  app.use(async (ctx) => {
    throw routeNotFound(ctx);
  });
  return app;
}
