import { decodeBase64, decodeCursorChunk } from '@pothos/core';
import type { Collection } from '../types/collection';
import { badUserInput } from '../errors';
import { isNullable, NULL_FLAG } from './order';

// A cursor is `DC:` + the values of the row it names, one per key of the list's order (the id tie-break last), as
// @pothos/plugin-drizzle writes it. The planner compares the columns with whatever a cursor holds, and Drizzle encodes
// each value with its column (a date's `getTime()`): a crafted cursor with a string where a date goes would be a
// TypeError, a 500. So a cursor is checked against the order first: the client's mistake, BAD_USER_INPUT.

type Kind = 'string' | 'number' | 'boolean' | 'date';

const SYSTEM: Record<string, Kind> = {
  id: 'string',
  createdAt: 'date',
  updatedAt: 'date',
  publishedAt: 'date',
  status: 'string',
  version: 'number',
};
const BY_FILTER: Record<string, Kind> = {
  string: 'string',
  enum: 'string',
  int: 'number',
  float: 'number',
  boolean: 'boolean',
  datetime: 'date',
};

const fits: Record<Kind, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  boolean: (value) => typeof value === 'boolean',
  date: (value) => value instanceof Date && Number.isFinite(value.getTime()),
};

/** What a key of the order holds: a null flag a 0/1, a column its field's kind; undefined for an unknown key. */
function kindOf(collection: Collection, key: string): Kind | undefined {
  if (key.startsWith(NULL_FLAG)) return 'number';
  return SYSTEM[key] ?? BY_FILTER[collection.field.get(key)?.kind.filter ?? ''];
}

/** The values a cursor holds (as the planner reads it), or undefined when it is not a cursor at all. */
function decode(cursor: string): unknown[] | undefined {
  try {
    const decoded = decodeBase64(cursor);
    if (!decoded.startsWith('DC:')) return undefined;
    const value = decodeCursorChunk(decoded.slice(3));
    return Array.isArray(value) ? value : [value];
  } catch {
    return undefined;
  }
}

/**
 * Rejects an `after` or `before` that is not a cursor of this list in this order: not base64, not a cursor, more
 * values than the order has keys, or a value of the wrong type for its key (a string for a date, an object, a number
 * out of range). A cursor may hold fewer values (one issued before a key joined the order): the planner pages by them.
 * @example
 * checkCursors(posts, { after: 'garbage' }, { createdAt: 'desc' }); // throws BAD_USER_INPUT
 */
export function checkCursors(
  collection: Collection,
  args: { after?: string | null; before?: string | null },
  order: Record<string, 'asc' | 'desc'>,
): void {
  if (args.after == null && args.before == null) return;
  // The planner adds the id to break ties, unless the order has it already.
  const keys = 'id' in order ? Object.keys(order) : [...Object.keys(order), 'id'];
  for (const name of ['after', 'before'] as const) {
    const cursor = args[name];
    if (cursor == null) continue;
    const values = decode(cursor);
    // With a single key, the whole chunk is its value: a list there is no value.
    const single = keys.length === 1 && values !== undefined && values.length === 1 && !Array.isArray(values[0]);
    const valid =
      values !== undefined && values.length > 0 && values.length <= keys.length && (keys.length > 1 || single);
    const typed =
      valid &&
      values.every((value, i) => {
        const key = keys[i]!;
        if (value === null) return isNullable(collection, key) && !key.startsWith(NULL_FLAG);
        const kind = kindOf(collection, key);
        return kind !== undefined && fits[kind](value);
      });
    if (!typed) throw badUserInput(`${name} is not a cursor of this list`);
  }
}
