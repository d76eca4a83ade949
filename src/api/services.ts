import type { AuthServices } from '../auth/auth-services';
import type { Config } from '../config';
import type { Connector } from '../connector/connector';
import type { IdempotencyKeys } from './idempotency';

/** Everything the API layer works with, built once at start-up. */
export interface Services extends AuthServices {
  config: Config;
  connector: Connector;
  /** Idempotency-Key on creating POSTs (README "Data governance"). */
  idempotency: IdempotencyKeys;
}
