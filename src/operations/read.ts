import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import { filterSql } from '../db/filter-sql';
import { findRows } from '../db/statements';
import { loadUnique } from '../db/unique-loader';
import { runHooks } from '../hooks/run';
import type { Data, Item } from '../types/hooks';
import { allOf } from '../db/filters';
import { connectionQuery } from '../query/connection';
import type { Filter } from '../types/query';
import type { StagedAccess } from '../permissions/access';
import type { ContentStage } from '../permissions/rules';
import { guardedUnique } from './find';

/** Adds what a caller selects (e.g. a GraphQL selection with nested relations) to a query: one statement. */
export type Select = (query: Record<string, unknown>) => Record<string, unknown>;

const queryOf = (ctx: Context, collection: Collection) => (ctx.db.query as any)[collection.names.list];

/**
 * The filter of a read at a stage: the caller's `where` after beforeRead hooks, and, after them so no hook can widen
 * it, the items the caller's read rule covers at that stage (PUBLISHED ones for anonymous callers and API tokens,
 * their own for an `own` scope). UNAUTHENTICATED or FORBIDDEN when the caller may not read the collection at all,
 * or asks for drafts without the right.
 */
async function readFilter(
  ctx: Context,
  collection: Collection,
  args: Data,
  where: (access: StagedAccess) => Filter | undefined,
): Promise<Filter | undefined> {
  const stage = ctx.access.stage(args.stage as ContentStage | undefined);
  const rule = await ctx.access.require(collection, 'read');
  const hooked = await runHooks(ctx, collection, 'beforeRead', { where: where(ctx.access.at(stage)) ?? {} }, 'where');
  return allOf(hooked, ctx.access.scopeFilter(rule, stage));
}

/**
 * One item by a unique field (`{id}` or `{slug: …}`), or null when there is none the caller may see at the stage
 * (the caller's default when absent). Lookups that run side by side (aliased root fields) share one statement per
 * unique field: see `db/unique-loader.ts`, also for `origin`. A beforeRead hook that changes the where makes the
 * lookup a query of its own.
 */
export async function readOne(
  ctx: Context,
  collection: Collection,
  where: Data,
  select: Select = (q) => q,
  origin?: string,
  asked?: ContentStage | null,
): Promise<Item | null> {
  const stage = ctx.access.stage(asked);
  const rule = await ctx.access.require(collection, 'read');
  const unique = guardedUnique(ctx, collection, where);
  const [key, value] = Object.entries(unique)[0]!;
  const hooked = await runHooks(ctx, collection, 'beforeRead', { where: unique }, 'where');
  // The scope goes after the hooks, so no hook can widen it.
  const scope = ctx.access.scopeFilter(rule, stage);
  const plain = Object.keys(hooked).length === 1 && hooked[key] === value;
  // Selections at different stages filter their relations differently: they never share a statement.
  const staged = origin === undefined ? undefined : `${origin} @${stage}`;
  const item = plain
    ? await loadUnique(ctx, collection, key, value, select({ where: scope }), staged)
    : ((await findRows(queryOf(ctx, collection), 'first', select({ where: allOf(hooked, scope) }))) as
        | Item
        | undefined);
  if (item) await runHooks(ctx, collection, 'afterRead', { items: [item] });
  return item ?? null;
}

/** A page of a connection (`where`, `orderBy`, `skip`; `select` adds the cursor window and the selection). */
export async function readPage(
  ctx: Context,
  collection: Collection,
  args: Data,
  select: Select = (q) => q,
): Promise<Item[]> {
  let query!: ReturnType<typeof connectionQuery>;
  const where = await readFilter(
    ctx,
    collection,
    args,
    (access) => (query = connectionQuery(ctx.cms, collection, args, access)).where,
  );
  const { offset, ...base } = query;
  // The connection's select() keeps only where, orderBy, columns and extras: the offset is added here.
  const items = (await findRows(queryOf(ctx, collection), 'many', {
    ...select({ ...base, where }),
    ...(offset ? { offset } : {}),
  })) as Item[];
  await runHooks(ctx, collection, 'afterRead', { items });
  return items;
}

/** How many items a connection's `where` matches among those the caller may see at its stage, across all pages. */
export async function countPage(ctx: Context, collection: Collection, args: Data): Promise<number> {
  const where = await readFilter(
    ctx,
    collection,
    args,
    (access) => connectionQuery(ctx.cms, collection, args, access).where,
  );
  return countRows(ctx, collection, where);
}

/** Counts the rows a filter matches, with the same SQL predicate the page query uses. */
const countRows = (ctx: Context, collection: Collection, where: Filter | undefined) =>
  ctx.db.$count(ctx.cms.tables[collection.names.list]!, filterSql(ctx.db, collection.names.list, where));
