import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import { chunk } from '../db/chunk';
import { joinKey } from '../db/tables';
import type { ReadInput } from '../validation/input';

/** The join-table statements of one item's to-many changes, to run in the item's batch. */
export function linkStatements(
  ctx: Context,
  collection: Collection,
  input: ReadInput,
  mode: 'create' | 'update',
): any[] {
  const statements: any[] = [];
  for (const [name, change] of input.links) {
    const join = ctx.cms.tables[joinKey(collection, name)] as any;
    const table = sql.identifier(collection.joinTables.get(name)!);
    const sourceId = input.id;
    if (mode === 'create' || change.set) {
      if (mode === 'update') statements.push(ctx.db.delete(join).where(eq(join.sourceId, sourceId)));
      const targets = (change.set ?? change.connect).filter((id) => !change.disconnect.includes(id));
      if (targets.length) statements.push(insertLinks(ctx, table, sourceId, targets, sql`0`));
      continue;
    }
    for (const part of chunk(change.disconnect))
      statements.push(ctx.db.delete(join).where(and(eq(join.sourceId, sourceId), inArray(join.targetId, part))));
    // Appended after the existing links (positions may skip numbers); an existing link is kept where it is.
    const after = sql`(select coalesce(max(position), -1) + 1 from ${table} where source_id = ${sourceId})`;
    if (change.connect.length) statements.push(insertLinks(ctx, table, sourceId, change.connect, after));
  }
  return statements;
}

/**
 * One statement for all of an item's new links, in the order given from position `start`: the ids travel as one
 * JSON parameter, so no list of ids is cut by D1's 100 bound parameters or made a statement per id.
 */
function insertLinks(
  ctx: Context,
  table: ReturnType<typeof sql.identifier>,
  sourceId: string,
  targets: string[],
  start: ReturnType<typeof sql>,
) {
  return ctx.db.run(sql`insert or ignore into ${table} (source_id, target_id, position)
    select ${sourceId}, value, ${start} + key from json_each(${JSON.stringify(targets)})`);
}
