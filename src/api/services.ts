import type { AuthServices } from '../auth/auth-services';
import type { Config } from '../config';
import type { Connector } from '../connector/connector';

/** Everything the API layer works with, built once at start-up. */
export interface Services extends AuthServices {
  config: Config;
  connector: Connector;
}
