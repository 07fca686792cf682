import { defineConfig } from 'vitest/config';

// Browser flows: Playwright driving Debian's chromium against a real server on the embedded database.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
