import { sql, type SQL } from 'drizzle-orm';
import type { Collection } from '../types/collection';
import { badUserInput } from '../errors';
import type { FilterGuard } from './where';

export type OrderBy = Array<Record<string, 'asc' | 'desc' | null | undefined>>;

/** The default order of a list: newest first. The id tie-break is appended by the connection planner. */
export const DEFAULT_ORDER = { createdAt: 'desc' } as const;

/** System fields that may hold no value; every other system field is NOT NULL. */
const NULLABLE_SYSTEM = new Set(['publishedAt']);

type Extra = (table: Record<string, unknown>) => SQL;

/** What a connection hands the planner to order by: columns and the expressions (extras) it orders by too. */
export interface OrderQuery {
  orderBy: Record<string, 'asc' | 'desc'>;
  extras: Record<string, Extra>;
}

/** `[{title: asc}, {createdAt: desc}]` → `{ title: 'asc', createdAt: 'desc' }` (object keys keep their order). */
export function toOrderBy(
  collection: Collection,
  orderBy: OrderBy | null | undefined,
  guard?: Pick<FilterGuard, 'checkField'>,
): Record<string, 'asc' | 'desc'> {
  if (!orderBy || orderBy.length === 0) return { ...DEFAULT_ORDER };
  const order: Record<string, 'asc' | 'desc'> = {};
  orderBy.forEach((entry, index) => {
    const keys = Object.entries(entry).filter(([, v]) => v != null);
    if (keys.length !== 1) throw badUserInput(`orderBy[${index}] must name exactly one field`);
    const [key, direction] = keys[0]!;
    if (key in order) throw badUserInput(`orderBy names ${key} twice`);
    // Ordering by a field the caller can't read would tell its values by the order.
    const field = collection.field.get(key);
    if (field) guard?.checkField(collection, field);
    order[key] = direction!;
  });
  return order;
}

/** The prefix of the order key that sorts a nullable column's rows with a value apart from those without. */
export const NULL_FLAG = '_hasValue_';

/** Whether a column of the order may hold no value. */
export const isNullable = (collection: Collection, key: string) => {
  if (NULLABLE_SYSTEM.has(key)) return true;
  const field = collection.field.get(key);
  return !!field && !('required' in field.def && field.def.required);
};

/**
 * The order of a connection. A nullable column is ordered by `(column IS NOT NULL)` first, then by itself: the
 * same order SQLite gives (nulls first ascending, last descending), but every key of a cursor is then comparable.
 * Keyset paging compares `column > cursorValue`, which is never true when either side is NULL, so without the flag
 * a page boundary at or across the null rows would drop them (or everything after them).
 */
export function orderQuery(
  collection: Collection,
  orderBy: OrderBy | null | undefined,
  guard?: Pick<FilterGuard, 'checkField'>,
): OrderQuery {
  const plain = toOrderBy(collection, orderBy, guard);
  const order: Record<string, 'asc' | 'desc'> = {};
  const extras: Record<string, Extra> = {};
  for (const [key, direction] of Object.entries(plain)) {
    if (isNullable(collection, key)) {
      const flag = `${NULL_FLAG}${key}`;
      extras[flag] = (table) => sql`(${table[key]} is not null)`;
      order[flag] = direction;
    }
    order[key] = direction;
  }
  return { orderBy: order, extras };
}
