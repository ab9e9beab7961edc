// Finding a request's response in the cache: the one lookup both the cache step of the pipeline and the worker's
// fast hit path use, so they agree on keys, scopes and what may be cached.
import { bookmarkOf } from './d1-session';
import type { ExecutionResult } from 'graphql';
import { sha256Hex } from '../security/hash';
import { InvalidToken } from '../auth/jwt';
import type { Viewer } from '../types/auth';
import { describeDocument } from '../cache/documents';
import { responseCacheKey } from '../cache/key';
import type { ResponseCache } from '../cache/response-cache';
import type { CacheNamespace } from '../types/cache';
import type { CacheSource } from '../cache/store';
import type { Cms } from '../types/cms';
import { getVar } from '../request/state';
import { authenticateRequest, tokenOf } from './credentials';
import type { ServerContext } from '../types/server';

declare module '../request/state' {
  interface RequestVariableMap {
    /**
     * What the cache did for the request, with everything the lookup knows of it. The fast path's memory-only
     * lookup leaves its miss or bypass here for the pipeline's lookup, which then looks in KV only.
     */
    cache: Outcome;
    /**
     * The request's GraphQL parameters: as the fast path read them (a POST's body is then not read again by the
     * pipeline), else as the pipeline parsed them.
     */
    params: CacheParams;
  }
}

export type Outcome =
  | { status: 'BYPASS'; reason: string }
  | { status: 'HIT'; namespace: CacheNamespace; shared: boolean; source: CacheSource; ttlMs: number; value: string }
  | {
      status: 'MISS';
      namespace: CacheNamespace;
      shared: boolean;
      key: string;
      startedAt: number;
      /** Whom the lookup authenticated: the caller a miss is read for (the token is verified once per request). */
      viewer: Viewer;
      /** KV was looked in already (the compiled path's lookup): the pipeline's lookup does not look again. */
      kvChecked?: boolean;
      ttlMs?: number;
      value?: string;
    };

/** A request's GraphQL parameters, as Yoga parses them from a GET's query string or a POST's JSON body. */
export interface CacheParams {
  query?: string;
  operationName?: string | null;
  variables?: unknown;
  /** Only a persisted query's hash, as the fast path reads one (see usePersistedDocuments). */
  extensions?: unknown;
}

/**
 * Whose cache entries a caller may share: anonymous callers one another's, admins one another's (they see
 * everything alike), anyone else only their own (their rights may differ by role, matrix row or item ownership).
 */
export function cacheScope(viewer: Viewer): string {
  if (viewer.kind === 'anonymous') return 'anonymous';
  if (viewer.kind === 'apiToken') return `token:${viewer.id}`;
  return viewer.role === 'admin' ? 'role:admin' : `user:${viewer.id}`;
}

/**
 * What the cache did for a request, as its headers say it: `HIT memory`, `MISS database`, `BYPASS`; null when it
 * did not look (no GraphQL parameters).
 * @example
 * cacheOutcome(request); // 'HIT kv'
 */
export function cacheOutcome(request: Request): string | null {
  const outcome = getVar(request, 'cache');
  if (!outcome) return null;
  if (outcome.status === 'BYPASS') return 'BYPASS';
  return `${outcome.status} ${outcome.status === 'HIT' ? outcome.source : 'database'}`;
}

/** A reused entry's KV write (see `kvAdmission`) runs after the response. */
const waitUntilOf = (server: ServerContext) => {
  const context = server.executionContext;
  return context && ((work: Promise<unknown>) => context.waitUntil(work));
};

/**
 * The lookup of a request in the cache: its key (normalised document, operation name, variables, the caller's
 * scope) in memory, then KV (`memoryOnly` stops before KV, and a miss there is not counted: the pipeline looks again).
 * A document that is not a content query, or a caller whose token does not verify, is a BYPASS.
 * @example
 * const lookup = createCacheLookup(cms, cacheFor);
 * const outcome = await lookup(request, { query: '{ posts { nodes { title } } }' }, { env });
 */
