/**
 * How a connector reports a failure. The kinds follow gRPC status codes so that a remote connector can map them
 * one to one; the API layer turns each kind into an OBP error with an honest HTTP status.
 */
export type ConnectorErrorKind =
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'UNAVAILABLE'
  /** The back end is up but refuses more work now (quota, back-pressure): try again later. */
  | 'RESOURCE_EXHAUSTED'
  | 'DEADLINE_EXCEEDED'
  | 'UNIMPLEMENTED'
  | 'INTERNAL';

export class ConnectorError extends Error {
  readonly kind: ConnectorErrorKind;
  /** An OBP error code (e.g. OBP-30006) the back end attached, if any. */
  readonly obpCode?: string;

  constructor(kind: ConnectorErrorKind, message: string, options: { obpCode?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.kind = kind;
    this.obpCode = options.obpCode;
  }
}

export function isConnectorError(e: unknown): e is ConnectorError {
  return e instanceof ConnectorError;
}
