import type { Viewer } from '../types/auth';

export const ANONYMOUS: Viewer = Object.freeze({ kind: 'anonymous' });

export const BUILT_IN_ROLES = ['admin', 'editor', 'author', 'viewer'] as const;
