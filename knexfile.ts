// Configuration for the knex CLI (e.g. `npx knex migrate:status --knexfile dist/knexfile.js` after a build).
// The service itself migrates on start (AUTO_MIGRATE) and through `npm run admin -- migrate`.
import type { Knex } from 'knex';
import { knexConfig } from './src/db/knex';
import { migratorConfig } from './src/db/migrate';

const config: Knex.Config = {
  ...knexConfig(process.env.DATABASE_URL ?? 'sqlite:./data/obp.sqlite'),
  migrations: migratorConfig,
};

export default config;
