import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../../errors';

/** The code Yoga gives a request it can't read (invalid JSON, a `query` that is not a string, …). */
const YOGA_REQUEST_CODE = 'BAD_REQUEST';
const CALLER_MISTAKE: ErrorCode = 'BAD_USER_INPUT';

/** A request Yoga couldn't read, in the contract's words: `BAD_USER_INPUT`, no `originalError` outside development. */
function contractError(error: GraphQLError, development: boolean): GraphQLError {
  const { originalError, http, ...extensions } = error.extensions as {
    originalError?: unknown;
    http?: { spec?: boolean };
  };
  // Yoga marks some as `spec` errors, which it answers with a 200 for `application/json`: a body that can't be read
  // is a 400 whatever the client accepts (GraphQL over HTTP: "SHOULD use 400 … on JSON parsing failure").
  const { spec: _spec, ...status } = http ?? {};
  return new GraphQLError(error.message, {
    extensions: {
      ...extensions,
      code: CALLER_MISTAKE,
      http: { status: 400, ...status },
      ...(development && originalError ? { originalError } : {}),
    },
  });
}

type Result = { data?: unknown; errors?: readonly GraphQLError[] };

/**
 * Request errors speak the API contract (`../shared/API.md`), in one pass over each result:
 * - a body Yoga can't read (`{"query":`, `null`, `{"query": 5}`) is answered by Yoga with its own code
 *   `BAD_REQUEST` and the JSON parser's message as `extensions.originalError`: it keeps its 400 and message, takes
 *   `BAD_USER_INPUT`, and shows the parser's message in development only;
 * - errors graphql-js makes without a code before anything runs (variables that don't coerce to their declared types,
 *   an operation the schema can't run, such as a subscription) get `BAD_USER_INPUT`: a result without `data` ran
 *   nothing, so they are the caller's mistake. Parse and validation errors already carry Yoga's codes.
 * @example
 * plugins: [useRequestErrors({ development })]
 */
export function useRequestErrors({ development }: { development: boolean }): Plugin {
  const rewrite = (result: Result): Result => {
    if (!result.errors?.length) return result;
    const ranNothing = !('data' in result);
    let rewritten = false;
    const errors = result.errors.map((error) => {
      const code = error.extensions?.code;
      if (code === YOGA_REQUEST_CODE) {
        rewritten = true;
        return contractError(error, development);
      }
      if (ranNothing && typeof code !== 'string') (error.extensions as Record<string, unknown>).code = CALLER_MISTAKE;
      return error;
    });
    return rewritten ? { ...result, errors } : result;
  };
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map(rewrite));
      else if (result && typeof result === 'object' && 'errors' in result)
        setResult(rewrite(result as Result) as never);
    },
  };
}
