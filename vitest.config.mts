import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The production-install test takes minutes; `npm run test:deploy` runs it (CI does, after the suite). The
    // Galera tests need their own cluster: `npm run test:galera`.
    exclude: [...configDefaults.exclude, 'test/deploy/**', 'test/galera/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each test file gets its own SQLite file / MySQL database, so files may run in parallel.
    pool: 'forks',
  },
});
