import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import { runHooks } from '../hooks/run';
import type { Data, Item } from '../types/hooks';
import type { Path } from '../validation/input';
import { runBatch } from './batch';
import { newId } from './id';
import { linkStatements } from './links';
import { prepareWrite } from './prepare';

/**
 * Creates one item: beforeCreate hooks (their output is what gets validated), validation, then the row and its links
 * in one batch, then afterCreate hooks. New items are DRAFT at version 1.
 */
export async function createOne(ctx: Context, collection: Collection, args: { data: Data }): Promise<Item> {
  const [item] = await createItems(ctx, collection, [args.data], () => ['data']);
  return item!;
}

/**
 * Creates items all or nothing: every row and link goes in one batch, after every item passed its checks. The
 * caller needs the `create` right; the items are theirs (`created_by`), which is what an `own` scope checks.
 */
export async function createItems(
  ctx: Context,
  collection: Collection,
  data: Data[],
  pathOf: (index: number) => Path,
): Promise<Item[]> {
  await ctx.access.require(collection, 'create');
  const pending = [];
  for (const [index, given] of data.entries()) {
    const hooked = await runHooks(ctx, collection, 'beforeCreate', { data: { ...given } }, 'data');
    pending.push({ id: newId(), data: hooked ?? {}, path: pathOf(index) });
  }
  const inputs = await prepareWrite(ctx, collection, pending, 'create');
  const table = ctx.cms.tables[collection.names.list] as any;
  const now = new Date();
  const statements: any[] = [];
  const rowAt: number[] = [];
  for (const input of inputs) {
    rowAt.push(statements.length);
    const system = {
      id: input.id,
      createdAt: now,
      updatedAt: now,
      status: 'DRAFT',
      publishedAt: null,
      version: 1,
      createdBy: ctx.access.ownerId,
    };
    statements.push(
      ctx.db
        .insert(table)
        .values({ ...input.values, ...system })
        .returning(),
    );
    statements.push(...linkStatements(ctx, collection, input, 'create'));
  }
  const results = await runBatch(ctx, statements);
  const items = rowAt.map((at) => results[at][0] as Item);
  for (const item of items) await runHooks(ctx, collection, 'afterCreate', { item });
  return items;
}
