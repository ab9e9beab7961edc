import { inArray } from 'drizzle-orm';
import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import { chunk, valueKey } from '../db/chunk';
import { conflict, type FieldError } from '../errors';
import type { ReadInput } from './input';

/**
 * Refuses values of unique fields that another item already has, or that two items of one bulk write share, as a
 * CONFLICT naming each field. A pre-check gives precise paths; the unique index still guards against races (see
 * db/errors.ts).
 */
export async function checkUnique(ctx: Context, collection: Collection, inputs: ReadInput[]): Promise<void> {
  const table = ctx.cms.tables[collection.names.list] as any;
  const fieldErrors: FieldError[] = [];
  const taken = (input: ReadInput, name: string, by: string) =>
    fieldErrors.push({ path: [...input.path, name], code: 'UNIQUE', message: `is already used by ${by}` });
  for (const field of collection.uniqueFields) {
    const setting = inputs.filter((i) => i.values[field.name] !== undefined && i.values[field.name] !== null);
    if (setting.length === 0) continue;
    const first = new Map<string, ReadInput>();
    for (const input of setting) {
      const key = valueKey(input.values[field.name]);
      if (first.has(key)) taken(input, field.name, `another ${collection.names.type} in this request`);
      else first.set(key, input);
    }
    // An item may keep its own value; an item whose value this write replaces frees it.
    const replacing = new Set(setting.map((i) => i.id));
    for (const part of chunk([...first.values()].map((i) => i.values[field.name]))) {
      const rows = await ctx.db
        .select({ id: table.id, value: table[field.name] })
        .from(table)
        .where(inArray(table[field.name], part));
      for (const row of rows as Array<{ id: string; value: unknown }>) {
        const input = first.get(valueKey(row.value));
        if (input && input.id !== row.id && !replacing.has(row.id))
          taken(input, field.name, `another ${collection.names.type}`);
      }
    }
  }
  if (fieldErrors.length) {
    const names = [...new Set(fieldErrors.map((e) => e.path[e.path.length - 1]))].join(', ');
    throw conflict(`Another ${collection.names.type} already has this ${names}`, fieldErrors);
  }
}
