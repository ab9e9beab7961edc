/** Who is calling: set once per request by the auth step, read by permissions and operations. */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'user'; id: string; role: string; email: string; tokenId: string; tokenExpiresAt: number }
  | { kind: 'apiToken'; id: string; access: 'read' | 'read-write'; collections: string[] | null };

export const ANONYMOUS: Viewer = Object.freeze({ kind: 'anonymous' });

export const BUILT_IN_ROLES = ['admin', 'editor', 'author', 'viewer'] as const;
