import { BUILT_IN_ROLES } from '../auth/viewer';
import type { Viewer } from '../types/auth';

/** What a role may do to a collection's items. */
export const ACTIONS = ['read', 'create', 'update', 'delete', 'publish'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Which items a permission covers: `all`, or `own` (items the caller created, by `created_by`). `published` is
 * anonymous callers' read scope: PUBLISHED items whose publishedAt has passed. It is never stored.
 */
export type Scope = 'all' | 'own' | 'published';

export interface Rule {
  allowed: boolean;
  scope: Scope;
}

export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

export const isBuiltInRole = (role: string): role is BuiltInRole =>
  (BUILT_IN_ROLES as readonly string[]).includes(role);

const ALL: Rule = Object.freeze({ allowed: true, scope: 'all' });
const OWN: Rule = Object.freeze({ allowed: true, scope: 'own' });
export const DENIED: Rule = Object.freeze({ allowed: false, scope: 'all' });
export const PUBLISHED: Rule = Object.freeze({ allowed: true, scope: 'published' });

/**
 * What a read sees of the items its rule covers: `PUBLISHED` only the published ones (status PUBLISHED, publishedAt
 * passed), `DRAFT` every one whatever its status (drafts, archived and scheduled items: the latest of everything).
 */
export const STAGES = ['PUBLISHED', 'DRAFT'] as const;
export type ContentStage = (typeof STAGES)[number];

/**
 * The built-in defaults, used where the matrix has no row. Authors write drafts and change or delete their own
 * items; publishing is an editor's decision (grant `publish` to `author` in the matrix to change that).
 */
const DEFAULTS: Record<BuiltInRole, Record<Action, Rule>> = {
  admin: { read: ALL, create: ALL, update: ALL, delete: ALL, publish: ALL },
  editor: { read: ALL, create: ALL, update: ALL, delete: ALL, publish: ALL },
  author: { read: ALL, create: ALL, update: OWN, delete: OWN, publish: DENIED },
  viewer: { read: ALL, create: DENIED, update: DENIED, delete: DENIED, publish: DENIED },
};

/** A role's built-in rule for an action: custom roles have no rights until an admin grants them. */
export const defaultRule = (role: string, action: Action): Rule =>
  isBuiltInRole(role) ? DEFAULTS[role][action] : DENIED;

/**
 * The role an API token acts as: a `read` token reads like a viewer, a `read-write` token reads and writes like an
 * editor, both with the built-in defaults (the matrix is for people's roles) and only in the token's collections.
 */
export const tokenRole = (viewer: Extract<Viewer, { kind: 'apiToken' }>): BuiltInRole =>
  viewer.access === 'read-write' ? 'editor' : 'viewer';
