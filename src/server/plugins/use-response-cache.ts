import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { sha256Hex } from '../../auth/hash';
import { InvalidToken } from '../../auth/jwt';
import type { Viewer } from '../../auth/viewer';
import { absenceTags, collectTags, trackEntities } from '../../cache/entities';
import { EVERYTHING, takeChanges } from '../../cache/invalidation';
import { describeDocument, responseCacheKey } from '../../cache/key';
import type { ResponseCache } from '../../cache/response-cache';
import type { CacheNamespace } from '../../cache/settings';
import type { CacheSource } from '../../cache/store';
import type { Cms } from '../../config/build';
import type { Context } from '../../context';
import { emitPluginEvent } from '../../plugins/events';
import { recordStep } from '../trace';
import type { ServerContext } from '../yoga';
import { authenticateRequest, tokenOf } from './use-auth';

type Outcome =
  | { status: 'BYPASS'; reason: string }
  | { status: 'HIT'; namespace: CacheNamespace; shared: boolean; source: CacheSource; ttlMs: number; value: string }
  | { status: 'MISS'; namespace: CacheNamespace; shared: boolean; key: string; startedAt: number; ttlMs?: number; value?: string };

/**
 * Whose cache entries a caller may share: anonymous callers one another's, admins one another's (they see
 * everything alike), anyone else only their own (their rights may differ by role, matrix row or item ownership).
 */
export function cacheScope(viewer: Viewer): string {
  if (viewer.kind === 'anonymous') return 'anonymous';
  if (viewer.kind === 'apiToken') return `token:${viewer.id}`;
  return viewer.role === 'admin' ? 'role:admin' : `user:${viewer.id}`;
}

// What the cache did for each request, for the request log (whose step runs before this one's response hook).
const outcomeOf = new WeakMap<Request, Outcome>();

/**
 * What the cache did for a request, as its headers say it: `HIT memory`, `MISS database`, `BYPASS`; null when it
 * did not look (no GraphQL parameters).
 * @example
 * cacheOutcome(request); // 'HIT kv'
 */
export function cacheOutcome(request: Request): string | null {
  const outcome = outcomeOf.get(request);
  if (!outcome) return null;
  if (outcome.status === 'BYPASS') return 'BYPASS';
  return `${outcome.status} ${outcome.status === 'HIT' ? outcome.source : 'database'}`;
}

export interface UseResponseCacheOptions {
  cms: Cms;
  /** The isolate's cache for an environment (made on first use: it needs the KV binding). */
  cacheFor(env: Env): ResponseCache;
  /** Adds `extensions.cache` (status, namespace, TTL, tags) to responses. */
  development?: boolean;
}

/** At most this many tags are listed in `extensions.cache` (development only). */
const SHOWN_TAGS = 100;

/**
 * The response cache: before a query is parsed, its key (normalised document, operation name, variables, the caller's
 * scope) is looked up in memory, then KV; a hit answers at once. A miss runs the query with every entity tracked and
 * keeps the response tagged with them (`Post:42`, `Post`, `PostConnection`). Mutations, introspection and responses
 * with errors are never kept; each write invalidates the tags of what it changed. Every GraphQL response says what
 * happened in `X-Cache-Status`, `X-Cache-Source` and `X-Cache-TTL`.
 */
