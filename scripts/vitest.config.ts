import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The scripts run in Node (files, child processes, wrangler), not in workerd like the worker's tests.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['scripts/test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
