/**
 * D1 binds at most 100 parameters per statement; lists in `IN (...)` are cut into chunks of this size, leaving room
 * for the statement's other parameters.
 */
export const MAX_IN = 90;

/** D1's limit of bound parameters in one statement. */
export const MAX_PARAMS = 100;

/** Splits a list into chunks of at most `size` items. */
export function chunk<T>(items: readonly T[], size = MAX_IN): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** A key that compares the values a column returns with the values an input gives (dates by their time). */
export const valueKey = (value: unknown) =>
  value instanceof Date ? `d:${value.getTime()}` : `${typeof value}:${String(value)}`;
