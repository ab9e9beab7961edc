// Running a compiled read for a caller, shared by the compiled path (./compiled-miss) and compare mode
// (./plugins/use-compiled-compare): which reads it may take, the caller's `Access`, and the tags its answer is kept
// under, decided one way for both.
import type { DocumentNode } from 'graphql';
import { absenceTags } from '../cache/entities';
import { EVERYTHING } from '../cache/invalidation';
import type { CompiledRead, CompiledReads } from '../compiled/reads';
import { createDb } from '../db/client';
import { DEFAULT_PAGE_SIZE } from '../query/page';
import { fitsInBytes } from '../security/response-size';
import type { Viewer } from '../types/auth';
import type { Cms } from '../types/cms';
import { accessFor } from './access';
import type { CacheParams } from './cache-lookup';
import { createDocumentCheck } from './document-check';

/** A read's parameters, its document known (the one a hash stood for). */
export type ReadParams = CacheParams & { query: string };

/** Who a compiled read is for, and where it reads. */
export interface ReadContext {
  cms: Cms;
  env: Env;
  request: Request;
  viewer: Viewer;
  /** The binding its statements run on. */
  db: D1Database;
}

/**
 * The compiled reads of a CMS as both paths use them.
 * @example
 * const runner = createCompiledRunner(cms, createCompiledReads(cms));
 * const document = runner.admissible(params);
 * const read = document && (await runner.read(params, { cms, env, request, viewer, db: env.DB }));
 */
export function createCompiledRunner(cms: Cms, compiled: CompiledReads) {
  const check = createDocumentCheck(cms, cms.config.defaultPageSize ?? DEFAULT_PAGE_SIZE);
  const { maxResponseBytes } = cms.security.limits;
  /** Plugins whose middleware or request events act on operations: while one is active, reads go the pipeline's way. */
  const operational = cms.plugins
    .filter((p) => (p.envelop?.length ?? 0) > 0 || p.events?.requestStart || p.events?.requestEnd)
    .map((p) => p.name);

  return {
    operational,
    /**
     * The checked document when the compiler covers the read and the pipeline would run it without an error from its
     * checks (./document-check), else undefined.
     */
    admissible({ query, operationName, variables, extensions }: ReadParams): DocumentNode | undefined {
      let covered = false;
      try {
        covered = compiled.covers(query, operationName);
      } catch {
        covered = false;
      }
      return covered ? check(query, operationName, variables, extensions) : undefined;
    },
    /** The compiled read for a caller; undefined when the compiler gives it back, fails, or it is over the limit. */
    async read(params: ReadParams, context: ReadContext): Promise<CompiledRead | undefined> {
      const access = accessFor({ ...context, db: createDb(context.db, context.cms) });
      let result: CompiledRead | undefined;
      try {
        result = await compiled.run({
          query: params.query,
          operationName: params.operationName,
          variables: (params.variables ?? undefined) as Record<string, unknown> | undefined,
          access,
          db: context.db,
        });
      } catch {
        return undefined;
      }
      // `{"data":…}` over the response limit is the pipeline's to answer, with its error.
      return result && fitsInBytes(`{"data":${result.data}}`, maxResponseBytes) ? result : undefined;
    },
    /** The tags a compiled read is kept under: its own, a null root item's absence, and `cms:everything`. */
    tagsOf(result: CompiledRead, document: DocumentNode, operationName?: string | null): Set<string> {
      const tags = new Set(result.tags);
      const nulls = Object.fromEntries(result.nulls.map((key) => [key, null]));
      for (const tag of absenceTags(cms.schema, document, operationName, nulls)) tags.add(tag);
      return tags.add(EVERYTHING);
    },
  };
}

export type CompiledRunner = ReturnType<typeof createCompiledRunner>;
