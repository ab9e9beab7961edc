import { noteChange } from '../../../cache/invalidation';
import { emitPluginEvent } from '../../events';
import type { Collection } from '../../../types/collection';
import type { Context } from '../../../types/context';
import { badUserInput, conflict, forbidden, notFound, unauthenticated, validationFailed } from '../../../errors';
import type { Item } from '../../../types/hooks';
import { findUnique } from '../../../operations/find';
import { publishOne, unpublishOne } from '../../../operations/publish';
import { readOne } from '../../../operations/read';
import { effectiveState, type ResolvedWorkflow, type WorkflowState } from './options';
import { storedState, writeComment, writeMove } from './store';
import type { WorkflowEventRow } from './tables';

/** Comments are notes for colleagues, not documents. */
export const MAX_COMMENT_LENGTH = 2000;

// Publishes made by a transition, per request: the publish hooks leave them to the transition (see hooks.ts).
const moving = new WeakMap<Context, Set<string>>();
export const isMoving = (ctx: Context, collection: string, id: string) =>
  moving.get(ctx)?.has(`${collection}\n${id}`) ?? false;

/** A collection under the workflow, by type name; BAD_USER_INPUT for any other. */
export function workflowCollection(ctx: Context, wf: ResolvedWorkflow, name: string): Collection {
  const collection = wf.collections.has(name) ? ctx.cms.byName.get(name) : undefined;
  if (!collection)
    throw badUserInput(`"${name}" is not under the workflow; it covers ${[...wf.collections].join(', ')}`);
  return collection;
}

/** A comment, trimmed: VALIDATION_FAILED when too long, or blank where one is `required`. */
function checkComment(value: string | null | undefined, required: boolean): string | null {
  const comment = value?.trim() || null;
  if (required && !comment)
    throw validationFailed([{ path: ['comment'], code: 'REQUIRED', message: 'must not be blank' }]);
  if (comment && [...comment].length > MAX_COMMENT_LENGTH)
    throw validationFailed([
      { path: ['comment'], code: 'TOO_LONG', message: `must be at most ${MAX_COMMENT_LENGTH} characters` },
    ]);
  return comment;
}

/** The caller's role, which must be one of `roles`: UNAUTHENTICATED for anonymous callers, FORBIDDEN otherwise. */
function requireRole(ctx: Context, roles: Iterable<string>, what: string): string {
  const role = ctx.access.role;
  const allowed = [...roles];
  if (!role) throw unauthenticated(`Sign in to ${what}`);
  if (!allowed.includes(role)) throw forbidden(`Only ${allowed.join(', ')} may ${what} (you are ${role})`);
  return role;
}

/** The item, if the caller may read it (its collection's read rule and scope apply); NOT_FOUND otherwise. */
async function visibleItem(ctx: Context, collection: Collection, id: string): Promise<Item> {
  const item = await readOne(ctx, collection, { id });
  if (!item) throw notFound(`${collection.names.type} with id "${id}"`);
  return item;
}

export interface TransitionResult {
  state: WorkflowState;
  event: WorkflowEventRow;
}

/**
 * Moves an item to `to`: the move must start from its current state (CONFLICT listing the legal ones otherwise), the
 * caller's role must be allowed to make it (FORBIDDEN naming the roles), and the caller must have the collection's
 * `update` right on the item, or `publish` for a move into or out of PUBLISHED, which publishes or unpublishes it
 * through the core operation (hooks, cache invalidation and all). The history row and the state are one batch.
 */
export async function transition(
  ctx: Context,
  wf: ResolvedWorkflow,
  args: { collection: string; id: string; to: WorkflowState; comment?: string | null },
): Promise<TransitionResult> {
  const collection = workflowCollection(ctx, wf, args.collection);
  const comment = checkComment(args.comment, false);
  const type = collection.names.type;
  const item = await visibleItem(ctx, collection, args.id);
  const stored = await storedState(ctx, type, item.id);
  const from = effectiveState(item.status, stored);
  if (from === args.to) throw conflict(`This ${type} is ${from} already`);
  const legal = wf.transitions.filter((t) => t.from === from);
  const move = legal.find((t) => t.to === args.to);
  if (!move) {
    const next = legal.length ? legal.map((t) => t.to).join(', ') : 'no other state';
    throw conflict(`A ${type} can't move from ${from} to ${args.to}: from ${from} it can move to ${next}`);
  }
  requireRole(ctx, move.roles, `${move.name ?? 'move'} a ${type} (${from} → ${args.to})`);
  const publishing = args.to === 'PUBLISHED' || from === 'PUBLISHED';
  if (publishing) {
    const key = `${type}\n${item.id}`;
    if (!moving.has(ctx)) moving.set(ctx, new Set());
    moving.get(ctx)!.add(key);
    try {
      await (args.to === 'PUBLISHED' ? publishOne : unpublishOne)(ctx, collection, { where: { id: item.id } });
    } finally {
      moving.get(ctx)!.delete(key);
    }
  } else {
    await findUnique(ctx, collection, { id: item.id }, 'update');
  }
  // A publish is done once the core operation returns: its record is written whatever came in between.
  const event = await writeMove(ctx, {
    collection: type,
    itemId: item.id,
    from,
    to: args.to,
    userId: ctx.access.ownerId,
    comment,
    ...(publishing ? {} : { expected: stored ?? '' }),
  });
  if (!event) throw conflict(`This ${type} was moved by someone else meanwhile; reload it and try again`);
  if (!publishing) noteChange(ctx, 'update', collection, item);
  // Others are told (the email plugin's review notifications); an error there is logged, never the mover's.
  const reviewerRoles = wf.transitions.find((t) => t.from === 'IN_REVIEW' && t.to === 'APPROVED')?.roles ?? [];
  await emitPluginEvent(ctx, 'afterWorkflowTransition', {
    ctx,
    collection: type,
    item,
    from,
    to: args.to,
    comment,
    reviewerRoles,
  });
  return { state: args.to, event };
}

/** Adds a comment to an item's history: for the workflow's participants who can read the item. */
export async function comment(
  ctx: Context,
  wf: ResolvedWorkflow,
  args: { collection: string; id: string; comment: string },
): Promise<WorkflowEventRow> {
  const collection = workflowCollection(ctx, wf, args.collection);
  const text = checkComment(args.comment, true)!;
  requireParticipant(ctx, wf, collection);
  const item = await visibleItem(ctx, collection, args.id);
  const event = await writeComment(ctx, collection.names.type, item.id, ctx.access.ownerId, text);
  noteChange(ctx, 'update', collection, item);
  return event;
}

/** Review notes are internal: only roles that take part in the workflow (and admins) read and write them. */
export const requireParticipant = (ctx: Context, wf: ResolvedWorkflow, collection: Collection) =>
  requireRole(ctx, wf.participants, `read or write the workflow history of ${collection.names.list}`);
