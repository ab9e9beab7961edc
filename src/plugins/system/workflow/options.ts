import { CmsConfigError } from '../../../errors';

/** The states an item of a workflow collection moves through. PUBLISHED is the item's own `status`. */
export const WORKFLOW_STATES = ['DRAFT', 'IN_REVIEW', 'APPROVED', 'PUBLISHED'] as const;
export type WorkflowState = (typeof WORKFLOW_STATES)[number];

/** One allowed move and the roles that may make it. A move into PUBLISHED publishes the item, one out of it unpublishes. */
export interface WorkflowTransition {
  from: WorkflowState;
  to: WorkflowState;
  roles: string[];
  /** Shown in errors and docs, e.g. "request changes". */
  name?: string;
}

export interface WorkflowOptions {
  /** The collections under the workflow, by type name: `['Post']`. */
  collections: string[];
  /** Replaces the default transitions (`DEFAULT_WORKFLOW_TRANSITIONS`) as a whole. */
  transitions?: WorkflowTransition[];
  /** The default of the `requireApproval` setting (true): `publishPost` refuses items that are not APPROVED. */
  requireApproval?: boolean;
}

/** The defaults: authors submit, editors review and publish, admins may do everything. */
export const DEFAULT_WORKFLOW_TRANSITIONS: readonly WorkflowTransition[] = Object.freeze([
  { from: 'DRAFT', to: 'IN_REVIEW', roles: ['author', 'editor', 'admin'], name: 'submit for review' },
  { from: 'IN_REVIEW', to: 'APPROVED', roles: ['editor', 'admin'], name: 'approve' },
  { from: 'IN_REVIEW', to: 'DRAFT', roles: ['editor', 'admin'], name: 'request changes' },
  { from: 'APPROVED', to: 'PUBLISHED', roles: ['editor', 'admin'], name: 'publish' },
  { from: 'PUBLISHED', to: 'DRAFT', roles: ['editor', 'admin'], name: 'unpublish' },
]);

/** The options after checking: what the plugin's parts read. */
export interface ResolvedWorkflow {
  collections: ReadonlySet<string>;
  transitions: readonly WorkflowTransition[];
  requireApproval: boolean;
  /** Who takes part, and so may read the history and comment: every role of a transition, and admins. */
  participants: ReadonlySet<string>;
}

const fail = (message: string) => new CmsConfigError(`Plugin "workflow": ${message}`);
const isState = (value: unknown): value is WorkflowState => (WORKFLOW_STATES as readonly unknown[]).includes(value);

/**
 * Checks the options when the config is built (unknown collections are checked by the build, which knows them).
 * @example
 * resolveWorkflowOptions({ collections: ['Post'] });
 */
export function resolveWorkflowOptions(options: WorkflowOptions): ResolvedWorkflow {
  if (!options || !Array.isArray(options.collections) || options.collections.length === 0)
    throw fail('`collections` must list at least one collection type name, e.g. ["Post"]');
  for (const name of options.collections)
    if (typeof name !== 'string' || !name) throw fail(`collection names must be strings, got ${JSON.stringify(name)}`);
  if (new Set(options.collections).size !== options.collections.length) throw fail('a collection is listed twice');
  if (options.requireApproval !== undefined && typeof options.requireApproval !== 'boolean')
    throw fail('`requireApproval` must be a boolean');
  const transitions = options.transitions ?? DEFAULT_WORKFLOW_TRANSITIONS;
  if (!Array.isArray(transitions) || transitions.length === 0)
    throw fail('`transitions` must list at least one transition');
  const seen = new Set<string>();
  for (const t of transitions) {
    for (const end of ['from', 'to'] as const)
      if (!isState(t?.[end]))
        throw fail(
          `unknown state ${JSON.stringify(t?.[end])} in a transition's "${end}" (${WORKFLOW_STATES.join(', ')})`,
        );
    if (t.from === t.to) throw fail(`the transition ${t.from} → ${t.to} goes nowhere`);
    if (!Array.isArray(t.roles) || t.roles.length === 0 || t.roles.some((r: unknown) => typeof r !== 'string' || !r))
      throw fail(`the transition ${t.from} → ${t.to} needs a non-empty list of roles`);
    const key = `${t.from}→${t.to}`;
    if (seen.has(key)) throw fail(`the transition ${t.from} → ${t.to} is listed twice`);
    seen.add(key);
  }
  const participants = new Set(['admin', ...transitions.flatMap((t) => t.roles)]);
  return {
    collections: new Set(options.collections),
    transitions,
    requireApproval: options.requireApproval ?? true,
    participants,
  };
}

/** The state an item is in: its `status` says whether it is PUBLISHED; the workflow's row says the rest. */
export function effectiveState(status: unknown, stored: string | null | undefined): WorkflowState {
  if (status === 'PUBLISHED') return 'PUBLISHED';
  return isState(stored) && stored !== 'PUBLISHED' ? stored : 'DRAFT';
}
