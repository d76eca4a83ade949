import Koa from 'koa';
import type { Endpoint } from './endpoint';
import { docsPage } from './docs-page';
import { endpoints as defaultEndpoints } from './endpoints';
import { getOpenApi } from './endpoints/docs';
import { errorRenderer } from './middleware/errors';
import { correlationId, cors, etag } from './middleware/headers';
import { routeNotFound } from './pipeline';
import { buildRouter, koaPath } from './router';
import type { Services } from './services';

export interface AppOptions {
  log?: (message: string, error?: unknown) => void;
  endpoints?: Endpoint<any>[];
}

export function createApp(services: Services, options: AppOptions = {}): Koa {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const app = new Koa();
  app.proxy = true;
  // Errors are rendered by errorRenderer; Koa's default logger would print them a second time.
  app.silent = true;
  const router = buildRouter(options.endpoints ?? defaultEndpoints, services);
  app.use(correlationId);
  app.use(errorRenderer({ realm: new URL(services.config.HOSTNAME_URL).host, log }));
  app.use(cors);
  app.use(etag);
  app.use(docsPage({ openApiPath: koaPath(getOpenApi), apiOrigin: new URL(services.config.HOSTNAME_URL).origin }));
  app.use(router.routes());
  app.use(async (ctx) => {
    throw routeNotFound(ctx);
  });
  return app;
}
