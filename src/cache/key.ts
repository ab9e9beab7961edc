import { getVariableValues, type GraphQLSchema } from 'graphql';
import { sha256Hex } from '../security/hash';
import { BoundedMemo } from './bounded-memo';
import { describeDocument, operationToRun } from './documents';

/** Key inputs hashed so far: a repeated request, which is what a hit is, is spared the digest. */
const hashed = new BoundedMemo<string>(1000, 4 * 1024 * 1024);

/** Coerced variables nested deeper than this are not keyed (the request bypasses the cache). */
const MAX_DEPTH = 64;

class Unkeyable extends Error {}

/**
 * A coerced value as text, so that two values give the same text only when they are the same value: each kind starts
 * with its own character (`"` string, `[` list, `{` object, `D` date, a digit, `-`, `N` or `I` number, `t`/`f`/`n`
 * the literals), and strings and object keys are JSON-quoted. Objects keep their key order (coerced input objects
 * list their fields in the schema's order; a JSON scalar's order is the client's, which a resolver may see). A value
 * of any other kind (a scalar parsing to a class instance) is `Unkeyable`.
 */
function encode(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new Unkeyable();
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'object') {
    if (Array.isArray(value)) return `[${value.map((item) => encode(item, depth + 1)).join(',')}]`;
    if (value instanceof Date) return `D${value.getTime()}`;
    const prototype = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null)
      return `{${Object.entries(value)
        .map(([k, v]) => `${JSON.stringify(k)}:${encode(v, depth + 1)}`)
        .join(',')}}`;
  }
  throw new Unkeyable();
}

export interface KeyArgs {
  /** The schema the request runs against: its variables are coerced by their declared types. */
  schema: GraphQLSchema;
  query: string;
  operationName?: string | null;
  variables?: unknown;
  /** Whose entries the caller shares (see `cacheScope`). */
  scope: string;
}

/**
 * The cache key of a request: SHA-256 of the document exactly as sent, the operation name, the variables its
 * operation declares as GraphQL coerces them (defaults applied; undeclared ones, which GraphQL ignores, left out) and
 * the caller's visibility scope. Nothing is normalised: two requests share a key only when they are the same request
 * to GraphQL, so one caller's answer is never another's (a literal with two spaces is not one with one). `bypass` says
 * why a request has no key: it does not parse, names no operation it holds, or its variables do not coerce (GraphQL
 * answers the error, which is never cached).
 * @example
 * await responseCacheKey({ schema, query: 'query($n: Int) { posts(first: $n) { totalCount } }', variables: { n: 2 }, scope: 'anonymous' });
 */
export async function responseCacheKey({
  schema,
  query,
  operationName,
  variables,
  scope,
}: KeyArgs): Promise<{ key: string } | { bypass: string }> {
  const document = describeDocument(query);
  if (!document.parses) return { bypass: 'does not parse' };
  const operation = operationToRun(document, operationName);
  if (!operation) return { bypass: 'no operation to run' };
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables)))
    return { bypass: 'variables are not an object' };
  let keyed: string;
  try {
    const coerced = getVariableValues(schema, operation.variables, (variables ?? {}) as Record<string, unknown>, {
      maxErrors: 1,
    });
    if (coerced.errors) return { bypass: 'variables do not coerce' };
    keyed = encode(coerced.coerced, 0);
  } catch {
    // Too deep to coerce or to key, or a value the key can't hold apart: the pipeline answers it uncached.
    return { bypass: 'variables cannot be keyed' };
  }
  const input = JSON.stringify([query, operationName ?? null, keyed, scope]);
  return { key: hashed.get(input) ?? hashed.set(input, await sha256Hex(input)) };
}
