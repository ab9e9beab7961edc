import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import { badUserInput, forbidden, notFound } from '../errors';
import type { Item } from '../types/hooks';
import { allOf } from '../db/filters';
import type { Action } from '../permissions/rules';
import { toFilter, uniqueFilter } from '../query/where';
import type { Filter } from '../types/query';

/**
 * Bulk updates and deletes touch at most this many items: each item runs its hooks and the whole write is one D1
 * batch, which must stay well inside a Worker's time and D1's statement limits. Narrow the `where` to do more.
 */
export const MAX_BULK_MATCH = 1000;

const queryOf = (ctx: Context, collection: Collection) => (ctx.db.query as any)[collection.names.list];

/**
 * A `WhereUniqueInput` as a filter (BAD_USER_INPUT unless exactly one field is given). A private field the caller
 * can't read is refused: whether an item matches would tell its value.
 */
export function guardedUnique(ctx: Context, collection: Collection, where: Record<string, unknown>): Filter {
  const filter = uniqueFilter(collection, where);
  for (const key of Object.keys(filter)) {
    const field = collection.field.get(key);
    if (field) ctx.access.checkField(collection, field);
  }
  return filter;
}

/**
 * The item a write names, if the caller may do `action` to it: the action's scope (e.g. `own`) is part of the
 * query. An item outside the scope is FORBIDDEN when the caller can read it (it exists for them, they just may not
 * change it), NOT_FOUND when they can't, like an item that doesn't exist.
 */
export async function findUnique(
  ctx: Context,
  collection: Collection,
  where: Record<string, unknown>,
  action: Action,
): Promise<Item> {
  const rule = await ctx.access.require(collection, action);
  const filter = guardedUnique(ctx, collection, where);
  const scope = ctx.access.scopeFilter(rule);
  const item = await queryOf(ctx, collection).findFirst({ where: allOf(filter, scope) });
  if (item) return item as Item;
  if (scope) {
    const visible = await queryOf(ctx, collection).findFirst({
      columns: { id: true },
      where: allOf(filter, ctx.access.readable(collection)),
    });
    if (visible) throw forbidden(`You may ${action} only your own ${collection.names.list}`);
  }
  const [key, value] = Object.entries(filter)[0]!;
  throw notFound(`${collection.names.type} with ${key} "${String(value)}"`);
}

/**
 * Every item a `WhereInput` matches among those the caller may do `action` to (the scope is merged into the
 * query, so a bulk write never touches another's item), oldest id first; BAD_USER_INPUT above MAX_BULK_MATCH.
 */
export async function findMatching(
  ctx: Context,
  collection: Collection,
  where: Record<string, unknown>,
  action: Action,
): Promise<Item[]> {
  const rule = await ctx.access.require(collection, action);
  const items = (await queryOf(ctx, collection).findMany({
    where: allOf(toFilter(ctx.cms, collection, where, ctx.access), ctx.access.scopeFilter(rule)),
    orderBy: { id: 'asc' },
    limit: MAX_BULK_MATCH + 1,
  })) as Item[];
  if (items.length > MAX_BULK_MATCH)
    throw badUserInput(
      `${collection.names.updateMany} and ${collection.names.deleteMany} change at most ${MAX_BULK_MATCH} items at once; narrow the where`,
    );
  return items;
}
