import { and, eq, gte, lt, or, sql } from 'drizzle-orm';
import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import { chunk } from '../db/chunk';
import type { FieldError } from '../errors';
import { slugify } from '../fields/slug';
import type { SlugOptions } from '../types/fields';
import type { ReadInput } from './input';

const DEFAULT_MAX = 96;

/**
 * Fills in slugs that were not given on create, from their `from` field: `Hello World` → `hello-world`, or
 * `hello-world-2`, `-3`… when taken; from the item's id when the field gives nothing. The taken ones are found with
 * one query per chunk of bases: the base itself and `base-<digits>`, as an index range (D1 caps LIKE patterns at
 * 50 bytes, too short for long titles). Slugs are not re-derived on update: published URLs stay stable.
 */
export async function deriveSlugs(ctx: Context, collection: Collection, inputs: ReadInput[], errors: FieldError[]) {
  const table = ctx.cms.tables[collection.names.list] as any;
  for (const field of collection.fields) {
    const def = field.def as SlugOptions;
    if (field.def.type !== 'slug' || def.from === undefined) continue;
    const wanted = inputs
      .filter((input) => input.values[field.name] === undefined && typeof input.data[def.from!] === 'string')
      .map((input) => ({ input, base: slugify(input.data[def.from!] as string, def.maxLength ?? DEFAULT_MAX) }))
      .filter((w) => w.base !== '');
    // A source that gives nothing to derive from (absent, or no ASCII letter or digit, e.g. `東京`): a required slug
    // is missing; any other takes the item's id, so that a derived slug always has a value (the API types it non-null).
    for (const input of inputs) {
      if (input.values[field.name] !== undefined || wanted.some((w) => w.input === input)) continue;
      const at = [...input.path, field.name];
      const found = def.required ? undefined : field.kind.validate?.(input.id, field);
      if (def.required || found)
        errors.push({ path: at, code: 'REQUIRED', message: `is required (or give a ${def.from} to derive it from)` });
      else input.values[field.name] = input.id;
    }
    if (wanted.length === 0) continue;
    const column = table[field.name];
    const taken = new Set<string>(
      inputs.map((i) => i.values[field.name]).filter((v): v is string => typeof v === 'string'),
    );
    const bases = [...new Set(wanted.map((w) => w.base))];
    for (const part of chunk(bases, 15)) {
      const rows = await ctx.db
        .select({ slug: column })
        .from(table)
        .where(or(...part.map((base) => or(eq(column, base), numbered(column, base)))));
      for (const row of rows as Array<{ slug: string | null }>) if (row.slug) taken.add(row.slug);
    }
    for (const { input, base } of wanted) {
      const slug = firstFree(base, taken, def.maxLength ?? DEFAULT_MAX);
      taken.add(slug);
      const found = field.kind.validate?.(slug, field);
      if (found)
        errors.push({
          path: [...input.path, field.name],
          code: found.code,
          message: `derived slug "${slug}" ${found.message}`,
        });
      else input.values[field.name] = slug;
    }
  }
}

/** `base-<digits>`: a range on the index, then only numeric suffixes (so `news` does not fetch every `news-…`). */
function numbered(column: any, base: string) {
  const suffix = sql`substr(${column}, ${base.length + 2})`;
  return and(gte(column, `${base}-`), lt(column, `${base}.`), sql`${suffix} <> ''`, sql`${suffix} not glob '*[^0-9]*'`);
}

function firstFree(base: string, taken: Set<string>, max: number): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, max - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
