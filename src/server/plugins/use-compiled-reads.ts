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
import { noteTags, peekTags } from '../../cache/entities';
import { compiledReadMismatch } from '../../errors';
import type { Context } from '../../types/context';
import { setVar } from '../../request/state';
import type { CompiledMode } from '../compiled-mode';
import { recordStep } from '../trace';

/** The operation with only some of its root fields, for the resolvers to run the ones the compiler left. */
function withRootFields(document: DocumentNode, operation: OperationDefinitionNode, fields: FieldNode[]): DocumentNode {
  const narrowed: OperationDefinitionNode = {
    ...operation,
    selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
  };
  return { ...document, definitions: document.definitions.map((d) => (d === operation ? narrowed : d)) };
}

/** Where two texts first differ, with a little of each around it. */
function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && expected[i] === actual[i]) i++;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, i - 40), i + 40));
  return `at character ${i}: the resolvers wrote ${around(expected)}, the compiled read ${around(actual)}`;
}

/**
 * Compare mode: the resolvers answer; the compiled read of the same document, run first on the same data (on the
 * request's uncounted binding, so statement counts stay the resolvers'), must equal their JSON byte for byte for each
 * root field it compiled, and its tags must hold every tag they collected (a missing tag would leave a stale entry).
 * A difference is the answer instead: an INTERNAL_SERVER_ERROR saying what differed.
 */
async function compare(
  compiled: CompiledReads,
  execution: ExecutionArgs,
  execute: (args: ExecutionArgs) => Promise<ExecutionResult>,
): Promise<ExecutionResult> {
  const ctx = execution.contextValue as Context;
  const roots = await compiled.runDocument({
    document: execution.document,
    operationName: execution.operationName,
    variables: (execution.variableValues ?? {}) as Record<string, unknown>,
    access: ctx.access,
    // The same database under a binding nothing counts (test-only), so the tests' statement counts stay the resolvers'.
    db: ctx.env.COMPILED_COMPARE_DB ?? (ctx.db as unknown as { $client: D1Database }).$client,
  });
  const result = await execute(execution);
  if (!roots) return result;
  const problems: string[] = [];
  const failed = new Set((result.errors ?? []).map((error) => String(error.path?.[0])));
  for (const field of roots.fields) {
    if (!('json' in field)) continue;
    if (failed.has(field.key) || !result.data) {
      problems.push(`${field.key}: the resolvers failed where the compiled read answered`);
      continue;
    }
    const expected = JSON.stringify(result.data[field.key]);
    if (expected !== field.json) problems.push(`${field.key} ${firstDifference(expected, field.json)}`);
  }
  const collected = peekTags(ctx);
  if (collected && roots.fields.every((field) => 'json' in field)) {
    const missing = [...collected].filter((tag) => !roots.tags.has(tag));
    if (missing.length) problems.push(`tags missing: ${missing.slice(0, 10).join(', ')}`);
  }
  return problems.length ? { errors: [compiledReadMismatch(problems.join('; '))] } : result;
}

/**
 * Compiled reads in the pipeline: a query's root fields the compiler covers are answered by one statement that
 * produces their JSON (see src/compiled/); the others run through the resolvers, as every field did before, and the
 * two are put together in the document's order. Anything the compiled path refuses (a rule, an argument, a value
 * SQLite can't write as GraphQL would) is answered wholly by the resolvers, errors included. Before the CMS plugins'
 * middleware, so a plugin wrapping execution wraps this too.
 */
export function useCompiledReads(compiled: CompiledReads, modeOf: (env: Env) => CompiledMode): Plugin<Context> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const ctx = args.contextValue;
      const mode = modeOf(ctx.env);
      if (mode === 'off') return;
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'query') return;
      const execute = executeFn as (args: ExecutionArgs) => Promise<ExecutionResult>;
      if (mode === 'compare') {
        setExecuteFn(((execution: ExecutionArgs) => compare(compiled, execution, execute)) as never);
        return;
      }
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
