import type { GraphQLError } from 'graphql';

// Errors that are security events, flagged where they are made (a validation rule, a parser) and logged once they
// reach the response, where the request and the worker's env are at hand. A WeakMap, because Yoga caches parse and
// validation errors: the same error object met again is the same event again.
const flagged = new WeakMap<object, { event: string; detail: Record<string, unknown> }>();

/** Marks an error as a security event, e.g. `flag(error, 'csrf_blocked', { contentType })`; returns it. */
export function flag<E extends Error>(error: E, event: string, detail: Record<string, unknown> = {}): E {
  flagged.set(error, { event, detail });
  return error;
}

/** The security event an error was flagged with, if any. */
export const flagOf = (error: GraphQLError | Error) => flagged.get(error);

/** The errors of a result about to be sent: one result, a batch, or none for a stream. */
export const errorsOf = (result: object): readonly GraphQLError[] =>
  (Array.isArray(result) ? result : [result]).flatMap((one: { errors?: readonly GraphQLError[] }) => one.errors ?? []);
