import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { compiledReadMismatch } from '../../errors';
import { knownSnapshot, PluginStates } from '../../plugins/state';
import { getVar, setVar } from '../../request/state';
import type { Cms } from '../../types/cms';
import type { Context } from '../../types/context';
import type { ServerContext } from '../../types/server';
import { compiledMismatch } from '../compiled-compare';
import { compiledReadsMode, noteCompiledCheck } from '../compiled-mode';
import type { CompiledRunner, ReadParams } from '../compiled-run';

declare module '../../request/state' {
  interface RequestVariableMap {
    /** The parameters a compared operation runs with: after the persisted documents step made a hash its document. */
    compareParams: ReadParams;
  }
}

export interface UseCompiledCompareOptions {
  cms: Cms;
  runner: CompiledRunner;
  /** False: the compiled path is off for this handler (`compiledReads: false`); reads are noted `off`. */
  enabled: boolean;
}

/**
 * Compare mode (`COMPILED_READS=compare`, development only: the test suite), the differential test of compiled reads:
 * every query the pipeline executes for a cache miss, whose document the compiled path would take, is also read
 * compiled, before the resolvers run, for the same caller on the same data (on `COMPILED_COMPARE_DB`, the same database
 * under a binding nothing counts, so every test's statement counts stay the pipeline's). The resolvers answer as
 * always; their `data` must equal the compiled JSON byte for byte and their tags must all be among the compiled
 * path's, else the answer is a 500 saying what differed. It checks more than the compiled path answers (requests with
 * `Origin`, bodies of unknown length): the compiled read of a document does not depend on how it came. What it did is
 * the response's `X-Compiled` (see ../compiled-mode).
 */
export function useCompiledCompare({
  cms,
  runner,
  enabled,
}: UseCompiledCompareOptions): Plugin<Context, ServerContext> {
  const skip = (request: Request, check: 'fallback' | 'off') => void noteCompiledCheck(request, check);

  return {
    onParams({ params, request, context }) {
      const { env } = context as unknown as ServerContext;
      if (typeof params.query === 'string' && compiledReadsMode(env) === 'compare')
        setVar(request, 'compareParams', { ...params, query: params.query });
    },
    async onExecute({ args }) {
      const ctx = args.contextValue;
      const { request, env } = ctx;
      const params = getVar(request, 'compareParams');
      // Only a read the cache missed is one the compiled path would answer; the others (bypasses) are not counted.
      if (!params || compiledReadsMode(env) !== 'compare' || getVar(request, 'cache')?.status !== 'MISS') return;
      if (!enabled) return skip(request, 'off');
      const snapshot = knownSnapshot(request);
      if (runner.operational.some((name) => snapshot?.get(name)?.status === 'ACTIVE')) return skip(request, 'fallback');
      const document = runner.admissible(params);
      if (!document) return skip(request, 'fallback');
      // Nothing the pipeline reads and counts is read here first: the plugin states come from a read of their own.
      const db = env.COMPILED_COMPARE_DB ?? env.DB;
      const compiled = await runner.read(params, {
        cms: { ...cms, pluginStates: new PluginStates() },
        env: { ...env, DB: db },
        request: new Request(request.url),
        viewer: ctx.viewer,
        db,
      });
      if (!compiled) return skip(request, 'fallback');
      const tags = runner.tagsOf(compiled, document, params.operationName);
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in (result as object)) return;
          // The cache step's `onExecuteDone` ran first (its place in the pipeline): the tags it kept are known.
          const problem = compiledMismatch(result as ExecutionResult, compiled.data, tags, getVar(request, 'missTags'));
          if (!problem) return void noteCompiledCheck(request, 'compared');
          noteCompiledCheck(request, 'mismatch');
          const error = compiledReadMismatch(problem);
          console.error(
            JSON.stringify({ level: 'error', event: 'compiled_read_mismatch', at: new Date(), message: error.message }),
          );
          setResult({ errors: [error] });
        },
      };
    },
  };
}
