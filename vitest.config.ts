import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig(async () => {
  // The test content model (demo + every field type) has its own migrations, made by `npm run db:generate`.
  const migrations = await readD1Migrations(process.env.TEST_MIGRATIONS_DIR ?? 'test/fixtures/migrations');
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            // wrangler.toml says production; the tests run in development unless a test passes another ENVIRONMENT.
            ENVIRONMENT: 'development',
            // Test-only secrets; production values come from `wrangler secret put`.
            JWT_SECRET: 'test-only-jwt-secret-0123456789abcdef0123456789',
            ADMIN_EMAIL: 'admin@example.com',
            ADMIN_PASSWORD: 'admin-test-password',
          },
        },
      }),
    ],
    test: {
      setupFiles: ['./test/setup.ts'],
      // Every request writes a JSON log line; show them only for a test that fails.
      silent: 'passed-only' as const,
      include: ['test/**/*.test.ts', 'plugins/**/*.test.ts'],
    },
  };
});
