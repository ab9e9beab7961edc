// A read the isolate's memory already holds is answered before Yoga: the same lookup as the pipeline's cache step
// (key, scope, what may be cached), the same headers and log line, without building a server request, context and
// plugin chain for a response that is a stored string. Anything unusual goes the whole way through the pipeline.
import type { Bootstrap } from '../bootstrap/bootstrap';
import { operationOf } from '../cache/documents';
import type { ResponseCache } from '../cache/response-cache';
import type { Cms } from '../types/cms';
import { logRequest, requestLogOn } from '../log/request-log';
import { serverTimingOn } from '../log/server-timing';
import { declaredLength } from '../security/body-limit';
import { setSecurityHeaders, varyOnOrigin } from '../security/headers';
import {
  type CacheParams,
  cacheOutcome,
  createCacheLookup,
  developmentHit,
  handOn,
  recordOutcome,
  setCacheHeaders,
} from './cache-lookup';
import { requestIdOf } from './plugins/use-request-id';

/**
 * What the fast path did: a response, or the request to send through the pipeline: its body unread, or read and its
 * parameters handed on with it (see `handOn`).
 */
export type FastHit = { response: Response } | { request: Request };

/**
 * The media type Yoga would answer with for an `Accept` header (the first listed of the JSON types it serves), or
 * null for anything else (an event stream, multipart, GraphiQL's HTML), which the pipeline handles.
 */
export function acceptedJsonType(accept: string | null): string | null {
  const first = (accept ?? '*/*').split(',')[0]!.split(';')[0]!.trim().toLowerCase();
  if (first === 'application/graphql-response+json') return first;
  return first === 'application/json' || first === '*/*' || first === 'application/*' || first === ''
    ? 'application/json'
    : null;
}

/** A POST body's GraphQL parameters: an object with a string `query` and nothing the fast path doesn't know. */
function paramsOf(body: unknown): CacheParams | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { query, operationName, variables, ...rest } = body as Record<string, unknown>;
  if (typeof query !== 'string' || Object.keys(rest).length > 0) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  return { query, operationName: operationName as string | null | undefined, variables: variables ?? undefined };
}

/** A GET's GraphQL parameters from its query string; undefined when they are malformed or carry extensions. */
function searchParamsOf(url: URL): CacheParams | undefined {
  const query = url.searchParams.get('query');
  if (query === null || url.searchParams.has('extensions')) return undefined;
  const raw = url.searchParams.get('variables');
  let variables: unknown;
  try {
    variables = raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  return { query, operationName: url.searchParams.get('operationName'), variables: variables ?? undefined };
}

export interface FastHitParts {
  bootstrap: Bootstrap;
  cacheFor(env: Env): ResponseCache;
  development(env: Env): boolean;
  /** False turns the fast path off (tests compare both paths). */
  enabled?: boolean;
}

/**
 * The fast path for memory hits, for a built CMS. It answers only when the isolate is bootstrapped, the request is a
 * plain GraphQL GET or JSON POST without `Origin` (CORS stays with the pipeline), its body within the limit, its
 * `Accept` a JSON type, and its response in this isolate's memory. (Plugins' middleware and request events act on
 * operations, so a hit meets none of them in the pipeline either.)
 * @example
 * const fast = createFastHits(cms, { bootstrap, cacheFor, development: isDevelopment });
 * const outcome = await fast(request, new URL(request.url), env, ctx);
 * if ('response' in outcome) return outcome.response;
 */
export function createFastHits(cms: Cms, { bootstrap, cacheFor, development, enabled: wanted = true }: FastHitParts) {
  const lookup = createCacheLookup(cms, cacheFor);
  const enabled = wanted && cms.cache.enabled;

  return async function fastHit(request: Request, url: URL, env: Env, ctx?: ExecutionContext): Promise<FastHit> {
    if (!enabled || !bootstrap.done || request.headers.has('origin')) return { request };
    const type = acceptedJsonType(request.headers.get('accept'));
    if (!type) return { request };
    const started = performance.now();
    let params: CacheParams | undefined;
    let fromBody = false;
    if (request.method === 'GET') {
      params = searchParamsOf(url);
    } else if (request.method === 'POST') {
      const length = declaredLength(request);
      const json = request.headers.get('content-type')?.toLowerCase().startsWith('application/json');
      // A body of unknown length (chunked) is the pipeline's to read within the limit.
      if (!json || length === undefined || length > cms.security.maxBodyBytes) return { request };
      const text = await request.text();
      try {
        params = paramsOf(JSON.parse(text));
      } catch {
        params = undefined;
      }
      // A body the fast path can't take is the pipeline's to read (and refuse): it gets a request with the same text.
      if (!params)
        return { request: new Request(request.url, { method: 'POST', headers: request.headers, body: text }) };
      fromBody = true;
    }
    if (!params) return { request };
    let outcome: Awaited<ReturnType<typeof lookup>>;
    try {
      outcome = await lookup(request, params, { env, executionContext: ctx as ExecutionContext }, { memoryOnly: true });
    } catch {
      // The pipeline looks again and answers whatever went wrong the way it answers errors.
      handOn(request, undefined, fromBody ? params : undefined);
      return { request };
    }
    if (outcome.status !== 'HIT') {
      // The body is read: the pipeline takes its parameters as read here.
      handOn(request, outcome, fromBody ? params : undefined);
      return { request };
    }
    recordOutcome(request, outcome);
    const dev = development(env);
    const headers = new Headers({ 'Content-Type': `${type}; charset=utf-8`, 'X-Request-Id': requestIdOf(request) });
    setSecurityHeaders(headers, dev);
    varyOnOrigin(headers);
    await setCacheHeaders(request, headers, outcome);
    const durationMs = performance.now() - started;
    if (serverTimingOn(cms.serverTiming, env, dev)) {
      headers.set('Server-Timing', `cache;dur=${durationMs.toFixed(1)}, d1;desc="0 statements"`);
    }
    if (requestLogOn(cms.logRequests, env)) {
      const operation = operationOf(params.query!, params.operationName);
      logRequest({
        requestId: headers.get('X-Request-Id')!,
        method: request.method,
        operation: operation.name,
        type: operation.type,
        status: 200,
        durationMs,
        d1Statements: 0,
        userId: null,
        cache: cacheOutcome(request),
      });
    }
    return {
      response: new Response(dev ? JSON.stringify(developmentHit(outcome)) : outcome.value, { status: 200, headers }),
    };
  };
}
