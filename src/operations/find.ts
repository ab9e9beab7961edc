import type { Collection } from '../config/collection';
import type { Context } from '../context';
import { badUserInput, notFound } from '../errors';
import type { Item } from '../hooks/types';
import { toFilter, uniqueFilter } from '../query/where';

/**
 * Bulk updates and deletes touch at most this many items: each item runs its hooks and the whole write is one D1
 * batch, which must stay well inside a Worker's time and D1's statement limits. Narrow the `where` to do more.
 */
export const MAX_BULK_MATCH = 1000;

const queryOf = (ctx: Context, collection: Collection) => (ctx.db.query as any)[collection.names.list];

/** The item a `WhereUniqueInput` names (BAD_USER_INPUT unless exactly one field is given), or NOT_FOUND. */
export async function findUnique(ctx: Context, collection: Collection, where: Record<string, unknown>): Promise<Item> {
  const filter = uniqueFilter(collection, where);
  const item = await queryOf(ctx, collection).findFirst({ where: filter });
  if (!item) {
    const [key, value] = Object.entries(filter)[0]!;
    throw notFound(`${collection.names.type} with ${key} "${String(value)}"`);
  }
  return item as Item;
}

/** Every item a `WhereInput` matches, oldest id first; BAD_USER_INPUT above MAX_BULK_MATCH. */
export async function findMatching(ctx: Context, collection: Collection, where: Record<string, unknown>): Promise<Item[]> {
  const items = (await queryOf(ctx, collection).findMany({
    where: toFilter(ctx.cms, collection, where),
    orderBy: { id: 'asc' },
    limit: MAX_BULK_MATCH + 1,
  })) as Item[];
  if (items.length > MAX_BULK_MATCH)
    throw badUserInput(`${collection.names.updateMany} and ${collection.names.deleteMany} change at most ${MAX_BULK_MATCH} items at once; narrow the where`);
  return items;
}
