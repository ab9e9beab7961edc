import type { Model } from '../types/cms';
import type { GraphQLError } from 'graphql';
import { badUserInput, conflict, isCmsError } from '../errors';

/** The messages of an error and its causes: Drizzle wraps D1's error, whose text names the constraint. */
function messages(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error) parts.push(e.message);
  }
  return parts.join('\n');
}

const UNIQUE = /UNIQUE constraint failed: ([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)/;

/**
 * Turns a constraint error from a write into a CONFLICT naming the field, without SQL text. Writes are pre-checked,
 * so this only catches races (two writers between our check and our batch). Anything else is returned unchanged, for
 * Yoga to mask.
 * @example
 * try { await ctx.db.batch(statements) } catch (e) { throw constraintError(e, model, ['data']) }
 */
export function constraintError(error: unknown, model: Model, path: (string | number)[] = ['data']): unknown {
  if (isCmsError(error)) return error;
  const text = messages(error);
  const unique = UNIQUE.exec(text);
  if (unique) {
    const [, table, column] = unique;
    const collection = model.collections.find((c) => c.names.table === table);
    const field = collection?.fields.find((f) => f.column === column);
    if (collection && field) {
      return conflict(`Another ${collection.names.type} already has this ${field.name}`, [
        { path: [...path, field.name], code: 'UNIQUE', message: `is already used by another ${collection.names.type}` },
      ]);
    }
    return conflict('The write conflicts with an existing item');
  }
  if (text.includes('FOREIGN KEY constraint failed')) {
    return conflict('The write conflicts with related items (an item is still referenced, or a related item is gone)');
  }
  return error;
}

// Limits D1 puts on one statement that a legal filter can reach: bound parameters (100) and expression depth (100).
const STATEMENT_LIMIT = /too many SQL variables|Expression tree is too large/;

/**
 * The client's error for a read whose filters are too large for one D1 statement (after lists are bound as one
 * parameter each), or undefined for any other error.
 * @example
 * statementLimitError(error); // BAD_USER_INPUT "The filters are too large for one query…"
 */
export function statementLimitError(error: unknown): GraphQLError | undefined {
  if (!STATEMENT_LIMIT.test(messages(error))) return undefined;
  return badUserInput('The filters are too large for one query: use `in` lists, or fewer conditions', {
    limit: 'statement',
  });
}
