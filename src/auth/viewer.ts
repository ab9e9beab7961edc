/** Who is calling: set once per request by the auth step, read by permissions and operations. */
export type Viewer =
  | { kind: 'anonymous' }
  /** A signed-in user; `tokenId` is the access token's `jti` (its session), `tokenExpiresAt` its `exp` in seconds. */
  | { kind: 'user'; id: string; role: string; email: string; tokenId: string; tokenExpiresAt: number }
  /** A frontend's API token; `collections` are collection type names (`Post`), null for every collection. */
  | { kind: 'apiToken'; id: string; name?: string; access: 'read' | 'read-write'; collections: string[] | null };

export const ANONYMOUS: Viewer = Object.freeze({ kind: 'anonymous' });

export const BUILT_IN_ROLES = ['admin', 'editor', 'author', 'viewer'] as const;
