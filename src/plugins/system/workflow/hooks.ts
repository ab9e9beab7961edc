import type { Context } from '../../../types/context';
import { conflict } from '../../../errors';
import type { CollectionHooks } from '../../../types/hooks';
import { pluginSettings } from '../../services';
import { effectiveState, type WorkflowState } from './options';
import { forgetItem, storedState, writeMove } from './store';
import { isMoving } from './transition';

// The state an item had before a publish made outside the workflow, per request, for its history row.
const before = new WeakMap<Context, Map<string, WorkflowState>>();

/**
 * The hooks on each workflow collection. `publishX`/`unpublishX` called directly (not by a transition): refused
 * unless the item is APPROVED while the `requireApproval` setting is on, and recorded in the history either way, so
 * the workflow's state follows the item. Deleting an item forgets its state and history.
 */
export const workflowHooks: CollectionHooks = {
  beforePublish: {
    name: 'workflow.requireApproval',
    handler: async ({ ctx, collection, item, publish }) => {
      const type = collection.names.type;
      if (isMoving(ctx, type, item.id)) return;
      const from = effectiveState(item.status, await storedState(ctx, type, item.id));
      if (!before.has(ctx)) before.set(ctx, new Map());
      before.get(ctx)!.set(`${type}\n${item.id}`, from);
      if (!publish || from === 'APPROVED' || from === 'PUBLISHED') return;
      if ((await pluginSettings(ctx, 'workflow')).requireApproval)
        throw conflict(
          `This ${type} is ${from}: it must be APPROVED in the workflow before it is published (transitionWorkflow)`,
        );
    },
  },
  afterPublish: {
    name: 'workflow.record',
    handler: async ({ ctx, collection, item, publish }) => {
      const type = collection.names.type;
      if (isMoving(ctx, type, item.id)) return;
      const from = before.get(ctx)?.get(`${type}\n${item.id}`) ?? null;
      const to = publish ? 'PUBLISHED' : 'DRAFT';
      if (from === to) return;
      await writeMove(ctx, { collection: type, itemId: item.id, from, to, userId: ctx.access.ownerId, comment: null });
    },
  },
  afterDelete: {
    name: 'workflow.forget',
    handler: ({ ctx, collection, item }) => forgetItem(ctx, collection.names.type, item.id),
  },
};
