import type { Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../../errors';
import { errorsOf } from '../../security/flags';

/**
 * Gives a code to the request errors graphql-js makes without one: variables that don't coerce to their declared
 * types (`Int cannot represent non-integer value: "x"`, a missing `String!`) and operations the schema can't run (a
 * subscription). They are the caller's mistake, so `BAD_USER_INPUT`, like the other refusals before execution.
 * A result without `data` is a request error: nothing ran. Parse and validation errors already carry Yoga's codes.
 */
export function useRequestErrorCodes(): Plugin {
  return {
    onResultProcess({ result }) {
      for (const one of Array.isArray(result) ? result : [result]) {
        if (typeof one !== 'object' || one === null || 'data' in one) continue;
        for (const error of errorsOf(one)) {
          if (typeof error.extensions?.code === 'string') continue;
          (error.extensions as Record<string, unknown>).code = 'BAD_USER_INPUT' satisfies ErrorCode;
        }
      }
    },
  };
}
