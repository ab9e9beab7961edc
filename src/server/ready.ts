import type { Bootstrap } from '../bootstrap/bootstrap';

/**
 * Waits until the isolate is bootstrapped (migrations, model check, first admin), for every caller that needs it: the
 * pipeline's first step, the plugins' routes and the cron trigger. The run that did the work is logged. Until it
 * succeeds, the answer is a 503 (`Retry-After: 5`) saying why in development only (the log says it always), and the
 * next call tries again; undefined once ready. `/health` never waits for it.
 * @example
 * const refused = await whenReady(bootstrap, env, isDevelopment(env));
 * if (refused) return refused;
 */
export async function whenReady(bootstrap: Bootstrap, env: Env, development: boolean): Promise<Response | undefined> {
  try {
    const report = await bootstrap.ready(env);
    if (report)
      console.log(
        JSON.stringify({
          level: 'info',
          event: 'bootstrap',
          at: new Date().toISOString(),
          ms: Math.round(report.ms),
          applied: report.applied,
        }),
      );
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ level: 'error', event: 'bootstrap_failed', at: new Date().toISOString(), message }));
    const shown = development ? `The CMS could not start: ${message}` : 'The service is not ready; try again shortly.';
    return Response.json(
      { errors: [{ message: shown, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
      { status: 503, headers: { 'Retry-After': '5' } },
    );
  }
}
