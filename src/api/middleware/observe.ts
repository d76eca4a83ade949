/**
 * The outermost middleware: opens the request's log scope, then writes its one access line and records its
 * duration. Everything it labels with comes from the matched endpoint (ctx.state.route), set by the router.
 */
import type Koa from 'koa';
import type { CallContext } from '../../connector/connector';
import { rootLogger, withLogScope } from '../../observability/log';
import type { Lifecycle } from '../lifecycle';
import { UNMATCHED, type RouteInfo } from '../route-info';

/** What the pipeline and the error renderer leave in ctx.state for this middleware. */
export interface ObservedState {
  correlationId?: string;
  route?: RouteInfo;
  cc?: CallContext;
  /** The OBP code of an error answer. */
  errorCode?: string;
}

export function observe(lifecycle: Lifecycle): Koa.Middleware {
  return async function observeRequest(ctx, next) {
    const started = performance.now();
    try {
      await withLogScope(ctx.state as ObservedState, next);
    } finally {
      if (lifecycle.draining) ctx.set('Connection', 'close');
      const state = ctx.state as ObservedState;
      const route = state.route ?? UNMATCHED;
      const ms = performance.now() - started;
      route.observe(ctx.method, ctx.status, ms / 1000);
      const logger = rootLogger();
      if (logger.isLevelEnabled('info')) {
        logger.info(
          {
            method: ctx.method,
            operation_id: route.operationId,
            route: route.route,
            status: ctx.status,
            duration_ms: Math.round(ms * 10) / 10,
            correlation_id: state.correlationId,
            consumer_id: state.cc?.consumer?.consumerId,
            user_id: state.cc?.user?.userId,
            error_code: state.errorCode,
          },
          'request',
        );
      }
    }
  };
}
