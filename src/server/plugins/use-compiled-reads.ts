import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CompiledReads } from '../../compiled/reads';
import { noteTags } from '../../cache/entities';
import type { Context } from '../../types/context';
import { setVar } from '../../request/state';
import { recordStep } from '../trace';

declare module '../../request/state' {
  interface RequestVariableMap {
    /**
     * How a read's fields were answered: `compiled` (one statement producing the JSON), `partial` (some root fields
     * compiled, the others by the resolvers), or `resolvers`.
     */
    readPath: 'compiled' | 'partial' | 'resolvers';
  }
}

/** The operation with only some of its root fields, for the resolvers to run the ones the compiler left. */
function withRootFields(document: DocumentNode, operation: OperationDefinitionNode, fields: FieldNode[]): DocumentNode {
  const narrowed: OperationDefinitionNode = {
    ...operation,
    selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
  };
  return { ...document, definitions: document.definitions.map((d) => (d === operation ? narrowed : d)) };
}

/**
 * Compiled reads in the pipeline: a query's root fields the compiler covers are answered by one statement that
 * produces their JSON (see src/compiled/); the others run through the resolvers, as every field did before, and the
 * two are put together in the document's order. Anything the compiled path refuses (a rule, an argument, a value
 * SQLite can't write as GraphQL would) is answered wholly by the resolvers, errors included. Before the CMS plugins'
 * middleware, so a plugin wrapping execution wraps this too.
 */
export function useCompiledReads(compiled: CompiledReads, enabled: (env: Env) => boolean): Plugin<Context> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const ctx = args.contextValue;
      if (!enabled(ctx.env)) return;
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'query') return;
      setExecuteFn((async (execution: ExecutionArgs): Promise<ExecutionResult> => {
        const started = performance.now();
        const roots = await compiled.runDocument({
          document: execution.document,
          operationName: execution.operationName,
          variables: (execution.variableValues ?? {}) as Record<string, unknown>,
          access: ctx.access,
          db: (ctx.db as unknown as { $client: D1Database }).$client,
        });
        if (!roots) {
          setVar(ctx.request, 'readPath', 'resolvers');
          return executeFn(execution) as Promise<ExecutionResult>;
        }
        recordStep(ctx.request, 'compiled', started);
        noteTags(ctx, roots.tags);
        const left = roots.fields.flatMap((field) => ('nodes' in field ? field.nodes : []));
        let rest: ExecutionResult | undefined;
        if (left.length) {
          rest = (await executeFn({
            ...execution,
            document: withRootFields(execution.document, operation, left),
          })) as ExecutionResult;
          // A non-null root field that failed nulls the whole response.
          if (!rest.data) return rest;
        }
        setVar(ctx.request, 'readPath', left.length ? 'partial' : 'compiled');
        const data: Record<string, unknown> = {};
        for (const field of roots.fields)
          data[field.key] = 'json' in field ? JSON.parse(field.json) : rest!.data![field.key];
        return rest?.errors ? { errors: rest.errors, data } : { data };
      }) as never);
    },
  };
}
