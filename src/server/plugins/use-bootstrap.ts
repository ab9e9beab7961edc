import type { Plugin } from 'graphql-yoga';
import type { Bootstrap } from '../../bootstrap/bootstrap';
import type { ServerContext } from '../../types/server';
import { recordStep } from '../trace';

export interface UseBootstrapOptions {
  /** Whether the client may read why the bootstrap failed (development); otherwise only the log says it. */
  development: boolean;
}

/**
 * First in the pipeline: waits until the isolate is bootstrapped (migrations, model check, first admin). Until it
 * succeeds, GraphQL requests get a 503 and the next request tries again; `/health` never waits for it.
 */
export function useBootstrap(
  bootstrap: Bootstrap,
  { development }: UseBootstrapOptions,
): Plugin<object, ServerContext> {
  return {
    async onRequest({ request, serverContext, endResponse }) {
      const started = performance.now();
      try {
        const report = await bootstrap.ready(serverContext.env);
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
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.error(
          JSON.stringify({ level: 'error', event: 'bootstrap_failed', at: new Date().toISOString(), message }),
        );
        const shown = development
          ? `The CMS could not start: ${message}`
          : 'The service is not ready; try again shortly.';
        endResponse(
          Response.json(
            { errors: [{ message: shown, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
            { status: 503, headers: { 'Retry-After': '5' } },
          ),
        );
      } finally {
        recordStep(request, 'bootstrap', started);
      }
    },
  };
}
