// The one way out of the worker: every response (a memory hit, the pipeline's answers and refusals, `/health`, the
// plugins' routes, a route's masked failure, the 404) gets its request id, security headers, `Vary`, cache headers,
// cookies and `Server-Timing` here, a GET revalidation its 304, and the request its log line. The steps before only
// say what happened, in the request's variables; none of them writes a header or a line of its own.
import { operationOf } from '../cache/documents';
import type { Cms } from '../types/cms';
import { clientIp, recordEvent } from '../log/events';
import { logRequest, requestLogOn } from '../log/request-log';
import { serverTimingOn } from '../log/server-timing';
import { cookiesToSet } from '../request/cookies';
import { requestIdOf } from '../request/request-id';
import { requestVariables, setVar } from '../request/state';
import { setSecurityHeaders, varyOnOrigin } from '../security/headers';
import { cacheOutcome, setCacheHeaders } from './cache-lookup';
import { statementsOf } from './d1-statements';
import { withEtag } from './etag';
import { serverTiming } from './trace';
import { isDevelopment } from './yoga';

declare module '../request/state' {
  interface RequestVariableMap {
    /** When the worker took the request (`performance.now()`): its log line's duration counts from here. */
    startedAt: number;
  }
}

/** The GraphQL endpoint: its answers depend on `Origin` (CORS), and their lines name no path. */
const GRAPHQL = '/graphql';

/** The operation a response answered: the one the pipeline ran, else (a cache hit ran none) the document's. */
function operationFacts({ operation, params }: ReturnType<typeof requestVariables>) {
  if (operation?.type === undefined && params?.query) return operationOf(params.query, params.operationName);
  return { name: operation?.name ?? null, type: operation?.type ?? null };
}

/**
 * The response itself, or a copy when its headers can't be changed: a plugin route may answer with what `fetch()`
 * or `Response.redirect()` made, whose headers are immutable.
 */
function ownHeaders(response: Response): Response {
  try {
    response.headers.set('X-Request-Id', '');
    return response;
  } catch {
    return new Response(response.body, response);
  }
}

/**
 * Starts a request's clock (see `startedAt`); the worker calls it first thing.
 * @example
 * beginRequest(request);
 */
export function beginRequest(request: Request): void {
  setVar(request, 'startedAt', performance.now());
}

/**
 * The finishing step for a built CMS: `finish(request, response, env, ctx, path)` returns the response to send.
 * `path` is where the worker answered (`/graphql`, `/health`, a plugin route's path, …).
 * @example
 * const finish = createFinish(cms);
 * return finish(request, Response.json({ status: 'ok' }), env, ctx, url.pathname);
 */
export function createFinish(cms: Cms) {
  const slowMs = cms.config.logging?.slowMs ?? 1000;

  return async function finish(
    request: Request,
    answer: Response,
    env: Env,
    ctx: ExecutionContext | undefined,
    path: string,
  ): Promise<Response> {
    const own = requestVariables(request);
    const development = isDevelopment(env);
    const graphql = path === GRAPHQL;
    const requestId = requestIdOf(request);
    const response = ownHeaders(answer);
    const { headers } = response;
    headers.set('X-Request-Id', requestId);
    setSecurityHeaders(headers, development);
    if (own.cache) await setCacheHeaders(request, headers, own.cache);
    // Whether CORS headers are sent depends on `Origin` (GraphQL only), so caches must key on it. A response no cache
    // may keep (`no-store`) to a request without `Origin` needs no `Vary`: each header costs every response.
    if (graphql && (request.headers.has('origin') || headers.get('cache-control') !== 'no-store'))
      varyOnOrigin(headers);
    // Compare mode's outcome for the read (tests only; see ./compiled-mode).
    if (own.compiledCheck) headers.set('X-Compiled', own.compiledCheck);
    for (const cookie of cookiesToSet(request)) headers.append('Set-Cookie', cookie);
    if (serverTimingOn(cms.serverTiming, env, development)) {
      const timing = serverTiming(request);
      if (timing) headers.set('Server-Timing', timing);
    }
    const sent = withEtag(request, response);
    const { operation } = own;
    const durationMs = performance.now() - (operation?.startedAt ?? own.startedAt ?? performance.now());
    const logged = requestLogOn(cms.logRequests, env);
    // Only what ran through the pipeline is an operation the slow-operation log is about.
    const slow = operation !== undefined && durationMs > slowMs;
    if (!logged && !slow) return sent;
    const { name, type } = operationFacts(own);
    if (logged)
      logRequest({
        requestId,
        method: request.method,
        ...(graphql ? {} : { path }),
        operation: name,
        type,
        status: sent.status,
        durationMs,
        d1Statements: statementsOf(request) ?? null,
        userId: operation?.userId ?? null,
        cache: cacheOutcome(request),
        read: own.readPath ?? null,
      });
    if (slow)
      recordEvent(
        { env, waitUntil: (promise) => ctx?.waitUntil(promise) },
        {
          kind: 'slow',
          event: 'slow_operation',
          requestId,
          operation: name,
          durationMs,
          userId: operation.userId,
          ip: clientIp(request, env),
          detail: { type: type ?? undefined, status: sent.status },
        },
      );
    return sent;
  };
}
