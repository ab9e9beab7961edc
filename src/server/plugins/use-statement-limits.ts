import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { statementLimitError } from '../../db/errors';

/**
 * Answers a read that D1 refused for the size of its statement (too many bound values, an expression nested too
 * deep: filters with hundreds of conditions) with BAD_USER_INPUT at the field's path, instead of a masked 500.
 */
export function useStatementLimits(): Plugin {
  const translate = (error: GraphQLError) => {
    const refusal =
      error.originalError && !(error.originalError instanceof GraphQLError) && statementLimitError(error.originalError);
    if (!refusal) return error;
    return new GraphQLError(refusal.message, { nodes: error.nodes, path: error.path, extensions: refusal.extensions });
  };
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in (result as object)) return;
          const single = result as ExecutionResult;
          if (single.errors?.some((e) => e.originalError))
            setResult({ ...single, errors: single.errors.map(translate) });
        },
      };
    },
  };
}
