import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Each file starts its own servers on port 0; forks keep native modules (better-sqlite3) isolated.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A focused test would hide the rest of the suite in CI.
    allowOnly: !process.env.CI,
  },
});
