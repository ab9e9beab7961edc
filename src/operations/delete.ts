import { inArray } from 'drizzle-orm';
import { foreignKey } from '../config/collection';
import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import { chunk } from '../db/chunk';
import { joinKey } from '../db/tables';
import { conflict } from '../errors';
import type { RelationOptions } from '../types/fields';
import { runHooks } from '../hooks/run';
import type { Data, Item } from '../types/hooks';
import { runBatch } from './batch';
import { findUnique } from './find';

/**
 * Deletes one item and returns it. `snapshot` reads the item as the caller wants it returned (e.g. with the fields a
 * GraphQL selection asks for) while it still exists.
 */
export async function deleteOne<T = Item>(
  ctx: Context,
  collection: Collection,
  args: { where: Data },
  snapshot?: (id: string) => Promise<T>,
): Promise<T | Item> {
  const item = await findUnique(ctx, collection, args.where, 'delete');
  let result: T | Item = item;
  await deleteItems(ctx, collection, [item], async () => {
    if (snapshot) result = await snapshot(item.id);
  });
  return result;
}

/**
 * Deletes items all or nothing: beforeDelete hooks, a CONFLICT while a required relation still points at one of
 * them, then the rows and their links in one batch, then afterDelete hooks.
 */
export async function deleteItems(
  ctx: Context,
  collection: Collection,
  items: Item[],
  beforeWrite?: () => Promise<void>,
) {
  for (const item of items) await runHooks(ctx, collection, 'beforeDelete', { item });
  const ids = items.map((i) => i.id);
  await refuseIfReferenced(ctx, collection, ids);
  await beforeWrite?.();
  const statements: any[] = [];
  // Links go explicitly, and optional references are cleared, whatever the connection's foreign_keys setting.
  for (const other of ctx.cms.collections) {
    for (const field of other.fields) {
      if (field.def.type !== 'relation' || (field.def as RelationOptions).to !== collection.names.type) continue;
      const table = ctx.cms.tables[other.names.list] as any;
      for (const part of chunk(ids)) {
        if (field.def.many) {
          const join = ctx.cms.tables[joinKey(other, field.name)] as any;
          statements.push(ctx.db.delete(join).where(inArray(join.targetId, part)));
        } else if (!field.def.required) {
          const key = foreignKey(field);
          statements.push(
            ctx.db
              .update(table)
              .set({ [key]: null })
              .where(inArray(table[key], part)),
          );
        }
      }
    }
  }
  const table = ctx.cms.tables[collection.names.list] as any;
  for (const part of chunk(ids)) {
    for (const name of collection.joinTables.keys()) {
      const join = ctx.cms.tables[joinKey(collection, name)] as any;
      statements.push(ctx.db.delete(join).where(inArray(join.sourceId, part)));
    }
    statements.push(ctx.db.delete(table).where(inArray(table.id, part)));
  }
  await runBatch(ctx, statements);
  for (const item of items) await runHooks(ctx, collection, 'afterDelete', { item });
}

/** Items a required to-one relation points at can't go (the foreign key restricts it): say which ones hold on. */
async function refuseIfReferenced(ctx: Context, collection: Collection, ids: string[]) {
  for (const other of ctx.cms.collections) {
    for (const field of other.fields) {
      const def = field.def as RelationOptions;
      if (field.def.type !== 'relation' || def.many || !def.required || def.to !== collection.names.type) continue;
      const table = ctx.cms.tables[other.names.list] as any;
      const key = foreignKey(field);
      for (const part of chunk(ids)) {
        const rows = await ctx.db.select({ id: table.id }).from(table).where(inArray(table[key], part)).limit(1);
        if (rows.length)
          throw conflict(
            `The ${collection.names.type} is still the ${field.name} of a ${other.names.type}; change or delete that first`,
          );
      }
    }
  }
}
