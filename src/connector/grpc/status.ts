/**
 * gRPC status codes ↔ ConnectorError kinds, used by the client (status → error) and the adapter
 * (error → status). An OBP error code travels as trailer metadata `obp-error-code`.
 */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { ConnectorError, type ConnectorErrorKind, isConnectorError } from '../errors';

export const OBP_ERROR_CODE_KEY = 'obp-error-code';
export const CORRELATION_ID_KEY = 'correlation-id';

/** The only shape of `obp-error-code` the API passes on: anything else could put adapter text in a client's body. */
const OBP_CODE = /^OBP-\d{5}$/;

const kindByStatus: Partial<Record<status, ConnectorErrorKind>> = {
  [status.NOT_FOUND]: 'NOT_FOUND',
  [status.ALREADY_EXISTS]: 'ALREADY_EXISTS',
  [status.INVALID_ARGUMENT]: 'INVALID_ARGUMENT',
  [status.OUT_OF_RANGE]: 'INVALID_ARGUMENT',
  [status.FAILED_PRECONDITION]: 'FAILED_PRECONDITION',
  [status.ABORTED]: 'FAILED_PRECONDITION',
  [status.UNAVAILABLE]: 'UNAVAILABLE',
  // A channel shut down under a call means "cannot serve now".
  [status.CANCELLED]: 'UNAVAILABLE',
  [status.RESOURCE_EXHAUSTED]: 'RESOURCE_EXHAUSTED',
  [status.DEADLINE_EXCEEDED]: 'DEADLINE_EXCEEDED',
  [status.UNIMPLEMENTED]: 'UNIMPLEMENTED',
  // UNKNOWN, INTERNAL, DATA_LOSS, and UNAUTHENTICATED / PERMISSION_DENIED (a misconfigured link, not the API
  // client's fault) are all internal failures.
};

const statusByKind: Record<ConnectorErrorKind, status> = {
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  UNAVAILABLE: status.UNAVAILABLE,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  UNIMPLEMENTED: status.UNIMPLEMENTED,
  INTERNAL: status.INTERNAL,
};

export function isServiceError(e: unknown): e is ServiceError {
  return e instanceof Error && typeof (e as Partial<ServiceError>).code === 'number' && 'metadata' in e;
}

/**
 * grpc-js also answers RESOURCE_EXHAUSTED, on either side, when a message is over the size limit: that is a
 * fault of the link or the adapter (an answer too big to carry), not back-pressure.
 */
function isOversizedMessage(e: ServiceError): boolean {
  return e.code === status.RESOURCE_EXHAUSTED && /message .*larger than/i.test(e.details ?? '');
}

export function kindOfStatus(e: ServiceError): ConnectorErrorKind {
  if (isOversizedMessage(e)) return 'INTERNAL';
  return kindByStatus[e.code as status] ?? 'INTERNAL';
}

export function connectorErrorFromStatus(e: ServiceError, method: string): ConnectorError {
  const obpCode = e.metadata?.get(OBP_ERROR_CODE_KEY)[0];
  return new ConnectorError(kindOfStatus(e), `gRPC adapter ${method}: ${status[e.code] ?? e.code} ${e.details ?? ''}`.trim(), {
    obpCode: typeof obpCode === 'string' && OBP_CODE.test(obpCode) ? obpCode : undefined,
    cause: e,
  });
}

export interface StatusObject {
  code: status;
  details: string;
  metadata: Metadata;
}

/**
 * What the adapter answers for a failure. Only ConnectorErrors keep their message; anything else becomes INTERNAL
 * with a generic text, so that no stack trace or driver message crosses the wire.
 */
export function statusFromError(e: unknown): StatusObject {
  const metadata = new Metadata();
  if (isConnectorError(e)) {
    if (e.obpCode && OBP_CODE.test(e.obpCode)) metadata.set(OBP_ERROR_CODE_KEY, e.obpCode);
    return { code: statusByKind[e.kind], details: e.message, metadata };
  }
  return { code: status.INTERNAL, details: 'internal error in the adapter', metadata };
}
