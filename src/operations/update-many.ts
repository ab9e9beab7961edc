import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import type { Data } from '../types/hooks';
import { findMatching } from './find';
import { updateItems } from './update';

/** Updates every item the `where` matches (at most MAX_BULK_MATCH), all or nothing; returns how many. */
export async function updateMany(
  ctx: Context,
  collection: Collection,
  args: { where: Data; data: Data },
): Promise<{ count: number }> {
  const items = await findMatching(ctx, collection, args.where, 'update');
  if (items.length === 0) return { count: 0 };
  const updated = await updateItems(ctx, collection, items, args.data);
  return { count: updated.length };
}
