import Koa from 'koa';
import type { Endpoint } from './endpoint';
import { endpoints as defaultEndpoints } from './endpoints';
import { errorRenderer } from './middleware/errors';
import { correlationId, cors, etag } from './middleware/headers';
import { routeNotFound } from './pipeline';
import { buildRouter } from './router';
import type { Services } from './services';

export interface AppOptions {
  log?: (message: string, error?: unknown) => void;
  endpoints?: Endpoint<any>[];
}

export function createApp(services: Services, options: AppOptions = {}): Koa {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const app = new Koa();
  // X-Forwarded-For is believed only as far as TRUST_PROXY says: the client address is the entry that many hops
  // from the right (what the outermost trusted proxy saw), never one a client could write.
  app.proxy = services.config.TRUST_PROXY > 0;
  app.maxIpsCount = services.config.TRUST_PROXY;
  // Errors are rendered by errorRenderer; Koa's default logger would print them a second time.
  app.silent = true;
  const router = buildRouter(options.endpoints ?? defaultEndpoints, services);
  app.use(correlationId);
  app.use(errorRenderer({ realm: new URL(services.config.HOSTNAME_URL).host, log }));
  app.use(cors);
  app.use(etag);
  app.use(router.routes());
  app.use(async (ctx) => {
    throw routeNotFound(ctx);
  });
  return app;
}
