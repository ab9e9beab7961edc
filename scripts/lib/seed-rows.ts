import { getColumns, getTableName } from 'drizzle-orm';
import { foreignKey } from '../../src/config/collection';
import type { Model } from '../../src/types/cms';
import type { SeedItem } from './seed-data';
import { ScriptError } from './tools';

/** Rows for one SQL table: column names and values already encoded for SQLite (Dates as ms, booleans as 0/1, JSON as text). */
export interface TableRows {
  table: string;
  columns: string[];
  rows: unknown[][];
}

type Table = Parameters<typeof getColumns>[0] & Parameters<typeof getTableName>[0];

/**
 * Checks each item against its collection's field definitions (required, length, range, pattern) and encodes it
 * with the Drizzle columns the migrations were generated from, so the seed can't drift from the content model.
 * Throws a ScriptError naming the first item and field that don't fit.
 */
export function toRows(model: Model, content: Record<string, SeedItem[]>): TableRows[] {
  const out: TableRows[] = [];
  const joins: TableRows[] = [];
  for (const [name, items] of Object.entries(content)) {
    const collection = model.byName.get(name);
    if (!collection)
      throw new ScriptError(`The seed writes ${name} items but the served config has no ${name} collection`);
    const table = model.tables[collection.names.list] as unknown as Table;
    const columns = getColumns(table) as Record<string, { name: string; mapToDriverValue(v: unknown): unknown }>;
    const keys = Object.keys(columns);
    const rows = items.map((item) => {
      const values: Record<string, unknown> = {
        id: item.id,
        createdAt: item.createdAt,
        updatedAt: item.updatedAt,
        status: item.status,
        publishedAt: item.publishedAt,
        version: item.version,
      };
      for (const field of collection.fields) {
        const value = item.data[field.name] ?? null;
        const where = `${name} ${item.id}, field "${field.name}"`;
        if (field.def.type === 'reverse') continue;
        if (field.def.type === 'relation' && field.def.many) {
          const table = collection.joinTables.get(field.name)!;
          let join = joins.find((j) => j.table === table);
          if (!join) joins.push((join = { table, columns: ['source_id', 'target_id', 'position'], rows: [] }));
          for (const [position, target] of ((value as string[] | null) ?? []).entries())
            join.rows.push([item.id, target, position]);
          continue;
        }
        if (value === null) {
          if (field.def.required)
            throw new ScriptError(`Seed data for ${where}: the field is required but the seed has no value`);
          continue;
        }
        if (field.def.type === 'relation') {
          values[foreignKey(field)] = value;
          continue;
        }
        const problem = field.kind.validate?.(value, field);
        if (problem)
          throw new ScriptError(
            `Seed data for ${where}: ${problem.message} (${problem.code}), got ${JSON.stringify(value)}`,
          );
        values[field.name] = value;
      }
      for (const key of Object.keys(item.data))
        if (!collection.field.has(key))
          throw new ScriptError(`Seed data for ${name}: "${key}" is not a field of the ${name} collection`);
      return keys.map((key) =>
        values[key] === undefined || values[key] === null ? null : columns[key]!.mapToDriverValue(values[key]),
      );
    });
    out.push({ table: getTableName(table), columns: keys.map((k) => columns[k]!.name), rows });
  }
  return [...out, ...joins];
}