export function useResponseCache({ cms, cacheFor, development = false }: UseResponseCacheOptions): Plugin<Context, ServerContext> {
  const settings = cms.cache;
  const ttlOfType = new Map(cms.collections.flatMap((c) => (c.def.cache?.ttlMs === undefined ? [] : [[c.names.type, c.def.cache.ttlMs]])));
  // Only content is cached: the collections' queries. The CMS's own (me, users, eventLog, roles…) answer per caller
  // or change without a content write, so a document with any of them is never cached.
  const contentFields = new Set(['__typename', ...cms.collections.flatMap((c) => [c.names.one, c.names.list])]);

  async function lookup(request: Request, params: { query?: string; operationName?: string; variables?: unknown }, server: ServerContext): Promise<Outcome> {
    if (!settings.enabled) return { status: 'BYPASS', reason: 'the cache is off' };
    if (!params.query) return { status: 'BYPASS', reason: 'no document' };
    const document = describeDocument(params.query);
    if (!document.cacheable) return { status: 'BYPASS', reason: 'not a query, or introspection' };
    if (!document.rootFields?.every((name) => contentFields.has(name))) return { status: 'BYPASS', reason: 'reads more than content' };
    const token = tokenOf(request);
    let viewer: Viewer = { kind: 'anonymous' };
    if (token !== undefined) {
      try {
        viewer = (await authenticateRequest(request, server.env, token, (p) => server.executionContext?.waitUntil(p))).viewer;
      } catch (error) {
        // The authentication step answers UNAUTHENTICATED.
        if (error instanceof InvalidToken) return { status: 'BYPASS', reason: 'invalid credentials' };
        throw error;
      }
    }
    const startedAt = Date.now();
    // A document reading no content (only `__typename`) has one answer for everyone.
    const scope = document.rootFields.every((name) => name === '__typename') ? 'static' : cacheScope(viewer);
    const namespace: CacheNamespace = scope === 'static' ? 'static' : scope === 'role:admin' ? 'admin' : 'api';
    const shared = scope === 'static' || scope === 'anonymous';
    const key = await responseCacheKey({ query: params.query, operationName: params.operationName, variables: params.variables, scope });
    if (key === null) return { status: 'BYPASS', reason: 'does not parse' };
    const context = server.executionContext;
    const hit = await cacheFor(server.env).get(namespace, key, { waitUntil: context && ((work) => context.waitUntil(work)) });
    if (hit) return { status: 'HIT', namespace, shared, source: hit.source, ttlMs: hit.ttlMs, value: hit.value };
    return { status: 'MISS', namespace, shared, key, startedAt };
  }

  /** The TTL of a response: the shortest of the collections it holds (by their type tags), else the namespace's. */
  function ttlOf(namespace: CacheNamespace, tags: Set<string>): number {
    let ttl = settings.namespaces[namespace].ttlMs;
    for (const tag of tags) {
      const own = ttlOfType.get(tag);
      if (own !== undefined && own < ttl) ttl = own;
    }
    return ttl;
  }

  return {
    async onParams({ params, request, setResult, context }) {
      const started = performance.now();
      const server = context as unknown as ServerContext;
      const outcome = await lookup(request, params, server);
      outcomeOf.set(request, outcome);
      if (outcome.status === 'HIT') {
        const { value } = outcome;
        // A hit is sent as stored: Yoga writes the response with the result's own `stringify`, so the stored JSON is
        // neither parsed nor written again (it is exactly what Yoga would write for `{ data }`). Development adds
        // `extensions.cache`, which needs the parsed result.
        const cache = { status: 'HIT', namespace: outcome.namespace, source: outcome.source, ttlMs: outcome.ttlMs };
        setResult(development ? { ...(JSON.parse(value) as ExecutionResult), extensions: { cache } } : ({ stringify: () => value } as unknown as ExecutionResult));
      }
      recordStep(request, 'cache', started);
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const ctx = args.contextValue;
      const outcome = outcomeOf.get(ctx.request);
      const miss = outcome?.status === 'MISS' ? outcome : undefined;
      if (miss) setExecuteFn((execArgs) => executeFn({ ...execArgs, document: trackEntities(execArgs.schema, execArgs.document) }));
      return {
        onExecuteDone({ result, setResult }) {
          // Whatever the operation, what its writes changed is invalidated before the response leaves.
          const cache = cacheFor(ctx.env);
          for (const change of takeChanges(ctx)) {
            ctx.waitUntil(cache.invalidate(change.event, change.tags));
            ctx.waitUntil(emitPluginEvent(ctx, 'afterInvalidate', { ctx, ...change }));
          }
          if (Symbol.asyncIterator in (result as object)) return;
          const single = result as ExecutionResult;
          if (!miss) {
            if (development && outcome?.status === 'BYPASS')
              setResult({ ...single, extensions: { ...single.extensions, cache: { status: 'BYPASS', reason: outcome.reason } } });
            return;
          }
          const tags = collectTags(single.data).add(EVERYTHING);
          const stored = !single.errors?.length && Boolean(single.data);
          if (stored) {
            for (const tag of absenceTags(args.schema, args.document, args.operationName, single.data!)) tags.add(tag);
            const ttlMs = ttlOf(miss.namespace, tags);
            if (ttlMs > 0) {
              miss.ttlMs = ttlMs;
              miss.value = JSON.stringify({ data: single.data });
              ctx.waitUntil(cache.set(miss.namespace, miss.key, miss.value, ttlMs, tags, miss.startedAt));
            }
          }
          if (development)
            setResult({
              ...single,
              extensions: { ...single.extensions, cache: { status: 'MISS', namespace: miss.namespace, stored: miss.ttlMs !== undefined, ttlMs: miss.ttlMs ?? 0, tags: [...tags].slice(0, SHOWN_TAGS) } },
            });
        },
      };
    },
    async onResponse({ request, response }) {
      const outcome = outcomeOf.get(request);
      if (!outcome) return;
      response.headers.set('X-Cache-Status', outcome.status);
      // A GET answer the cache keeps for everyone may be kept by browsers and CDNs too, revalidated each time by its
      // ETag (the hash of the cached data; see `withEtag`): an invalidation here then reaches them at once. Anything
      // else is kept by nobody.
      if (request.method === 'GET' && outcome.status !== 'BYPASS' && outcome.shared && outcome.value !== undefined) {
        response.headers.set('Cache-Control', 'public, max-age=0, must-revalidate');
        response.headers.append('Vary', 'Authorization, Cookie');
        response.headers.set('ETag', `"${(await sha256Hex(outcome.value)).slice(0, 32)}"`);
      } else response.headers.set('Cache-Control', 'no-store');
      if (outcome.status === 'BYPASS') return;
      response.headers.set('X-Cache-Source', outcome.status === 'HIT' ? outcome.source : 'database');
      const ttl = outcome.ttlMs;
      if (ttl !== undefined) response.headers.set('X-Cache-TTL', String(Math.max(0, Math.floor(ttl / 1000))));
    },
  };
}

