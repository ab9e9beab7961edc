import { type BootstrapOptions, createBootstrap } from '../bootstrap/bootstrap';
import { invalidateDuePublications } from '../cache/scheduled';
import { ResponseCache } from '../cache/response-cache';
import { PersistedDocumentStore } from '../cache/persisted-documents';
import { memoryBytesFor } from '../cache/settings';
import type { Cms } from '../types/cms';
import type { PluginRoute } from '../types/plugin';
import { requestIdOf } from '../request/request-id';
import { countStatements } from './d1-statements';
import { BOOKMARK_HEADER, startSessions } from './d1-session';
import { createFastHits } from './fast-hit';
import { type CompiledReads, createCompiledReads } from '../compiled/reads';
import { createCompiledMisses } from './compiled-miss';
import { createCompiledRunner } from './compiled-run';
import { type CompiledMode, compiledReadsMode } from './compiled-mode';
import { GRAPHIQL_ASSETS, graphiqlAsset, graphiqlPage, wantsGraphiQL } from './graphiql';
import { beginRequest, createFinish } from './finish';
import { whenReady } from './ready';
import { createServer, isDevelopment } from './yoga';
import { type CorsPolicy, corsPolicy, setCorsHeaders } from '../security/cors';

/**
 * A plugin route's answer; a route that throws is the server's fault, answered like any unexpected error (a masked
 * JSON 500, the cause in the log only), never the runtime's error page with a stack.
 */
