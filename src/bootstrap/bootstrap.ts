import { ensureAdmin } from '../auth/admin';
import { jwtSettings } from '../auth/jwt';
import type { Cms } from '../types/cms';
import { missingFromDatabase } from './check-model';
import { applyMigrations, type Migration } from './migrate';
import { productionProblems } from './production';
import { installNewPlugins } from '../plugins/lifecycle';

export interface BootstrapOptions {
  /** Migrations to apply before serving (the worker passes `migrations/bundle.ts`); none by default. */
  migrations?: readonly Migration[];
  /** Further steps after the database is ready and the first admin exists, in order (plugins). */
  steps?: ReadonlyArray<(env: Env, cms: Cms) => Promise<unknown>>;
}

/** The bootstrap could not finish; the message says what to fix. The next request tries again. */
export class BootstrapError extends Error {
  override name = 'BootstrapError';
}

export interface Bootstrap {
  /** Resolves once the isolate is ready; concurrent callers share one run. Rejects with BootstrapError. */
  ready(env: Env): Promise<BootstrapReport | undefined>;
  /** Whether the isolate is ready already (a check that needs no await). */
  readonly done: boolean;
}

/** What the run that did the work reports (the callers that only waited for it get `undefined`). */
export interface BootstrapReport {
  ms: number;
  applied: string[];
}

/**
 * Once per isolate, before the first GraphQL request: refuse the development defaults in production, apply pending
 * migrations, check that the database has every table and column the model needs, then run the extra steps. A
 * failure is thrown to every waiting request and forgotten, so the next request retries.
 * @example
 * const bootstrap = createBootstrap(cms, { migrations });
 * await bootstrap.ready(env);
 */
export function createBootstrap(cms: Cms, options: BootstrapOptions = {}): Bootstrap {
  let running: Promise<BootstrapReport> | undefined;
  let done = false;
  async function run(env: Env): Promise<BootstrapReport> {
    const started = performance.now();
    const problems = [
      ...productionProblems(env),
      ...(env.ENVIRONMENT === 'development' ? [] : cms.plugins.flatMap((p) => p.productionProblems?.(env) ?? [])),
    ];
    if (problems.length)
      throw new BootstrapError(
        `Refusing to start in production with development settings: ${problems.join('; ')}. Set real secrets with \`wrangler secret put\`.`,
      );
    // A missing or malformed signing key fails here, once, rather than on every signed-in request.
    jwtSettings(env);
    const applied = await applyMigrations(env.DB, options.migrations ?? []);
    const missing = await missingFromDatabase(env.DB, cms);
    if (missing.length)
      throw new BootstrapError(
        `The database is behind the content model: missing ${missing.join(', ')}. Run \`npm run db:generate\`, then apply ` +
          'the migrations (`npm run db:migrate` locally, `wrangler d1 migrations apply DB --remote` in production).',
      );
    const admin = await ensureAdmin(env);
    if (admin === 'created')
      console.log(
        JSON.stringify({ level: 'info', event: 'admin_created', at: new Date().toISOString(), email: env.ADMIN_EMAIL }),
      );
    if (admin === 'email-taken')
      console.warn(
        JSON.stringify({
          level: 'warn',
          event: 'admin_not_created',
          at: new Date().toISOString(),
          reason: 'ADMIN_EMAIL belongs to an account that is not an admin',
        }),
      );
    const plugins = await installNewPlugins(env, cms);
    if (plugins.length)
      console.log(JSON.stringify({ level: 'info', event: 'plugins_installed', at: new Date().toISOString(), plugins }));
    for (const step of options.steps ?? []) await step(env, cms);
    return { ms: performance.now() - started, applied };
  }
  return {
    get done() {
      return done;
    },
    async ready(env) {
      if (done) return undefined;
      const first = !running;
      const current = (running ??= run(env));
      try {
        const report = await current;
        done = true;
        return first ? report : undefined;
      } catch (error) {
        if (running === current) running = undefined;
        throw error instanceof BootstrapError
          ? error
          : new BootstrapError(error instanceof Error ? error.message : String(error));
      }
    },
  };
}