export function createCacheLookup(cms: Cms, cacheFor: (env: Env) => ResponseCache) {
  const settings = cms.cache;
  // Only content is cached: the collections' queries. The CMS's own (me, users, eventLog, roles…) answer per caller
  // or change without a content write, so a document with any of them is never cached.
  const contentFields = new Set(['__typename', ...cms.collections.flatMap((c) => [c.names.one, c.names.list])]);

  return async function lookup(
    request: Request,
    params: CacheParams,
    server: ServerContext,
    { memoryOnly = false } = {},
  ): Promise<Outcome> {
    // What the fast path found for this request: its key, scope and namespace stand; only KV is left to look in.
    const earlier = memoryOnly ? undefined : getVar(request, 'cache');
    if (earlier) {
      if (earlier.status !== 'MISS' || earlier.kvChecked) return earlier;
      const hit = await cacheFor(server.env).get(earlier.namespace, earlier.key, {
        waitUntil: waitUntilOf(server),
        memoryChecked: true,
      });
      earlier.kvChecked = true;
      return hit
        ? {
            status: 'HIT',
            namespace: earlier.namespace,
            shared: earlier.shared,
            source: hit.source,
            ttlMs: hit.ttlMs,
            value: hit.value,
          }
        : earlier;
    }
    if (!settings.enabled) return { status: 'BYPASS', reason: 'the cache is off' };
    // A client echoing a bookmark asks to read its own writes: a shared entry (or another isolate's) may predate them,
    // and bookmarks can't be compared with an entry's age, so such a read skips the cache both ways.
    if (bookmarkOf(request)) return { status: 'BYPASS', reason: 'a D1 bookmark: reads its own writes' };
    if (!params.query) return { status: 'BYPASS', reason: 'no document' };
    const document = describeDocument(params.query);
    if (!document.cacheable) return { status: 'BYPASS', reason: 'not a query, or introspection' };
    if (!document.rootFields?.every((name) => contentFields.has(name)))
      return { status: 'BYPASS', reason: 'reads more than content' };
    const token = tokenOf(request);
    let viewer: Viewer = { kind: 'anonymous' };
    if (token !== undefined) {
      try {
        viewer = (await authenticateRequest(request, server.env, token, (p) => server.executionContext?.waitUntil(p)))
          .viewer;
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
    const keyed = await responseCacheKey({
      schema: cms.schema,
      query: params.query,
      operationName: params.operationName,
      variables: params.variables,
      scope,
    });
    if ('bypass' in keyed) return { status: 'BYPASS', reason: keyed.bypass };
    const { key } = keyed;
    const hit = await cacheFor(server.env).get(namespace, key, { memoryOnly, waitUntil: waitUntilOf(server) });
    if (hit) return { status: 'HIT', namespace, shared, source: hit.source, ttlMs: hit.ttlMs, value: hit.value };
    return { status: 'MISS', namespace, shared, key, startedAt, viewer, kvChecked: !memoryOnly };
  };
}

/**
 * What a GraphQL response's headers say of the cache: `X-Cache-Status`, `X-Cache-Source`, `X-Cache-TTL`, and who may
 * keep it. A GET answer the cache keeps for everyone may be kept by browsers and CDNs too, revalidated each time by
 * its ETag (the hash of the cached data; see `withEtag`): an invalidation here then reaches them at once. Anything
 * else is kept by nobody.
 */
export async function setCacheHeaders(request: Request, headers: Headers, outcome: Outcome): Promise<void> {
  headers.set('X-Cache-Status', outcome.status);
  if (request.method === 'GET' && outcome.status !== 'BYPASS' && outcome.shared && outcome.value !== undefined) {
    headers.set('Cache-Control', 'public, max-age=0, must-revalidate');
    headers.append('Vary', 'Authorization, Cookie');
    headers.set('ETag', `"${(await sha256Hex(outcome.value)).slice(0, 32)}"`);
  } else headers.set('Cache-Control', 'no-store');
  if (outcome.status === 'BYPASS') return;
  headers.set('X-Cache-Source', outcome.status === 'HIT' ? outcome.source : 'database');
  const ttl = outcome.ttlMs;
  if (ttl !== undefined) headers.set('X-Cache-TTL', String(Math.max(0, Math.floor(ttl / 1000))));
}

/** A hit as development shows it: the stored result with `extensions.cache` (what it was, from where, for how long). */
export function developmentHit(outcome: Extract<Outcome, { status: 'HIT' }>): ExecutionResult {
  const cache = { status: 'HIT', namespace: outcome.namespace, source: outcome.source, ttlMs: outcome.ttlMs };
  return { ...(JSON.parse(outcome.value) as ExecutionResult), extensions: { cache } };
}
