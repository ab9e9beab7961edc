import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/**
 * The worker reads wrangler.toml's `[assets]` folder, which `wrangler dev` and `wrangler deploy` build first (its
 * `[build]` command) and vitest does not: built here when it is missing (a fresh clone), so GraphiQL's tests find it.
 */
function ensureGraphiqlBuilt() {
  if (existsSync('public/graphiql/graphiql.js')) return;
  const built = spawnSync(process.execPath, ['scripts/build-graphiql.mjs'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building GraphiQL (scripts/build-graphiql.mjs) failed');
}

export default defineConfig(async () => {
  ensureGraphiqlBuilt();
  // The test content model (demo + every field type) has its own migrations, made by `npm run db:generate`.
  const migrations = await readD1Migrations(process.env.TEST_MIGRATIONS_DIR ?? 'test/fixtures/migrations');
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          // The email plugin's queue, local: tests drive its consumer with the batches they make.
          queueProducers: { EMAIL_QUEUE: 'edge-cms-email' },
          // The send_email binding, simulated (the email plugin's `send_email` provider); the restricted one refuses
          // every recipient but one, as a binding with `allowed_destination_addresses` does in production.
          email: {
            send_email: [
              { name: 'SEND_EMAIL' },
              { name: 'SEND_EMAIL_RESTRICTED', allowed_destination_addresses: ['allowed@example.com'] },
            ],
          },
          // The database of `DB` (wrangler.toml's id) under a second binding: compare mode's compiled reads run on it,
          // so a test that counts the statements on `DB` counts the pipeline's only (docs/compiled-reads.md).
          d1Databases: { COMPILED_COMPARE_DB: '00000000-0000-0000-0000-000000000000' },
          bindings: {
            TEST_MIGRATIONS: migrations,
            // Every read a test sends that the compiled path would answer is answered by the pipeline and checked
            // against the compiled read, byte for byte (the differential test; docs/compiled-reads.md).
            COMPILED_READS: 'compare',
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
