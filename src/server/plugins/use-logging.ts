import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../../types/context';
import { setVar, varOf } from '../../request/state';
import { recordStep } from '../trace';

declare module '../../request/state' {
  interface RequestVariableMap {
    /** What the pipeline's logging step learnt of the request's operation, for its log line (see `finish`). */
    operation: OperationFacts;
  }
}

/** The operation a request ran through the pipeline, for its log line and the slow-operation log. */
interface OperationFacts {
  /**
   * When the pipeline's timed work began (`performance.now()`): after the bootstrap wait, which is the isolate's,
   * not the operation's.
   */
  startedAt: number;
  /** Unset for a response that ran no operation (a cache hit): the line names it from the parameters. */
  name?: string | null;
  type?: string;
  userId?: string;
}

/**
 * The logging step: notes what the log line needs that only the pipeline knows (when its work began, the operation
 * it ran, the signed-in caller) in the request's `operation`; the finishing step writes the line, the
 * `Server-Timing` header and the slow-operation event for every response alike.
 */
export function useLogging(): Plugin<Context> {
  return {
    onRequest({ request }) {
      const started = performance.now();
      setVar(request, 'operation', { startedAt: started });
      recordStep(request, 'logging', started);
    },
    onParams({ params, request }) {
      setVar(request, 'params', params);
    },
    onExecute({ args }) {
      const facts = varOf(args.contextValue.request, 'operation', () => ({ startedAt: performance.now() }));
      const operation = getOperationAST(args.document, args.operationName);
      facts.name = operation?.name?.value ?? args.operationName ?? null;
      facts.type = operation?.operation;
      // A query the pipeline executes is read by the resolvers (the compiled path answers before the pipeline).
      if (facts.type === 'query') setVar(args.contextValue.request, 'readPath', 'resolvers');
      const viewer = args.contextValue.viewer;
      if (viewer.kind !== 'anonymous') facts.userId = viewer.id;
    },
  };
}
