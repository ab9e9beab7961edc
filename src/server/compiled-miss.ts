// A read memory does not hold, answered before Yoga by compiled SQL (src/compiled): after the fast path's memory miss,
// the same lookup looks in KV, then the compiled read runs for the caller's `Access` on the primary and its JSON is
// spliced into the response, kept in the cache as the pipeline keeps a miss (./miss-store). It answers only where the
// pipeline would answer the same without an error and nothing of the pipeline would act on the request: anything else
// (a document over a limit, a plugin acting on operations, a read the compiler gives back, a failure) goes through
// the pipeline, as if this path did not exist. In compare mode it answers nothing: the pipeline answers and checks
// (./plugins/use-compiled-compare). The finishing step writes the headers and the log line.
import { getOperationAST } from 'graphql';
import type { ResponseCache } from '../cache/response-cache';
import { isActive } from '../plugins/state';
import { requestVariables } from '../request/state';
import type { Cms } from '../types/cms';
import { createCacheLookup, type Outcome } from './cache-lookup';
import { compiledReadsMode } from './compiled-mode';
import type { CompiledRunner } from './compiled-run';
import type { RequestSessions } from './d1-session';
import { type FastMiss, hitResponse } from './fast-hit';
import { createMissStore } from './miss-store';
import { recordStep } from './trace';
import { isDevelopment } from './yoga';

export interface CompiledMissParts {
  cacheFor(env: Env): ResponseCache;
  runner: CompiledRunner;
  /** False turns the compiled path off (`createHandler(cms, { compiledReads: false })`). */
  enabled?: boolean;
}

/** The request's D1 bindings as the handler made them: counted, over the request's sessions. */
export interface MissBindings {
  /** `env.DB` for the request (the primary). */
  DB: D1Database;
  /** The content reads' binding: a cache-filling miss reads the primary (see ./d1-session). */
  reads: D1Database;
  sessions: RequestSessions;
}

/**
 * The compiled path for a built CMS: the response to a read memory did not hold (from KV, else compiled), or undefined
 * for the pipeline to answer.
 * @example
 * const compiledMiss = createCompiledMisses(cms, { cacheFor, runner });
 * const answer = await compiledMiss(request, fast.miss, env, { DB, reads, sessions }, ctx);
 */
export function createCompiledMisses(cms: Cms, { cacheFor, runner, enabled = true }: CompiledMissParts) {
  const lookup = createCacheLookup(cms, cacheFor);
  const store = createMissStore(cms);

  /** Whether a plugin that acts on operations is active for the request (its snapshot, read on the primary). */
  async function pluginsAct(request: Request, env: Env, DB: D1Database): Promise<boolean> {
    if (runner.operational.length === 0) return false;
    const ctx = { cms, env: { ...env, DB }, request };
    for (const name of runner.operational) if (await isActive(ctx, name)) return true;
    return false;
  }

  return async function compiledMiss(
    request: Request,
    fast: FastMiss,
    env: Env,
    { DB, reads, sessions }: MissBindings,
    ctx?: ExecutionContext,
  ): Promise<Response | undefined> {
    const own = requestVariables(request);
    if (!enabled || own.cache?.status !== 'MISS' || compiledReadsMode(env) !== 'on') return undefined;
    const { params } = fast;
    const document = runner.admissible(params);
    if (!document || (await pluginsAct(request, env, DB))) return undefined;
    const started = performance.now();
    let found: Outcome;
    try {
      found = await lookup(request, params, { env, executionContext: ctx as ExecutionContext });
    } catch {
      return undefined; // the pipeline looks again and answers whatever went wrong
    }
    const looked = performance.now();
    if (found.status === 'HIT') {
      own.cache = found;
      own.params = params;
      recordStep(request, 'cache', started, looked);
      return hitResponse(found, fast.type, env);
    }
    if (found.status !== 'MISS') return undefined;
    // The read goes where the pipeline's would: a miss that fills the cache reads the primary's session.
    sessions.begin('query');
    const { viewer } = found;
    const result = await runner.read(params, { cms, env: { ...env, DB }, request, viewer, db: reads });
    if (!result) return undefined;
    const tags = runner.tagsOf(result, document, params.operationName);
    const waitUntil = (work: Promise<unknown>) => ctx?.waitUntil(work);
    // The data's JSON spliced into the answer as text: no parse, no stringify of it.
    const answered = () => `{"data":${result.data}}`;
    const text = store.keep(cacheFor(env), found, tags, answered, waitUntil).text ?? answered();
    // Development shows what the cache did, as the pipeline's cache step does.
    const body = isDevelopment(env)
      ? `${text.slice(0, -1)},"extensions":${JSON.stringify({ cache: store.extension(found, tags) })}}`
      : text;
    // What the log line and Server-Timing say: the operation (of the document a hash stood for), who, which path.
    own.params = params;
    own.readPath = 'compiled';
    own.operation = {
      startedAt: own.startedAt ?? started,
      name: getOperationAST(document, params.operationName)?.name?.value ?? params.operationName ?? null,
      type: 'query',
      ...(viewer.kind === 'anonymous' ? {} : { userId: viewer.id }),
    };
    recordStep(request, 'cache', started, looked);
    return new Response(body, { status: 200, headers: { 'Content-Type': `${fast.type}; charset=utf-8` } });
  };
}
