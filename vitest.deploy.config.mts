import { defineConfig } from 'vitest/config';

// `npm run test:deploy`: the production install in a temporary copy (minutes: it compiles the SQLite driver).
export default defineConfig({
  test: {
    include: ['test/deploy/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
