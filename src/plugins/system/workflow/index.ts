import type { Context } from '../../../types/context';
import { definePlugin } from '../../define';
import { workflowHooks } from './hooks';
import { effectiveState, resolveWorkflowOptions, type WorkflowOptions, type WorkflowState } from './options';
import { workflowSchema } from './schema';
import { storedState } from './store';
import { comment, transition } from './transition';
import { workflowMigrations } from './tables';

export { DEFAULT_WORKFLOW_TRANSITIONS, WORKFLOW_STATES } from './options';
export type { WorkflowOptions, WorkflowState, WorkflowTransition } from './options';

/**
 * The editorial workflow (docs/plugins.md, Workflow): items of the given collections move DRAFT → IN_REVIEW →
 * APPROVED → PUBLISHED by role-gated transitions, with a history of moves and comments in the plugin's own tables.
 * Options are checked when the config is built (`CmsConfigError` naming the plugin).
 * @example
 * export default defineConfig({ collections, plugins: [workflow({ collections: ['Post'] })] });
 */
export function workflow(options: WorkflowOptions) {
  const wf = resolveWorkflowOptions(options);
  return definePlugin({
    name: 'workflow',
    version: '1.0.0',
    description: 'Editorial workflow: draft → in review → approved → published, by role, with history and comments.',
    settings: {
      requireApproval: {
        type: 'boolean',
        default: wf.requireApproval,
        description: 'publishX refuses items that are not APPROVED (transitions are not affected).',
      },
    },
    migrations: workflowMigrations,
    hooks: Object.fromEntries([...wf.collections].map((type) => [type, workflowHooks])),
    schema: workflowSchema(wf),
    // For other plugins: `const { transition } = await pluginService(ctx, 'workflow')`.
    services: (ctx: Context) => ({
      state: async (collection: string, id: string, status: unknown): Promise<WorkflowState> =>
        effectiveState(status, await storedState(ctx, collection, id)),
      transition: (args: Parameters<typeof transition>[2]) => transition(ctx, wf, args),
      comment: (args: Parameters<typeof comment>[2]) => comment(ctx, wf, args),
    }),
  });
}
