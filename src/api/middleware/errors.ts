import type Koa from 'koa';
import { isConnectorError, type ConnectorError } from '../../connector/errors';
import { ObpError, isObpError } from '../../errors';

/** A connector failure that no handler turned into an endpoint-specific error. */
export function connectorFailure(e: ConnectorError): ObpError {
  const detail = e.obpCode ? ` <- ${e.obpCode}` : '';
  switch (e.kind) {
    case 'UNAVAILABLE':
      return new ObpError('AdapterUnavailable', detail);
    case 'DEADLINE_EXCEEDED':
      return new ObpError('AdapterTimeout', detail);
    // The back end is up but refuses more work now (its quota or back-pressure): the client should slow down.
    case 'RESOURCE_EXHAUSTED':
      return new ObpError('TooManyRequests', detail);
    case 'UNIMPLEMENTED':
      return new ObpError('AdapterFunctionNotImplemented', detail);
    case 'INVALID_ARGUMENT':
    case 'FAILED_PRECONDITION':
    case 'ALREADY_EXISTS':
    case 'NOT_FOUND':
      return new ObpError('ConnectorEmptyResponse', detail);
    default:
      return new ObpError('AdapterUnknownError', detail);
  }
}

/**
 * Renders every failure as OBP's `{"code","message"}`. OBP errors keep their status; connector failures get an
 * honest 4xx/5xx; anything else is logged and answered 500 OBP-50015 without internals.
 */
export function errorRenderer(options: { realm: string; log: (msg: string, err: unknown) => void }): Koa.Middleware {
  const wwwAuthenticate = `OAuth realm="${options.realm}", Bearer realm="${options.realm}", DirectLogin realm="${options.realm}"`;
  return async (ctx, next) => {
    try {
      await next();
    } catch (caught) {
      let error: ObpError;
      if (isObpError(caught)) error = caught;
      else if (isConnectorError(caught)) {
        error = connectorFailure(caught);
        options.log(`connector failure (${caught.kind}) on ${ctx.method} ${ctx.path}`, caught);
      } else {
        error = new ObpError('InternalServerError');
        options.log(`unexpected error on ${ctx.method} ${ctx.path}`, caught);
      }
      ctx.status = error.status;
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ code: error.status, message: error.message });
      for (const [k, v] of Object.entries(error.headers)) ctx.set(k, v);
      if (error.status === 401) ctx.set('WWW-Authenticate', wwwAuthenticate);
    }
  };
}
