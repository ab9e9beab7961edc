import type { Context } from '../../../types/context';
import type { Builder } from '../../../types/builder';
import type { PluginApi } from '../../../types/plugin';
import { effectiveState, type ResolvedWorkflow, WORKFLOW_STATES, type WorkflowState } from './options';
import { historyOf, storedState } from './store';
import type { WorkflowEventRow } from './tables';
import { comment, requireParticipant, transition, type TransitionResult, workflowCollection } from './transition';

/**
 * The workflow's GraphQL: `workflowState` and `workflowHistory` on each workflow collection's type, the transitions
 * as configured (`workflowTransitions`), and the `transitionWorkflow` and `commentOnWorkflow` mutations.
 */
export const workflowSchema = (wf: ResolvedWorkflow) => (builder: Builder, plugin: PluginApi) => {
  const state = builder.enumType('WorkflowState', {
    description: 'Where an item stands in the editorial workflow. PUBLISHED is the item’s own status.',
    values: WORKFLOW_STATES,
  });
  const kind = builder.enumType('WorkflowEventKind', {
    description: 'TRANSITION: a move from one state to another. COMMENT: a note.',
    values: ['TRANSITION', 'COMMENT'] as const,
  });
  const event = builder.objectRef<WorkflowEventRow>('WorkflowEvent').implement({
    description: 'A transition or a comment in an item’s workflow history.',
    fields: (t) => ({
      id: t.id({ resolve: (e) => String(e.id) }),
      collection: t.exposeString('collection', { description: 'The type name of the item’s collection.' }),
      itemId: t.id({ resolve: (e) => e.itemId }),
      kind: t.field({ type: kind, resolve: (e) => e.kind }),
      from: t.field({
        type: state,
        nullable: true,
        description: 'Null for comments.',
        resolve: (e) => e.fromState as WorkflowState | null,
      }),
      to: t.field({
        type: state,
        nullable: true,
        description: 'Null for comments.',
        resolve: (e) => e.toState as WorkflowState | null,
      }),
      userId: t.id({ nullable: true, description: 'Who did it (null for an API token).', resolve: (e) => e.userId }),
      comment: t.string({ nullable: true, resolve: (e) => e.comment }),
      at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    }),
  });
  const result = builder.objectRef<TransitionResult>('WorkflowTransitionResult').implement({
    fields: (t) => ({
      state: t.field({ type: state, description: 'The item’s new state.', resolve: (r) => r.state }),
      event: t.field({ type: event, description: 'The history entry of the move.', resolve: (r) => r.event }),
    }),
  });
  const rule = builder.objectRef<ResolvedWorkflow['transitions'][number]>('WorkflowTransitionRule').implement({
    description: 'A move the workflow allows, and the roles that may make it.',
    fields: (t) => ({
      from: t.field({ type: state, resolve: (r) => r.from }),
      to: t.field({ type: state, resolve: (r) => r.to }),
      roles: t.stringList({ resolve: (r) => r.roles }),
      name: t.string({ nullable: true, resolve: (r) => r.name ?? null }),
    }),
  });

  for (const type of wf.collections) {
    builder.drizzleObjectField(plugin.type(type), 'workflowState', (t: any) =>
      t.field({
        type: state,
        nullable: true,
        description: 'Where the item stands in the editorial workflow.',
        select: { columns: { id: true, status: true } },
        resolve: async (item: { id: string; status: string }, _args: unknown, ctx: Context) =>
          effectiveState(item.status, await storedState(ctx, type, item.id)),
      }),
    );
    builder.drizzleObjectField(plugin.type(type), 'workflowHistory', (t: any) =>
      t.field({
        type: [event],
        nullable: true,
        description: 'Transitions and comments, oldest first. For the roles that take part in the workflow.',
        select: { columns: { id: true } },
        resolve: (item: { id: string }, _args: unknown, ctx: Context) => {
          requireParticipant(ctx, wf, workflowCollection(ctx, wf, type));
          return historyOf(ctx, type, item.id);
        },
      }),
    );
  }

  builder.queryField('workflowTransitions', (t) =>
    t.field({
      type: [rule],
      // Nullable, so a document that asks for more still gets the rest while the plugin is off.
      nullable: true,
      description: 'The moves the workflow allows, with the roles that may make them.',
      resolve: () => [...wf.transitions],
    }),
  );
  const collectionArg = { required: true, description: 'A workflow collection’s type name, e.g. "Post".' } as const;
  builder.mutationFields((t) => ({
    transitionWorkflow: t.field({
      type: result,
      description:
        'Moves an item to another workflow state; a move into PUBLISHED publishes it, one out of it unpublishes it.',
      args: {
        collection: t.arg.string(collectionArg),
        id: t.arg.id({ required: true }),
        to: t.arg({ type: state, required: true }),
        comment: t.arg.string(),
      },
      resolve: (_root, args, ctx) => transition(ctx, wf, args),
    }),
    commentOnWorkflow: t.field({
      type: event,
      description: 'Adds a comment to an item’s workflow history.',
      args: {
        collection: t.arg.string(collectionArg),
        id: t.arg.id({ required: true }),
        comment: t.arg.string({ required: true }),
      },
      resolve: (_root, args, ctx) => comment(ctx, wf, args),
    }),
  }));
};
