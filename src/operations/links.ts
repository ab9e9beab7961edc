import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Collection } from '../config/collection';
import type { Context } from '../context';
import { chunk } from '../db/chunk';
import { joinKey } from '../db/tables';
import type { ReadInput } from '../validation/input';

// Three parameters per join row: 30 rows stay under D1's 100 bound parameters.
const ROWS_PER_INSERT = 30;

/** The join-table statements of one item's to-many changes, to run in the item's batch. */
export function linkStatements(ctx: Context, collection: Collection, input: ReadInput, mode: 'create' | 'update'): any[] {
  const statements: any[] = [];
  for (const [name, change] of input.links) {
    const join = ctx.cms.tables[joinKey(collection, name)] as any;
    const sourceId = input.id;
    if (mode === 'create' || change.set) {
      if (mode === 'update') statements.push(ctx.db.delete(join).where(eq(join.sourceId, sourceId)));
      const targets = (change.set ?? change.connect).filter((id) => !change.disconnect.includes(id));
      const rows = targets.map((targetId, position) => ({ sourceId, targetId, position }));
      for (const part of chunk(rows, ROWS_PER_INSERT)) statements.push(ctx.db.insert(join).values(part).onConflictDoNothing());
      continue;
    }
    for (const part of chunk(change.disconnect))
      statements.push(ctx.db.delete(join).where(and(eq(join.sourceId, sourceId), inArray(join.targetId, part))));
    const table = sql.identifier(collection.joinTables.get(name)!);
    for (const targetId of change.connect) {
      // Appended after the existing links; an existing link is kept where it is.
      statements.push(
        ctx.db.run(sql`insert or ignore into ${table} (source_id, target_id, position)
          select ${sourceId}, ${targetId}, coalesce(max(position), -1) + 1 from ${table} where source_id = ${sourceId}`),
      );
    }
  }
  return statements;
}