async function answerRoute(route: PluginRoute, plugin: string, request: Request, env: Env, ctx?: ExecutionContext) {
  try {
    return await route(request, env, ctx);
  } catch (error) {
    const at = new Date().toISOString();
    const message = error instanceof Error ? error.message : String(error);
    const requestId = requestIdOf(request);
    console.error(JSON.stringify({ level: 'error', event: 'route_failed', at, plugin, requestId, message }));
    const body = { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
    return Response.json(body, { status: 500 });
  }
}

const notFound = () =>
  Response.json(
    { errors: [{ message: 'Not found: the API is at /graphql', extensions: { code: 'NOT_FOUND' } }] },
    { status: 404 },
  );

/**
 * The worker's fetch handler for a built CMS: `/health`, `/graphql` (GraphiQL for browsers in development, its
 * assets under `/graphiql/`), the plugins' routes, and a JSON 404. The first GraphQL request of an isolate bootstraps
 * it (see `createBootstrap`); `/health` never waits for that. A read in the isolate's memory is answered before the
 * pipeline (`createFastHits`; `fastHits: false` turns that off, for tests comparing both paths); a read it does not
 * hold, by compiled SQL when the compiler covers it (`createCompiledMisses`; `compiledReads: false` or
 * `COMPILED_READS=off` turn that off, `compiled` hands in other compiled reads, for tests). Every answer leaves
 * through the finishing step (`createFinish`).
 * @example
 * export default createHandler(buildCms(config), { migrations });
 */
export function createHandler(
  cms: Cms,
  options: BootstrapOptions & { fastHits?: boolean; compiledReads?: boolean; compiled?: CompiledReads } = {},
) {
  const bootstrap = createBootstrap(cms, options);
  // The isolate's response cache: its memory tier lives as long as the isolate; made on first use, for the KV binding.
  let cache: ResponseCache | undefined;
  const cacheFor = (env: Env) =>
    (cache ??= new ResponseCache(env.KV, { ...cms.cache, memoryBytes: memoryBytesFor(cms.cache, env) }));
  // Documents registered by automatic persisted queries: this isolate's memory, then KV.
  let persisted: PersistedDocumentStore | undefined;
  const persistedFor = (env: Env) => (persisted ??= new PersistedDocumentStore(env.KV, cms.persisted));
  // The plugins' HTTP routes (e.g. the media plugin's `/media/`), answered while their plugin is active.
  const routes = cms.plugins.flatMap((plugin) =>
    Object.entries(plugin.routes ?? {}).map(([prefix, handler]) => [prefix, handler, plugin.name] as const),
  );
  const queues = new Map(cms.plugins.flatMap((plugin) => Object.entries(plugin.queues ?? {})));
  // One server per ENVIRONMENT value (in practice one per isolate): masking and GraphiQL depend on it.
  const servers = new Map<string, ReturnType<typeof createServer>>();
  const reads = options.compiled ?? createCompiledReads(cms);
  const runner = createCompiledRunner(cms, reads);
  const compiledReads = options.compiledReads !== false;
  // The pipeline's compiled reads (root fields a statement answers, the rest through the resolvers): COMPILED_READS
  // decides (see ./compiled-mode), unless the handler is made with `compiledReads` (true: on whatever it says).
  const compiled = {
    reads,
    mode: (env: Env): CompiledMode =>
      options.compiledReads === true ? 'on' : compiledReads ? compiledReadsMode(env) : 'off',
  };
  const serverFor = (env: Env) => {
    const key = String(env.ENVIRONMENT ?? 'production');
    let server = servers.get(key);
    if (!server)
      servers.set(
        key,
        (server = createServer(cms, isDevelopment(env), {
          bootstrap,
          cacheFor,
          persistedFor,
          runner,
          compiledReads,
          compiled,
        })),
      );
    return server;
  };
  // The CORS policy of answers made before Yoga, per profile (Yoga's own comes with its server).
  const policies = new Map<boolean, CorsPolicy>();
  const withCors = (request: Request, response: Response, env: Env) => {
    if (!request.headers.has('origin')) return response;
    const development = isDevelopment(env);
    let policy = policies.get(development);
    if (!policy) policies.set(development, (policy = corsPolicy(cms.security.cors, development)));
    setCorsHeaders(response.headers, request, policy, env);
    return response;
  };
  const fastHit = createFastHits(cms, { bootstrap, cacheFor, persistedFor, enabled: options.fastHits !== false });
  const compiledMiss = createCompiledMisses(cms, { cacheFor, runner, enabled: compiledReads });
  const finish = createFinish(cms);

  /** The answer of a path outside GraphQL: `/health`, a route of an active plugin (once bootstrapped), else a 404. */
  async function answer(request: Request, path: string, env: Env, ctx?: ExecutionContext): Promise<Response> {
    if (path === '/health') return Response.json({ status: 'ok' });
    // GraphiQL's script and stylesheet, while GraphiQL is on (development): production serves no page to load them.
    if (path.startsWith(GRAPHIQL_ASSETS))
      return (isDevelopment(env) && (await graphiqlAsset(request, env))) || notFound();
    const route = routes.find(([prefix]) => path.startsWith(prefix));
    if (!route) return notFound();
    const refused = await whenReady(bootstrap, env, isDevelopment(env));
    if (refused) return refused;
    const active = (await cms.pluginStates.current(env.DB)).get(route[2])?.status === 'ACTIVE';
    return active ? answerRoute(route[1], route[2], request, env, ctx) : notFound();
  }

  return {
    async fetch(request: Request, env: Env, ctx?: ExecutionContext): Promise<Response> {
      beginRequest(request);
      const url = new URL(request.url);
      const path = url.pathname;
      if (path !== '/graphql') return finish(request, await answer(request, path, env, ctx), env, ctx, path);
      if (isDevelopment(env) && wantsGraphiQL(request)) return finish(request, graphiqlPage(path), env, ctx, path);
      // A read this isolate's memory holds is answered here; anything else goes through the pipeline.
      const fast = await fastHit(request, url, env, ctx);
      if ('response' in fast) return finish(request, withCors(request, fast.response, env), env, ctx, path);
      const onward = fast.request;
      // The request's D1 sessions (`./d1-session`): `env.DB` on the primary, the content reads possibly on a replica;
      // each binding counts its statements (`Server-Timing: d1;desc="N statements"`, the log line).
      const sessions = startSessions(env.DB, onward);
      const DB = countStatements(sessions.binding(), onward);
      const reads = countStatements(sessions.binding('reads'), onward);
      // A read memory does not hold may be answered by compiled SQL, before the pipeline.
      const compiled = fast.miss && (await compiledMiss(onward, fast.miss, env, { DB, reads, sessions }, ctx));
      const response = compiled
        ? withCors(onward, compiled, env)
        : await serverFor(env).fetch(onward, { env: { ...env, DB }, reads, executionContext: ctx });
      const bookmark = sessions.latestBookmark();
      if (bookmark) response.headers.set(BOOKMARK_HEADER, bookmark);
      return finish(onward, response, env, ctx, path);
    },
    /** The cron trigger (wrangler.toml): scheduled publishes that came due since the last run leave the cache. */
    async scheduled(_controller: ScheduledController, env: Env): Promise<void> {
      // A failed bootstrap is logged (`bootstrap_failed`); the next run tries again.
      if (await whenReady(bootstrap, env, isDevelopment(env))) return;
      if (!cms.cache.enabled) return;
      const tags = await invalidateDuePublications(cms, env, cacheFor(env));
      if (tags.length)
        console.log(
          JSON.stringify({ level: 'info', at: new Date().toISOString(), event: 'scheduled_publish_invalidated', tags }),
        );
    },
    /** Queue batches (e.g. `EMAIL_QUEUE`'s), each to the consumer its plugin declared for that queue. */
    async queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
      const consumer = queues.get(batch.queue);
      // A failed bootstrap (logged) or an unknown queue: the messages go back, to be retried and dead-lettered.
      if (!consumer || (await whenReady(bootstrap, env, isDevelopment(env)))) return batch.retryAll();
      await consumer(batch, env);
    },
  } satisfies ExportedHandler<Env>;
}
