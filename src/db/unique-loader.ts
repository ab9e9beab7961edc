import DataLoader from 'dataloader';
import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import type { Item } from '../types/hooks';
import { allOf } from './filters';
import type { Filter } from '../types/query';
import { chunk, MAX_IN, MAX_PARAMS, valueKey } from './chunk';
import { afterResolvers, requestLoader } from './loaders';
import { shapeOf } from './shape';
import { findRows } from './statements';

/**
 * The options of a relational `findMany` for a by-unique lookup, without the unique key: `where` is what else an
 * item must match (the caller's visibility scope), `columns` and `with` what to read (e.g. a GraphQL selection).
 */
export type LookupQuery = Record<string, unknown> & { where?: Filter; columns?: Record<string, boolean> };

interface Lookup {
  key: string;
  value: unknown;
  query: LookupQuery;
  origin?: string;
}

/**
 * The item whose unique field `key` (`id`, or a field with `unique: true`) is `value` and that matches
 * `query.where`, read with `query`, or null. Lookups of one request that wait at the same time are answered
 * together: one SELECT per collection, key and query shape, `key IN (…)` cut to stay under D1's 100 bound
 * parameters. The visibility filter is part of the shape, so a batch never answers a lookup with a filter it did
 * not ask for. Nothing is remembered between batches, so a write is never followed by a stale read.
 *
 * `origin` names what built the query (e.g. the text of a GraphQL selection): queries of one origin were built from
 * the same inputs, so closures in them (computed values, raw filters) compare by source and may share a statement.
 * @example
 * await loadUnique(ctx, posts, 'slug', 'hello', { where: ctx.access.readable(posts) });
 */
export function loadUnique(
  ctx: Context,
  collection: Collection,
  key: string,
  value: unknown,
  query: LookupQuery,
  origin?: string,
): Promise<Item | null> {
  const loader = requestLoader(
    ctx,
    `unique:${collection.names.list}`,
    () =>
      new DataLoader<Lookup, Item | null>((lookups) => answer(ctx, collection, lookups), {
        cache: false,
        batchScheduleFn: afterResolvers,
      }),
  );
  return loader.load({ key, value, query, origin });
}

async function answer(ctx: Context, collection: Collection, lookups: readonly Lookup[]): Promise<Array<Item | null>> {
  const groups = new Map<string, number[]>();
  lookups.forEach((lookup, index) => {
    const { key, query, origin } = lookup;
    const group =
      origin === undefined ? `${key}\u0000${shapeOf(query)}` : `${key}\u0000${origin}\u0000${shapeOf(query, true)}`;
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(index);
  });
  const results: Array<Item | null> = lookups.map(() => null);
  await Promise.all(
    [...groups.values()].map(async (indexes) => {
      const { key, query } = lookups[indexes[0]!]!;
      const values = [...new Map(indexes.map((i) => [valueKey(lookups[i]!.value), lookups[i]!.value])).values()];
      const found = await findByKey(ctx, collection, key, values, query);
      const handed = new Set<string>();
      for (const index of indexes) {
        const at = valueKey(lookups[index]!.value);
        const row = found.get(at);
        if (!row) continue;
        // Two lookups of one item each get their own object: afterRead hooks may change what they are given.
        results[index] = handed.has(at) ? structuredClone(row) : row;
        handed.add(at);
      }
    }),
  );
  return results;
}

/** The rows of `values`, keyed by valueKey; as few statements as D1's parameter limit allows. */
async function findByKey(ctx: Context, collection: Collection, key: string, values: unknown[], query: LookupQuery) {
  const table = (ctx.db.query as any)[collection.names.list];
  const config = (part: unknown[]) => ({
    ...query,
    columns: withColumn(query.columns, key),
    where: allOf({ [key]: { in: part } }, query.where),
  });
  const statement = (part: unknown[]) => table.findMany(config(part));
  // The query binds parameters of its own (visibility, nested filters and page sizes): the keys get what is left.
  const own = values.length > 1 ? statement(values.slice(0, 1)).toSQL().params.length - 1 : 0;
  const size = Math.max(1, Math.min(MAX_IN, MAX_PARAMS - own));
  const found = new Map<string, Item>();
  for (const rows of await Promise.all(
    chunk(values, size).map((part) => findRows(table, 'many', config(part)) as Promise<Item[]>),
  ))
    for (const row of rows) found.set(valueKey(row[key]), row);
  return found;
}

/** The columns to read, with the key among them: answers are matched to lookups by it. */
function withColumn(columns: Record<string, boolean> | undefined, key: string): Record<string, boolean> | undefined {
  if (!columns) return columns;
  const values = Object.values(columns);
  // Only `false` values list the columns to leave out: the key must just not be one of them.
  if (values.length > 0 && values.every((v) => v === false)) {
    const { [key]: _left, ...rest } = columns;
    return Object.keys(rest).length ? rest : undefined;
  }
  return { ...columns, [key]: true };
}
