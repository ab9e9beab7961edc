import { eq, sql } from 'drizzle-orm';
import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import { runHooks } from '../hooks/run';
import type { Data, Item } from '../types/hooks';
import { runBatch } from './batch';
import { findUnique } from './find';

/**
 * Publishes an item: status PUBLISHED and publishedAt = `at` or now. A future `at` schedules it: the item is
 * PUBLISHED with a future publishedAt, and public readers see an item only when its status is PUBLISHED *and*
 * publishedAt <= now (enforced by the permissions layer), so nothing has to run at that time.
 */
export async function publishOne(
  ctx: Context,
  collection: Collection,
  args: { where: Data; at?: Date | null },
): Promise<Item> {
  return setPublication(ctx, collection, args.where, true, args.at ?? null);
}

/** Takes an item back to DRAFT and clears publishedAt. Runs the same publish hooks with `publish: false`. */
export async function unpublishOne(ctx: Context, collection: Collection, args: { where: Data }): Promise<Item> {
  return setPublication(ctx, collection, args.where, false, null);
}

async function setPublication(
  ctx: Context,
  collection: Collection,
  where: Data,
  publish: boolean,
  at: Date | null,
): Promise<Item> {
  const previous = await findUnique(ctx, collection, where, 'publish');
  await runHooks(ctx, collection, 'beforePublish', { item: previous, publish, at });
  const table = ctx.cms.tables[collection.names.list] as any;
  const now = new Date();
  const [rows] = await runBatch(ctx, [
    ctx.db
      .update(table)
      .set({
        status: publish ? 'PUBLISHED' : 'DRAFT',
        publishedAt: publish ? (at ?? now) : null,
        updatedAt: now,
        version: sql`${table.version} + 1`,
      })
      .where(eq(table.id, previous.id))
      .returning(),
  ]);
  const item = rows[0] as Item;
  await runHooks(ctx, collection, 'afterPublish', { item, publish });
  return item;
}
