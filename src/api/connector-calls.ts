import type { ConnectorErrorKind } from '../connector/errors';
import { isConnectorError } from '../connector/errors';
import { ObpError, type ErrorName } from '../errors';
import { OWN_CONNECTOR_CODES } from './preconditions';

const REFUSALS: readonly ConnectorErrorKind[] = ['ALREADY_EXISTS', 'INVALID_ARGUMENT', 'FAILED_PRECONDITION', 'NOT_FOUND'];

/**
 * Runs a connector call whose refusal (the back end said no: ALREADY_EXISTS, INVALID_ARGUMENT, …) is this
 * endpoint's `refusal` error, or the error `byKind` names for that kind. Transport failures (UNAVAILABLE,
 * DEADLINE_EXCEEDED, …) pass through unchanged and are rendered with their honest 5xx status.
 */
export async function refusedAs<T>(
  call: Promise<T>,
  refusal: ErrorName,
  byKind: Partial<Record<ConnectorErrorKind, () => ObpError>> = {},
): Promise<T> {
  try {
    return await call;
  } catch (e) {
    const own = isConnectorError(e) && e.obpCode ? OWN_CONNECTOR_CODES[e.obpCode] : undefined;
    if (own) throw new ObpError(own);
    if (isConnectorError(e) && REFUSALS.includes(e.kind)) throw byKind[e.kind]?.() ?? new ObpError(refusal);
    throw e;
  }
}
