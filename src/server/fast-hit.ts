// A read the isolate's memory already holds is answered before Yoga: the same lookup as the pipeline's cache step
// (key, scope, what may be cached), without building a server request, context and plugin chain for a response that
// is a stored string. The fast path only decides whether memory can answer, and with what: the finishing step gives
// the answer the headers and the log line every response gets. Anything unusual goes the whole way through the
// pipeline.
import type { Bootstrap } from '../bootstrap/bootstrap';
import type { ResponseCache } from '../cache/response-cache';
import type { Cms } from '../types/cms';
import { handOnVariables, requestVariables } from '../request/state';
import { bodyLimit, declaredLength } from '../security/body-limit';
import { type CacheParams, createCacheLookup, developmentHit, type Outcome } from './cache-lookup';
import { recordStep } from './trace';
import type { PersistedDocumentStore } from '../cache/persisted-documents';
import { isEnforced, persistedAsk } from '../security/persisted-documents';
import { isDevelopment } from './yoga';

/**
 * What the fast path found: memory's answer (the stored body, as the media type asked for; what the cache did is in
 * the request's variables), or the request to send through the pipeline: its body unread, or read and its
 * parameters handed on with it (the request's `params`).
 */
export type FastHit = { response: Response } | { request: Request; miss?: FastMiss };

/**
 * A read memory does not hold, which the compiled path may answer (./compiled-miss): its parameters with the document
 * a hash stood for, and the media type to answer with. The lookup's miss (key, scope, viewer) is the request's `cache`.
 */
export interface FastMiss {
  params: CacheParams & { query: string };
  type: string;
}

/**
 * A cache hit as the pipeline answers it: the stored text (development adds `extensions.cache`), as `type`. What the
 * cache did is in the request's variables, for the finishing step's headers.
 */
export function hitResponse(outcome: Extract<Outcome, { status: 'HIT' }>, type: string, env: Env): Response {
  const body = isDevelopment(env) ? JSON.stringify(developmentHit(outcome)) : outcome.value;
  return new Response(body, { status: 200, headers: { 'Content-Type': `${type}; charset=utf-8` } });
}

/**
 * The media type Yoga would answer with for an `Accept` header (the first listed of the JSON types it serves), or
 * null for anything else (an event stream, multipart, GraphiQL's HTML), which the pipeline handles.
 */
function acceptedJsonType(accept: string | null): string | null {
  const first = (accept ?? '*/*').split(',')[0]!.split(';')[0]!.trim().toLowerCase();
  if (first === 'application/graphql-response+json') return first;
  return first === 'application/json' || first === '*/*' || first === 'application/*' || first === ''
    ? 'application/json'
    : null;
}

/**
 * The hash of a persisted query sent alone (`extensions` holding exactly a well-formed `persistedQuery`), or
 * undefined: anything else, malformed asks included, is the pipeline's to answer.
 */
function hashOnly(extensions: unknown): string | undefined {
  if (!extensions || typeof extensions !== 'object' || Object.keys(extensions).length !== 1) return undefined;
  try {
    return persistedAsk({ extensions })?.id;
  } catch {
    return undefined;
  }
}

/**
 * A POST body's GraphQL parameters: an object with a string `query`, or a persisted query's hash alone, and nothing
 * the fast path doesn't know.
 */
function paramsOf(body: unknown): CacheParams | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { query, operationName, variables, extensions, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return undefined;
  const byHash = query === undefined && extensions !== undefined && hashOnly(extensions) !== undefined;
  if (!byHash && (typeof query !== 'string' || extensions !== undefined)) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  const params = { operationName: operationName as string | null | undefined, variables: variables ?? undefined };
  return byHash ? { ...params, extensions } : { ...params, query: query as string };
}

const jsonOf = (raw: string | null): { value: unknown } | undefined => {
  try {
    return { value: raw ? JSON.parse(raw) : undefined };
  } catch {
    return undefined;
  }
};

/**
 * A GET's GraphQL parameters from its query string: a `query`, or a persisted query's hash alone in `extensions`;
 * undefined when they are malformed or carry other extensions.
 */
