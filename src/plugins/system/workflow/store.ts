import DataLoader from 'dataloader';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Context } from '../../../types/context';
import { chunk } from '../../../db/chunk';
import { afterResolvers, requestLoader } from '../../../db/loaders';
import { type WorkflowEventRow, workflowHistory, workflowStates } from './tables';

/** Rows of one table for items of several collections: one SELECT per collection and 90 ids. */
function itemLoader<Row extends { collection: string; itemId: string }>(
  ctx: Context,
  name: string,
  read: (collection: string, ids: string[]) => Promise<Row[]>,
): DataLoader<[string, string], Row[], string> {
  return requestLoader(ctx, name, () => {
    const load = async (keys: readonly [string, string][]) => {
      const byCollection = new Map<string, string[]>();
      for (const [collection, id] of keys) byCollection.set(collection, [...(byCollection.get(collection) ?? []), id]);
      const parts = [...byCollection].flatMap(([collection, ids]) =>
        chunk([...new Set(ids)]).map((part) => read(collection, part)),
      );
      const rows = new Map<string, Row[]>();
      for (const row of (await Promise.all(parts)).flat())
        rows.set(`${row.collection}\n${row.itemId}`, [...(rows.get(`${row.collection}\n${row.itemId}`) ?? []), row]);
      return keys.map(([collection, id]) => rows.get(`${collection}\n${id}`) ?? []);
    };
    // Not remembered: a transition earlier in the request must show.
    return new DataLoader(load, {
      cache: false,
      batchScheduleFn: afterResolvers,
      cacheKeyFn: ([c, id]) => `${c}\n${id}`,
    });
  });
}

/** The stored state of an item (null when it has none); lookups that wait together are one query. */
export async function storedState(ctx: Context, collection: string, id: string): Promise<string | null> {
  const loader = itemLoader(ctx, 'workflow.states', (c, ids) =>
    ctx.db
      .select()
      .from(workflowStates)
      .where(and(eq(workflowStates.collection, c), inArray(workflowStates.itemId, ids))),
  );
  return (await loader.load([collection, id]))[0]?.state ?? null;
}

/** An item's transitions and comments, oldest first; lookups that wait together are one query. */
export function historyOf(ctx: Context, collection: string, id: string): Promise<WorkflowEventRow[]> {
  const loader = itemLoader(ctx, 'workflow.history', (c, ids) =>
    ctx.db
      .select()
      .from(workflowHistory)
      .where(and(eq(workflowHistory.collection, c), inArray(workflowHistory.itemId, ids)))
      .orderBy(asc(workflowHistory.id)),
  );
  return loader.load([collection, id]);
}

export interface Move {
  collection: string;
  itemId: string;
  from: string | null;
  to: string;
  userId: string | null;
  comment: string | null;
  /** The stored state the move starts from ('' for none): the write happens only if it still is (else no rows). */
  expected?: string;
}

const STILL = `coalesce((select state from cms_workflow_states where collection = ? and item_id = ?), '') = ?`;

/**
 * The history row and the new state of a move, in one D1 batch (all or nothing). With `expected`, both are written
 * only if the item's stored state is still that one: two people moving the same item at once can't both win.
 * Returns the history row, or null when the item had moved meanwhile.
 */
export async function writeMove(ctx: Context, move: Move): Promise<WorkflowEventRow | null> {
  const d1 = ctx.env.DB;
  const at = Date.now();
  const guard =
    move.expected === undefined
      ? ['where 1 = 1', []]
      : [`where ${STILL}`, [move.collection, move.itemId, move.expected]];
  const [where, binds] = guard as [string, unknown[]];
  const [history] = await d1.batch<Record<string, unknown>>([
    d1
      .prepare(
        `insert into cms_workflow_history (collection, item_id, kind, from_state, to_state, user_id, comment, at)
         select ?, ?, 'TRANSITION', ?, ?, ?, ?, ? ${where} returning *`,
      )
      .bind(move.collection, move.itemId, move.from, move.to, move.userId, move.comment, at, ...binds),
    d1
      .prepare(
        `insert into cms_workflow_states (collection, item_id, state, updated_at, updated_by) select ?, ?, ?, ?, ? ${where}
         on conflict (collection, item_id) do update set state = excluded.state, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .bind(move.collection, move.itemId, move.to, at, move.userId, ...binds),
  ]);
  const row = history?.results[0];
  return row ? toEvent(row) : null;
}

/** Adds a comment to an item's history. */
export async function writeComment(
  ctx: Context,
  collection: string,
  itemId: string,
  userId: string | null,
  comment: string,
): Promise<WorkflowEventRow> {
  const row = await ctx.env.DB.prepare(
    `insert into cms_workflow_history (collection, item_id, kind, user_id, comment, at) values (?, ?, 'COMMENT', ?, ?, ?) returning *`,
  )
    .bind(collection, itemId, userId, comment, Date.now())
    .first<Record<string, unknown>>();
  return toEvent(row!);
}

/** Forgets a deleted item's state and history. */
export async function forgetItem(ctx: Context, collection: string, itemId: string): Promise<void> {
  await ctx.db.batch([
    ctx.db
      .delete(workflowStates)
      .where(and(eq(workflowStates.collection, collection), eq(workflowStates.itemId, itemId))),
    ctx.db
      .delete(workflowHistory)
      .where(and(eq(workflowHistory.collection, collection), eq(workflowHistory.itemId, itemId))),
  ]);
}

const toEvent = (row: Record<string, unknown>): WorkflowEventRow => ({
  id: Number(row.id),
  collection: String(row.collection),
  itemId: String(row.item_id),
  kind: row.kind as WorkflowEventRow['kind'],
  fromState: (row.from_state as string | null) ?? null,
  toState: (row.to_state as string | null) ?? null,
  userId: (row.user_id as string | null) ?? null,
  comment: (row.comment as string | null) ?? null,
  at: new Date(Number(row.at)),
});
