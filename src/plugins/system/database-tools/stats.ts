import type { Cms } from '../../../types/cms';

export interface TableStats {
  name: string;
  rows: number;
  /** The collection whose items (or relation links) the table holds; null for the CMS's own tables. */
  collection: string | null;
}

/** Every table's row count, in one batch of `count(*)` statements, and the database's size in bytes. */
export async function databaseStats(cms: Cms, d1: D1Database): Promise<{ tables: TableStats[]; sizeBytes: number }> {
  const listed = await d1
    .prepare(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' order by name`,
    )
    .all<{ name: string }>();
  const names = listed.results.map((row) => row.name);
  const owner = new Map<string, string>();
  for (const c of cms.collections)
    for (const table of [c.names.table, ...c.joinTables.values()]) owner.set(table, c.names.type);
  const counts = names.length
    ? await d1.batch<{ n: number }>(names.map((name) => d1.prepare(`select count(*) as n from "${name}"`)))
    : [];
  return {
    tables: names.map((name, i) => ({ name, rows: counts[i]!.results[0]!.n, collection: owner.get(name) ?? null })),
    sizeBytes: Number(listed.meta.size_after ?? 0),
  };
}
