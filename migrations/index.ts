import type { Knex } from 'knex';
import * as foundation from './20261123000001_foundation';
import * as customers from './20261123000002_customers';
import * as customerSatellites from './20261123000003_customer_satellites';
import * as authHardening from './20261124000001_auth_hardening';
import * as exactCollation from './20261124000002_exact_collation';
import * as bankCreators from './20261124000003_bank_creators';
import * as oidcIdentities from './20261125010001_oidc_identities';
import * as customerSearchIndexes from './20261125020001_customer_search_indexes';
import * as customerHistory from './20261125030001_customer_history';
import * as outbox from './20261125030002_outbox';
import * as idempotencyKeys from './20261125030003_idempotency_keys';
import * as insertionOrder from './20261125040001_insertion_order';
import * as cacheGenerations from './20261125050001_cache_generations';

export interface Migration {
  name: string;
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

/** Every migration, oldest first. Add new ones at the end. */
export const migrations: Migration[] = [
  foundation,
  customers,
  customerSatellites,
  authHardening,
  exactCollation,
  bankCreators,
  oidcIdentities,
  customerSearchIndexes,
  customerHistory,
  outbox,
  idempotencyKeys,
  insertionOrder,
  cacheGenerations,
];
