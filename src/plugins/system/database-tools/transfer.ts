import type { Collection } from '../../../types/collection';
import type { Context } from '../../../types/context';
import { chunk } from '../../../db/chunk';
import { badUserInput, validationFailed } from '../../../errors';

/** At most this many items are exported or imported at once (the Worker's memory and CPU limits). */
export const MAX_TRANSFER_ITEMS = 10_000;
/** D1 binds at most 100 parameters per statement. */
const MAX_PARAMS = 100;

/** The JSON an export writes and an import reads: the table's rows as stored, and each to-many relation's links. */
export interface ExportFile {
  format: 'edge-cms-export@1';
  collection: string;
  exportedAt: string;
  columns: string[];
  rows: unknown[][];
  /** Per to-many relation: [item id, related id, position]. */
  links: Record<string, Array<[string, string, number]>>;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function columnsOf(d1: D1Database, table: string): Promise<string[]> {
  const { results } = await d1.prepare(`select name from pragma_table_info(?)`).bind(table).all<{ name: string }>();
  return results.map((row) => row.name);
}

/**
 * Writes every item of a collection, as stored (drafts and private fields included: admins only), to R2 under
 * `exports/<Type>/<time>.json`. Refused above MAX_TRANSFER_ITEMS items.
 */
export async function exportCollection(
  ctx: Context,
  collection: Collection,
): Promise<{ key: string; items: number; bytes: number }> {
  const d1 = ctx.env.DB;
  const table = collection.names.table;
  const total = (await d1.prepare(`select count(*) as n from ${quote(table)}`).first<{ n: number }>())!.n;
  if (total > MAX_TRANSFER_ITEMS)
    throw badUserInput(`${collection.names.list} has ${total} items; an export holds at most ${MAX_TRANSFER_ITEMS}`);
  const columns = await columnsOf(d1, table);
  const { results } = await d1
    .prepare(`select ${columns.map(quote).join(', ')} from ${quote(table)} order by id`)
    .raw<unknown[]>()
    .then((rows) => ({ results: rows }));
  const links: ExportFile['links'] = {};
  for (const [field, joinTable] of collection.joinTables) {
    const rows = await d1
      .prepare(`select source_id, target_id, position from ${quote(joinTable)} order by source_id, position`)
      .raw<[string, string, number]>();
    links[field] = rows;
  }
  const file: ExportFile = {
    format: 'edge-cms-export@1',
    collection: collection.names.type,
    exportedAt: new Date().toISOString(),
    columns,
    rows: results,
    links,
  };
  const body = JSON.stringify(file);
  const key = `exports/${collection.names.type}/${file.exportedAt.replace(/[:.]/g, '-')}.json`;
  await ctx.env.MEDIA_BUCKET.put(key, body, { httpMetadata: { contentType: 'application/json' } });
  return { key, items: results.length, bytes: body.length };
}

/**
 * Reads an export back from R2 into its collection: items are inserted, or updated by id, and the links of each
 * to-many relation of the imported items are replaced, all in one batch (all or nothing). The file must be an
 * export of the same collection whose columns all exist; it is checked before anything is written.
 */
export async function importCollection(ctx: Context, collection: Collection, key: string): Promise<{ items: number }> {
  if (!key.startsWith('exports/'))
    throw validationFailed([{ path: ['key'], code: 'INVALID', message: 'Imports read files under exports/' }]);
  const object = await ctx.env.MEDIA_BUCKET.get(key);
  if (!object) throw validationFailed([{ path: ['key'], code: 'NOT_FOUND', message: `There is no file ${key}` }]);
  let file: ExportFile;
  try {
    file = JSON.parse(await object.text()) as ExportFile;
  } catch {
    throw validationFailed([{ path: ['key'], code: 'INVALID', message: 'The file is not JSON' }]);
  }
  const problems = checkFile(file, collection, await columnsOf(ctx.env.DB, collection.names.table));
  if (problems.length) throw validationFailed(problems.map((message) => ({ path: ['key'], code: 'INVALID', message })));
  const d1 = ctx.env.DB;
  const table = quote(collection.names.table);
  const rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMS / file.columns.length));
  const statements: D1PreparedStatement[] = [];
  for (const part of chunk(file.rows, rowsPerStatement)) {
    const values = part.map(() => `(${file.columns.map(() => '?').join(', ')})`).join(', ');
    // An upsert, not `insert or replace`: replacing deletes the row first, which would cascade to other links to it.
    const update = file.columns
      .filter((c) => c !== 'id')
      .map((c) => `${quote(c)} = excluded.${quote(c)}`)
      .join(', ');
    statements.push(
      d1
        .prepare(
          `insert into ${table} (${file.columns.map(quote).join(', ')}) values ${values} on conflict (id) do update set ${update}`,
        )
        .bind(...part.flat()),
    );
  }
  const idIndex = file.columns.indexOf('id');
  const ids = file.rows.map((row) => String(row[idIndex]));
  for (const [field, joinTable] of collection.joinTables) {
    for (const part of chunk(ids, MAX_PARAMS))
      statements.push(
        d1
          .prepare(`delete from ${quote(joinTable)} where source_id in (${part.map(() => '?').join(', ')})`)
          .bind(...part),
      );
    for (const part of chunk(file.links[field] ?? [], Math.floor(MAX_PARAMS / 3)))
      statements.push(
        d1
          .prepare(
            `insert or ignore into ${quote(joinTable)} (source_id, target_id, position) values ${part.map(() => '(?, ?, ?)').join(', ')}`,
          )
          .bind(...part.flat()),
      );
  }
  if (statements.length) await d1.batch(statements);
  return { items: file.rows.length };
}

function checkFile(file: ExportFile, collection: Collection, columns: string[]): string[] {
  if (file?.format !== 'edge-cms-export@1' || !Array.isArray(file.columns) || !Array.isArray(file.rows))
    return ['The file is not an export of this CMS'];
  if (file.collection !== collection.names.type)
    return [`The file is an export of ${file.collection}, not ${collection.names.type}`];
  const problems: string[] = [];
  const unknown = file.columns.filter((c) => !columns.includes(c));
  if (unknown.length) problems.push(`Columns the table does not have: ${unknown.join(', ')}`);
  if (!file.columns.includes('id')) problems.push('The file has no id column');
  if (file.rows.length > MAX_TRANSFER_ITEMS) problems.push(`An import holds at most ${MAX_TRANSFER_ITEMS} items`);
  if (file.rows.some((row) => !Array.isArray(row) || row.length !== file.columns.length))
    problems.push('A row does not match the columns');
  for (const [field, links] of Object.entries(file.links ?? {}))
    if (
      !collection.joinTables.has(field) ||
      !Array.isArray(links) ||
      links.some((l) => !Array.isArray(l) || l.length !== 3)
    )
      problems.push(`${field} is not a to-many relation of ${collection.names.type}, or its links are malformed`);
  return problems;
}
