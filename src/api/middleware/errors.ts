import type Koa from 'koa';
import { isConnectorError, type ConnectorError } from '../../connector/errors';
import { isDatabaseUnavailable } from '../../db/faults';
import { challenge, isInvalidBearerToken, type LoginScheme } from '../../auth/authenticate';
import { ObpError, isObpError, obpErrorBody } from '../../errors';
import { log, safeError } from '../../observability/log';
import { OWN_CONNECTOR_CODES } from '../preconditions';
import type { ObservedState } from './observe';

/** A connector failure that no handler turned into an endpoint-specific error. */
export function connectorFailure(e: ConnectorError): ObpError {
  const own = e.obpCode ? OWN_CONNECTOR_CODES[e.obpCode] : undefined;
  if (own) return new ObpError(own);
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
 * The OBP error a failure is answered with. Back-end faults are logged here as one line naming the error's class
 * and codes only: driver messages carry SQL, bound values and the offending data.
 */
function toObpError(caught: unknown): ObpError {
  if (isObpError(caught)) return caught;
  const logger = log();
  const err = safeError(caught, logger.isLevelEnabled('debug'));
  if (isConnectorError(caught)) {
    const error = connectorFailure(caught);
    logger.error({ err, obp_code: error.entry.code }, 'connector failure');
    return error;
  }
  if (isDatabaseUnavailable(caught)) {
    const error = new ObpError('DatabaseUnavailable');
    logger.error({ err, obp_code: error.entry.code }, 'database unavailable');
    return error;
  }
  const error = new ObpError('InternalServerError');
  logger.error({ err, obp_code: error.entry.code }, 'unexpected error');
  return error;
}

/**
 * Renders every failure as OBP's `{"code","message"}`. OBP errors keep their status; connector and database
 * failures get an honest 5xx; anything else is answered 500 OBP-50015 without internals. A 401 names the login
 * schemes this instance accepts in WWW-Authenticate.
 */
export function errorRenderer(options: { realm: string; schemes: readonly LoginScheme[] }): Koa.Middleware {
  const plain = challenge(options.schemes, options.realm, false);
  const invalidBearer = challenge(options.schemes, options.realm, true);
  return async (ctx, next) => {
    try {
      await next();
    } catch (caught) {
      const error = toObpError(caught);
      (ctx.state as ObservedState).errorCode = error.entry.code;
      ctx.status = error.status;
      ctx.type = 'application/json';
      ctx.body = obpErrorBody(error);
      for (const [k, v] of Object.entries(error.headers)) ctx.set(k, v);
      if (error.status === 401 && plain !== '') ctx.set('WWW-Authenticate', isInvalidBearerToken(error.entry.code) ? invalidBearer : plain);
    }
  };
}
