import type { Config } from '../config';
import type { ConsumerStore } from '../auth/consumers';
import type { DirectLogin } from '../auth/direct-login';
import type { EntitlementStore } from '../auth/entitlements';
import type { UserStore } from '../auth/users';
import type { Connector } from '../connector/connector';

/** Everything the API layer works with, built once at start-up. */
export interface Services {
  config: Config;
  connector: Connector;
  users: UserStore;
  consumers: ConsumerStore;
  entitlements: EntitlementStore;
  directLogin: DirectLogin;
}
