import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Model } from '../types/cms';

/**
 * What the model needs that the database lacks: every table and column the content model (and the CMS's own tables)
 * would read or write, compared with the database's catalogue in one query. Empty when they agree; extra tables and
 * columns in the database are fine (a removed field keeps its data until a destructive migration drops it).
 */
export async function missingFromDatabase(
  d1: D1Database,
  model: Pick<Model, 'tables' | 'collections'>,
): Promise<string[]> {
  const { results } = await d1
    // D1 refuses to describe its own `_cf_` tables, so they are left out before the join.
    .prepare(
      `SELECT m.name AS tbl, p.name AS col FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE '\\_cf\\_%' ESCAPE '\\'`,
    )
    .all<{ tbl: string; col: string }>();
  const present = new Map<string, Set<string>>();
  for (const { tbl, col } of results) {
    let columns = present.get(tbl);
    if (!columns) present.set(tbl, (columns = new Set()));
    columns.add(col);
  }
  const ownerOf = new Map<string, string>();
  for (const c of model.collections) {
    ownerOf.set(c.names.table, c.names.type);
    for (const join of c.joinTables.values()) ownerOf.set(String(join), c.names.type);
  }
  const missing: string[] = [];
  for (const table of Object.values(model.tables) as SQLiteTable[]) {
    const { name, columns } = getTableConfig(table);
    const owner = ownerOf.get(name);
    const label = owner ? `table "${name}" (collection ${owner})` : `table "${name}"`;
    const have = present.get(name);
    if (!have) {
      missing.push(label);
      continue;
    }
    for (const column of columns)
      if (!have.has(column.name))
        missing.push(`column "${name}.${column.name}"${owner ? ` (collection ${owner})` : ''}`);
  }
  return missing;
}
