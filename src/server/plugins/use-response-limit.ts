import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { fitsInBytes, tooLargeBody } from '../../security/response-size';

/** A result as Yoga's result processor takes it: with its own serialiser, or none (JSON.stringify). */
type Stringified = ExecutionResult & { stringify?: (result: ExecutionResult) => string };

/**
 * Bounds the size of one response: a result whose JSON is over `maxBytes` is answered with a BAD_USER_INPUT error
 * (`extensions.limit: 'responseBytes'`) and `data: null` instead. The check is made on the text Yoga writes (its
 * result's own `stringify`, or JSON.stringify), so nothing is serialised twice. The response cache keeps nothing
 * over the limit (it checks the text it stores).
 */
export function useResponseLimit(maxBytes: number): Plugin {
  const bounded = (result: Stringified): Stringified => {
    const stringify = result.stringify ?? JSON.stringify;
    return {
      ...result,
      stringify: (sanitised: ExecutionResult) => {
        const text = stringify(sanitised);
        return fitsInBytes(text, maxBytes) ? text : tooLargeBody(maxBytes);
      },
    };
  };
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map(bounded));
      else if (!(Symbol.asyncIterator in (result as object))) setResult(bounded(result as Stringified));
    },
  };
}
