import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import { badUserInput } from '../errors';
import type { Data, Item } from '../types/hooks';
import { createItems } from './create';

/**
 * At most this many items per bulk create: they are written in one D1 batch (one insert per item plus its links),
 * which keeps the batch inside D1's statement limits. Send larger imports in several requests.
 */
export const MAX_BULK_CREATE = 100;

/** Creates several items, all or nothing; field errors are addressed `['data', index, field]`. */
export async function createMany(ctx: Context, collection: Collection, args: { data: Data[] }): Promise<Item[]> {
  if (args.data.length > MAX_BULK_CREATE)
    throw badUserInput(`${collection.names.createMany} takes at most ${MAX_BULK_CREATE} items at once`);
  // Even an empty list needs the right: the answer must not depend on what is sent.
  await ctx.access.require(collection, 'create');
  if (args.data.length === 0) return [];
  return createItems(ctx, collection, args.data, (index) => ['data', index]);
}
