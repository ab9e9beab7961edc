import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import type { Data } from '../types/hooks';
import { deleteItems } from './delete';
import { findMatching } from './find';

/** Deletes every item the `where` matches (at most MAX_BULK_MATCH), all or nothing; returns how many. */
export async function deleteMany(
  ctx: Context,
  collection: Collection,
  args: { where: Data },
): Promise<{ count: number }> {
  const items = await findMatching(ctx, collection, args.where, 'delete');
  if (items.length === 0) return { count: 0 };
  await deleteItems(ctx, collection, items);
  return { count: items.length };
}
