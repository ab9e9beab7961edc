import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../../errors';

/** The code Yoga gives a request it can't read (invalid JSON, a `query` that is not a string, …). */
const YOGA_REQUEST_CODE = 'BAD_REQUEST';

/** A request error in the contract's words: `BAD_USER_INPUT`, and no `originalError` outside development. */
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
      code: 'BAD_USER_INPUT' satisfies ErrorCode,
      http: { status: 400, ...status },
      ...(development && originalError ? { originalError } : {}),
    },
  });
}

/**
 * Request errors speak the API contract (`../shared/API.md`): Yoga's parsers and parameter checks answer a malformed
 * body (`{"query":`, `null`, `{"query": 5}`) with a 400 whose code is its own `BAD_REQUEST`, and with the JSON
 * parser's message as `extensions.originalError`. They keep their 400 and message, take the contract's
 * `BAD_USER_INPUT`, and show the parser's message in development only.
 * @example
 * plugins: [useRequestErrors({ development })]
 */
export function useRequestErrors({ development }: { development: boolean }): Plugin {
  const rewrite = (result: { errors?: readonly GraphQLError[] }) =>
    result.errors?.some((error) => error.extensions?.code === YOGA_REQUEST_CODE)
      ? {
          ...result,
          errors: result.errors.map((error) =>
            error.extensions?.code === YOGA_REQUEST_CODE ? contractError(error, development) : error,
          ),
        }
      : result;
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map(rewrite));
      else if (result && typeof result === 'object' && 'errors' in result)
        setResult(rewrite(result as { errors?: readonly GraphQLError[] }) as never);
    },
  };
}
