import { type BootstrapOptions, createBootstrap } from '../bootstrap/bootstrap';
import { invalidateDuePublications } from '../cache/scheduled';
import { ResponseCache } from '../cache/response-cache';
import { memoryBytesFor } from '../cache/settings';
import type { Cms } from '../types/cms';
import type { PluginRoute } from '../types/plugin';
import { setSecurityHeaders } from '../security/headers';
import { countStatements } from './d1-statements';
import { withEtag } from './etag';
import { createFastHits } from './fast-hit';
import { requestIdOf } from './plugins/use-request-id';
import { createServer, isDevelopment } from './yoga';

/** The security headers a plugin route may set for itself. */
const ROUTE_POLICIES = ['Cross-Origin-Resource-Policy', 'Content-Security-Policy'];

/**
 * A plugin route's answer; a route that throws is the server's fault, answered like any unexpected error (a masked
 * JSON 500, the cause in the log only), never the runtime's error page with a stack.
 */
async function answerRoute(
  route: PluginRoute,
  plugin: string,
  requestId: string,
  request: Request,
  env: Env,
  ctx?: ExecutionContext,
) {
  try {
    return await route(request, env, ctx);
  } catch (error) {
    const at = new Date().toISOString();
    const message = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ level: 'error', event: 'route_failed', at, plugin, requestId, message }));
    const body = { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
    return Response.json(body, { status: 500 });
  }
}

/**
 * The worker's fetch handler for a built CMS: `/health`, `/graphql` (GraphiQL for browsers), and a JSON 404.
 * The first GraphQL request of an isolate bootstraps it (see `createBootstrap`); `/health` never waits for that.
 * A read in the isolate's memory is answered before the pipeline (`createFastHits`; `fastHits: false` turns that off,
 * for tests comparing both paths).
 * @example
 * export default createHandler(buildCms(config), { migrations });
 */
export function createHandler(cms: Cms, options: BootstrapOptions & { fastHits?: boolean } = {}) {
  const bootstrap = createBootstrap(cms, options);
  // The isolate's response cache: its memory tier lives as long as the isolate; made on first use, for the KV binding.
  let cache: ResponseCache | undefined;
  const cacheFor = (env: Env) =>
    (cache ??= new ResponseCache(env.KV, { ...cms.cache, memoryBytes: memoryBytesFor(cms.cache, env) }));
  // The plugins' HTTP routes (e.g. the media plugin's `/media/`), answered while their plugin is active.
  const routes = cms.plugins.flatMap((plugin) =>
    Object.entries(plugin.routes ?? {}).map(([prefix, handler]) => [prefix, handler, plugin.name] as const),
  );
  const routeActive = async (env: Env, plugin: string) => {
    await bootstrap.ready(env);
    return (await cms.pluginStates.current(env.DB)).get(plugin)?.status === 'ACTIVE';
  };
  // One server per ENVIRONMENT value (in practice one per isolate): masking and GraphiQL depend on it.
  const servers = new Map<string, ReturnType<typeof createServer>>();
  const serverFor = (env: Env) => {
    const key = String(env.ENVIRONMENT ?? 'production');
    let server = servers.get(key);
    if (!server) servers.set(key, (server = createServer(cms, isDevelopment(env), { bootstrap, cacheFor })));
    return server;
  };
  const fastHit = createFastHits(cms, {
    bootstrap,
    cacheFor,
    development: isDevelopment,
    enabled: options.fastHits !== false,
  });
  return {
    async fetch(request: Request, env: Env, ctx?: ExecutionContext): Promise<Response> {
      const url = new URL(request.url);
      // The request's own D1 binding counts its statements (`Server-Timing: d1;desc="N statements"`, the request log).
      if (url.pathname === '/graphql') {
        // A read this isolate's memory holds is answered here; anything else goes through the pipeline.
        const fast = await fastHit(request, url, env, ctx);
        if ('response' in fast) return withEtag(request, fast.response);
        const onward = fast.request;
        return withEtag(
          onward,
          await serverFor(env).fetch(onward, {
            env: { ...env, DB: countStatements(env.DB, onward) },
            executionContext: ctx,
          }),
        );
      }
      const route = routes.find(([prefix]) => url.pathname.startsWith(prefix));
      const requestId = requestIdOf(request);
      const response =
        url.pathname === '/health'
          ? Response.json({ status: 'ok' })
          : route && (await routeActive(env, route[2]))
            ? await answerRoute(route[1], route[2], requestId, request, env, ctx)
            : Response.json(
                { errors: [{ message: 'Not found: the API is at /graphql', extensions: { code: 'NOT_FOUND' } }] },
                { status: 404 },
              );
      response.headers.set('X-Request-Id', requestId);
      // The GraphQL responses get theirs from the security step. A plugin route may serve files other sites embed
      // (media): the resource policy and the content policy it sets (stricter for files: a sandbox) stay.
      const kept = ROUTE_POLICIES.map((name) => [name, response.headers.get(name)] as const);
      setSecurityHeaders(response.headers, isDevelopment(env));
      for (const [name, value] of kept) if (value) response.headers.set(name, value);
      return response;
    },
    /** The cron trigger (wrangler.toml): scheduled publishes that came due since the last run leave the cache. */
    async scheduled(_controller: ScheduledController, env: Env): Promise<void> {
      await bootstrap.ready(env);
      if (!cms.cache.enabled) return;
      const tags = await invalidateDuePublications(cms, env, cacheFor(env));
      if (tags.length)
        console.log(
          JSON.stringify({ level: 'info', at: new Date().toISOString(), event: 'scheduled_publish_invalidated', tags }),
        );
    },
  } satisfies ExportedHandler<Env>;
}
