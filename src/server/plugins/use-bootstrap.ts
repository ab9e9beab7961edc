import type { Plugin } from 'graphql-yoga';
import type { Bootstrap } from '../../bootstrap/bootstrap';
import { whenReady } from '../ready';
import { recordStep } from '../trace';
import type { ServerContext } from '../../types/server';

export interface UseBootstrapOptions {
  /** Whether the client may read why the bootstrap failed (development); otherwise only the log says it. */
  development: boolean;
}

/**
 * First in the pipeline: waits until the isolate is bootstrapped (see `whenReady`). Until it succeeds, GraphQL
 * requests get a 503 and the next request tries again.
 */
export function useBootstrap(
  bootstrap: Bootstrap,
  { development }: UseBootstrapOptions,
): Plugin<object, ServerContext> {
  return {
    async onRequest({ request, serverContext, endResponse }) {
      const started = performance.now();
      const refused = await whenReady(bootstrap, serverContext.env, development);
      if (refused) endResponse(refused);
      recordStep(request, 'bootstrap', started);
    },
  };
}