function searchParamsOf(url: URL): CacheParams | undefined {
  const query = url.searchParams.get('query');
  if (url.searchParams.has('documentId')) return undefined;
  const extensions = url.searchParams.has('extensions') ? jsonOf(url.searchParams.get('extensions')) : undefined;
  if (url.searchParams.has('extensions') && (query !== null || hashOnly(extensions?.value) === undefined))
    return undefined;
  if (query === null && !extensions) return undefined;
  const parsed = jsonOf(url.searchParams.get('variables'));
  if (!parsed) return undefined;
  const variables = parsed.value;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  const params = { operationName: url.searchParams.get('operationName'), variables: variables ?? undefined };
  return query === null ? { ...params, extensions: extensions!.value } : { ...params, query };
}

export interface FastHitParts {
  bootstrap: Bootstrap;
  cacheFor(env: Env): ResponseCache;
  persistedFor(env: Env): PersistedDocumentStore;
  /** False turns the fast path off (tests compare both paths). */
  enabled?: boolean;
}

/**
 * The fast path for memory hits, for a built CMS. It answers only when the isolate is bootstrapped, the request is a
 * plain GraphQL GET or JSON POST (a cross-origin one gets the CORS headers Yoga would give it: see the handler), its
 * body within the limit, its `Accept` a JSON type, and its response in this isolate's memory. (Plugins' middleware
 * and request events act on operations, so a hit meets none of them in the pipeline either.)
 * @example
 * const fast = createFastHits(cms, { bootstrap, cacheFor, persistedFor });
 * const outcome = await fast(request, new URL(request.url), env, ctx);
 * if ('response' in outcome) return finish(request, outcome.response, env, ctx, '/graphql');
 */
export function createFastHits(cms: Cms, { bootstrap, cacheFor, persistedFor, enabled: wanted = true }: FastHitParts) {
  const lookup = createCacheLookup(cms, cacheFor);
  const enabled = wanted && cms.cache.enabled;

  return async function fastHit(request: Request, url: URL, env: Env, ctx?: ExecutionContext): Promise<FastHit> {
    if (!enabled || !bootstrap.done) return { request };
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
      // A body of unknown length (chunked) or over the limit is the pipeline's to read, or refuse.
      if (!json || length === undefined || length > bodyLimit(request, cms.security)) return { request };
      const text = await request.text();
      try {
        params = paramsOf(JSON.parse(text));
      } catch {
        params = undefined;
      }
      // A body the fast path can't take is the pipeline's to read (and refuse): it gets a request with the same text.
      if (!params) {
        const onward = new Request(request.url, { method: 'POST', headers: request.headers, body: text });
        handOnVariables(request, onward);
        return { request: onward };
      }
      fromBody = true;
    }
    if (!params) return { request };
    const own = requestVariables(request);
    // A body read here is not read again: the pipeline takes its parameters as read (see the security step).
    if (fromBody) own.params = params;
    // A hash sent alone is looked up as the document it stands for (a trusted one, or one registered in this isolate
    // and checked against its hash then): the cache keys documents, so it finds what the whole document would.
    // Where only trusted documents run, a document sent whole is the pipeline's to refuse.
    const enforced = isEnforced(cms.persisted, isDevelopment(env));
    let document = params.query;
    if (document === undefined) {
      const id = hashOnly(params.extensions)!;
      document =
        cms.persisted.manifest.get(id) ??
        (cms.persisted.automatic && !enforced ? persistedFor(env).peek(id) : undefined);
      if (document === undefined) return { request };
    } else if (enforced) return { request };
    let outcome: Awaited<ReturnType<typeof lookup>>;
    try {
      outcome = await lookup(
        request,
        { ...params, query: document },
        { env, executionContext: ctx as ExecutionContext },
        { memoryOnly: true },
      );
    } catch {
      // The pipeline looks again and answers whatever went wrong the way it answers errors.
      return { request };
    }
    // A miss or a bypass: the pipeline's lookup takes it from here (the request's `cache`), looking in KV only.
    own.cache = outcome;
    if (outcome.status === 'MISS') return { request, miss: { params: { ...params, query: document }, type } };
    if (outcome.status !== 'HIT') return { request };
    // The log line names the operation from these: the document a hash stood for.
    own.params = { ...params, query: document };
    own.d1Statements = 0;
    recordStep(request, 'cache', started);
    return { response: hitResponse(outcome, type, env) };
  };
}
