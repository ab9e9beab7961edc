import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { InvalidToken } from '../../auth/jwt';
import type { Viewer } from '../../auth/viewer';
import { absenceTags, collectTags, trackEntities } from '../../cache/entities';
import { EVERYTHING, takeChanges } from '../../cache/invalidation';
import { describeDocument, responseCacheKey } from '../../cache/key';
import type { CacheSettings } from '../../cache/settings';
import { type CacheSource, TieredCache } from '../../cache/store';
import type { Cms } from '../../config/build';
import type { Context } from '../../context';
import { recordStep } from '../trace';
import type { ServerContext } from '../yoga';
import { authenticateRequest, tokenOf } from './use-auth';

type Outcome =
  | { status: 'BYPASS' }
  | { status: 'HIT'; source: CacheSource; ttlMs: number }
  | { status: 'MISS'; key: string; startedAt: number; ttlMs?: number };

/**
 * Whose cache entries a caller may share: anonymous callers one another's, admins one another's (they see
 * everything alike), anyone else only their own (their rights may differ by role, matrix row or item ownership).
 */
export function cacheScope(viewer: Viewer): string {
  if (viewer.kind === 'anonymous') return 'anonymous';
  if (viewer.kind === 'apiToken') return `token:${viewer.id}`;
  return viewer.role === 'admin' ? 'role:admin' : `user:${viewer.id}`;
}

export interface UseResponseCacheOptions {
  cms: Cms;
  settings: CacheSettings;
  /** The isolate's cache for an environment (made on first use: it needs the KV binding). */
  cacheFor(env: Env): TieredCache;
}

/**
 * The response cache: before a query is parsed, its key (normalised document, operation name, variables, the caller's
 * scope) is looked up in memory, then KV; a hit answers at once. A miss runs the query with every entity tracked and
 * keeps the response tagged with them (`Post:42`, `Post`, `PostConnection`). Mutations, introspection and responses
 * with errors are never kept; each write invalidates the tags of what it changed. Every GraphQL response says what
 * happened in `X-Cache-Status`, `X-Cache-Source` and `X-Cache-TTL`.
 */
export function useResponseCache({ cms, settings, cacheFor }: UseResponseCacheOptions): Plugin<Context, ServerContext> {
  const outcomes = new WeakMap<Request, Outcome>();
  const ttlOfType = new Map(cms.collections.map((c) => [c.names.type, c.def.cache?.ttlMs ?? settings.ttlMs]));
  // Only content is cached: the collections' queries. The CMS's own (me, users, eventLog, roles…) answer per caller
  // or change without a content write, so a document with any of them is never cached.
  const contentFields = new Set(['__typename', ...cms.collections.flatMap((c) => [c.names.one, c.names.list])]);

  async function lookup(request: Request, params: { query?: string; operationName?: string; variables?: unknown }, server: ServerContext): Promise<Outcome & { value?: string }> {
    if (!settings.enabled || !params.query) return { status: 'BYPASS' };
    const document = describeDocument(params.query);
    if (!document.cacheable || !document.rootFields?.every((name) => contentFields.has(name))) return { status: 'BYPASS' };
    const token = tokenOf(request);
    let viewer: Viewer = { kind: 'anonymous' };
    if (token !== undefined) {
      try {
        viewer = (await authenticateRequest(request, server.env, token, (p) => server.executionContext?.waitUntil(p))).viewer;
      } catch (error) {
        if (error instanceof InvalidToken) return { status: 'BYPASS' }; // the authentication step answers UNAUTHENTICATED
        throw error;
      }
    }
    const startedAt = Date.now();
    const key = await responseCacheKey({ query: params.query, operationName: params.operationName, variables: params.variables, scope: cacheScope(viewer) });
    if (key === null) return { status: 'BYPASS' };
    const hit = await cacheFor(server.env).get(key);
    if (hit) return { status: 'HIT', source: hit.source, ttlMs: hit.ttlMs, value: hit.value };
    return { status: 'MISS', key, startedAt };
  }

  /** The TTL of a response: the shortest of the collections it holds (by their type tags), else the default. */
  function ttlOf(tags: Set<string>): number {
    let ttl = settings.ttlMs;
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
      const { value, ...outcome } = await lookup(request, params, server);
      outcomes.set(request, outcome);
      // A hit is sent as stored: Yoga writes the response with the result's own `stringify`, so the stored JSON is
      // neither parsed nor written again (it is exactly what Yoga would write for `{ data }`).
      if (value !== undefined) setResult({ stringify: () => value } as ExecutionResult);
      recordStep(request, 'cache', started);
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const ctx = args.contextValue;
      const outcome = outcomes.get(ctx.request);
      const miss = outcome?.status === 'MISS' ? outcome : undefined;
      if (miss) setExecuteFn((execArgs) => executeFn({ ...execArgs, document: trackEntities(execArgs.schema, execArgs.document) }));
      return {
        onExecuteDone({ result }) {
          // Whatever the operation, what its writes changed is invalidated before the response leaves.
          const cache = cacheFor(ctx.env);
          const changes = takeChanges(ctx);
          if (changes.length) ctx.waitUntil(cache.invalidate(changes));
          if (!miss || Symbol.asyncIterator in (result as object)) return;
          const single = result as ExecutionResult;
          const tags = collectTags(single.data).add(EVERYTHING);
          if (single.errors?.length || !single.data) return;
          for (const tag of absenceTags(args.schema, args.document, args.operationName, single.data)) tags.add(tag);
          const ttlMs = ttlOf(tags);
          if (ttlMs <= 0) return;
          miss.ttlMs = ttlMs;
          ctx.waitUntil(cache.set(miss.key, JSON.stringify({ data: single.data }), ttlMs, [...tags], miss.startedAt));
        },
      };
    },
    onResponse({ request, response }) {
      const outcome = outcomes.get(request);
      if (!outcome) return;
      response.headers.set('X-Cache-Status', outcome.status);
      if (outcome.status === 'BYPASS') return;
      response.headers.set('X-Cache-Source', outcome.status === 'HIT' ? outcome.source : 'database');
      const ttl = outcome.ttlMs;
      if (ttl !== undefined) response.headers.set('X-Cache-TTL', String(Math.max(0, Math.floor(ttl / 1000))));
    },
  };
}

export { TieredCache };
