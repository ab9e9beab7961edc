import { inArray, sql } from 'drizzle-orm';
import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import { chunk, MAX_IN, MAX_PARAMS } from '../db/chunk';
import { runHooks } from '../hooks/run';
import type { Data, Item } from '../types/hooks';
import { runBatch } from './batch';
import { findUnique } from './find';
import { linkStatements } from './links';
import { prepareWrite } from './prepare';

/** Updates one item: only the fields given change; `null` clears an optional field. The version goes up by one. */
export async function updateOne(
  ctx: Context,
  collection: Collection,
  args: { where: Data; data: Data },
): Promise<Item> {
  const previous = await findUnique(ctx, collection, args.where, 'update');
  const [item] = await updateItems(ctx, collection, [previous], args.data);
  return item!;
}

/**
 * Applies one `data` to items, all or nothing. beforeUpdate hooks run per item and may change that item's data, so
 * items are grouped by the values they end up with: without such hooks a bulk update is one UPDATE per 90 ids.
 */
export async function updateItems(ctx: Context, collection: Collection, previous: Item[], data: Data): Promise<Item[]> {
  const pending = [];
  for (const item of previous) {
    const hooked = await runHooks(ctx, collection, 'beforeUpdate', { data: { ...data }, previous: item }, 'data');
    pending.push({ id: item.id, data: hooked ?? {}, path: ['data'] });
  }
  const inputs = await prepareWrite(ctx, collection, pending, 'update');
  const table = ctx.cms.tables[collection.names.list] as any;
  const now = new Date();
  const groups = new Map<string, { values: Record<string, unknown>; ids: string[] }>();
  for (const input of inputs) {
    const key = JSON.stringify(input.values);
    const group = groups.get(key) ?? { values: input.values, ids: [] };
    group.ids.push(input.id);
    groups.set(key, group);
  }
  const statements: any[] = [];
  const rowsAt: number[] = [];
  for (const { values, ids } of groups.values()) {
    // The SET clause binds one parameter per value plus updatedAt: the ids get what is left of D1's 100.
    const idsPerStatement = Math.max(1, Math.min(MAX_IN, MAX_PARAMS - Object.keys(values).length - 2));
    for (const part of chunk(ids, idsPerStatement)) {
      rowsAt.push(statements.length);
      statements.push(
        ctx.db
          .update(table)
          .set({ ...values, updatedAt: now, version: sql`${table.version} + 1` })
          .where(inArray(table.id, part))
          .returning(),
      );
    }
  }
  for (const input of inputs) statements.push(...linkStatements(ctx, collection, input, 'update'));
  const results = await runBatch(ctx, statements);
  const byId = new Map<string, Item>(rowsAt.flatMap((at) => results[at] as Item[]).map((row) => [row.id, row]));
  const items = previous.map((p) => byId.get(p.id)).filter((item): item is Item => item !== undefined);
  for (const item of items)
    await runHooks(ctx, collection, 'afterUpdate', { item, previous: previous.find((p) => p.id === item.id)! });
  return items;
}
