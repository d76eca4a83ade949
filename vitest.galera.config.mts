import { defineConfig } from 'vitest/config';

// `npm run test:galera`: the scale-out tests on a local 3-node MariaDB Galera cluster (scripts/galera-cluster.sh),
// started once for the run (or reused when one is already running in GALERA_DIR) and stopped after it.
export default defineConfig({
  test: {
    include: ['test/galera/**/*.test.ts'],
    globalSetup: ['test/galera/global-setup.ts'],
    // One file at a time: three database nodes already keep the machine busy.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
