import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { absenceTags, collectTags, takeTags } from '../../cache/entities';
import { EVERYTHING, takeChanges } from '../../cache/invalidation';
import type { ResponseCache } from '../../cache/response-cache';
import type { Cms } from '../../types/cms';
import type { Context } from '../../types/context';
import { emitPluginEvent } from '../../plugins/events';
import { createCacheLookup, developmentHit } from '../cache-lookup';
import { getVar, setVar } from '../../request/state';
import { createMissStore } from '../miss-store';
import { recordStep } from '../trace';
import type { ServerContext } from '../../types/server';

declare module '../../request/state' {
  interface RequestVariableMap {
    /** The tags of a miss the resolvers answered (all of them: items, types, lists, absences, `cms:everything`). */
    missTags: Set<string>;
  }
}

export interface UseResponseCacheOptions {
  cms: Cms;
  /** The isolate's cache for an environment (made on first use: it needs the KV binding). */
  cacheFor(env: Env): ResponseCache;
  /** Adds `extensions.cache` (status, namespace, TTL, tags) to responses. */
  development?: boolean;
}

/**
 * The response cache: before a query is parsed, its key (the document as sent, operation name, variables, the caller's
 * scope) is looked up in memory, then KV; a hit answers at once. A miss runs the query noting every entity it resolves
 * (see `tagEntities`) and keeps the response tagged with them (`Post:42`, `Post`, `PostConnection`). Mutations,
 * introspection, responses with errors and responses over `cache.maxEntryBytes` (or the response limit) are never
 * kept; each write invalidates the tags of what it changed. What it did (the request's `cache`) is what the finishing
 * step's `X-Cache-Status`, `X-Cache-Source` and `X-Cache-TTL` say.
 */
export function useResponseCache({
  cms,
  cacheFor,
  development = false,
}: UseResponseCacheOptions): Plugin<Context, ServerContext> {
  const lookup = createCacheLookup(cms, cacheFor);
  const store = createMissStore(cms);

  return {
    async onParams({ params, request, setResult, context }) {
      const started = performance.now();
      const server = context as unknown as ServerContext;
      const outcome = await lookup(request, params, server);
      setVar(request, 'cache', outcome);
      if (outcome.status === 'HIT') {
        const { value } = outcome;
        // A hit is sent as stored: Yoga writes the response with the result's own `stringify`, so the stored JSON is
        // neither parsed nor written again (it is exactly what Yoga would write for `{ data }`). Development adds
        // `extensions.cache`, which needs the parsed result.
        setResult(development ? developmentHit(outcome) : ({ stringify: () => value } as unknown as ExecutionResult));
      }
      recordStep(request, 'cache', started);
    },
    onExecute({ args }) {
      const ctx = args.contextValue;
      const outcome = getVar(ctx.request, 'cache');
      const miss = outcome?.status === 'MISS' ? outcome : undefined;
      if (miss) collectTags(ctx);
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
              setResult({
                ...single,
                extensions: { ...single.extensions, cache: { status: 'BYPASS', reason: outcome.reason } },
              });
            return;
          }
          const tags = takeTags(ctx).add(EVERYTHING);
          let text: string | undefined;
          if (!single.errors?.length && single.data) {
            for (const tag of absenceTags(args.schema, args.document, args.operationName, single.data)) tags.add(tag);
            const data = single.data;
            text = store.keep(
              cache,
              miss,
              tags,
              () => JSON.stringify({ data }),
              (work) => ctx.waitUntil(work),
            ).text;
          }
          // What the resolvers' answer was tagged with, for the compiled path's compare mode (./compiled-compare).
          setVar(ctx.request, 'missTags', tags);
          const extension = () => store.extension(miss, tags);
          if (text !== undefined && !single.extensions) {
            // The response is the stored text (what Yoga would write for `{ data }`), not a second stringify of it.
            const body = development
              ? `${text.slice(0, -1)},"extensions":${JSON.stringify({ cache: extension() })}}`
              : text;
            setResult({ data: single.data, stringify: () => body } as unknown as ExecutionResult);
          } else if (development) setResult({ ...single, extensions: { ...single.extensions, cache: extension() } });
        },
      };
    },
  };
}
