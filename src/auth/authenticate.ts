import { and, eq } from 'drizzle-orm';
import { apiTokens, sessions, users } from '../system/tables';
import { SECRET_PREFIX, sha256Hex } from '../security/hash';
import { InvalidToken, jwtSettings, verifyAccessToken } from './jwt';
import { type AuthEnv, authDb } from './sessions';
import { type AuthenticatedViewer, type CacheSource, cacheViewer, readCachedViewer } from './token-cache';

// API tokens don't expire; their cache entries are renewed this often (a revocation purges them at once anyway).
const API_TOKEN_CACHE_MS = 300_000;

export interface Authenticated {
  viewer: AuthenticatedViewer;
  /** Where the answer came from: a cache level, or a full check against D1. */
  source: CacheSource | 'database';
}

/**
 * The viewer of a bearer token: an API token (`cms_at_…`) or a signed access token. Cached by the SHA-256 of the
 * whole token; a miss verifies the JWT and then checks the user and the session in one D1 query (the session must
 * exist, be unrevoked and belong to exactly this token; the user's token version must match).
 * Throws InvalidToken for anything that does not verify.
 */
export async function authenticateToken(
  env: AuthEnv,
  token: string,
  waitUntil?: (promise: Promise<unknown>) => void,
): Promise<Authenticated> {
  const hash = await sha256Hex(token);
  const cached = await readCachedViewer(env.KV, hash);
  if (cached) return cached;
  const viewer = token.startsWith(SECRET_PREFIX.apiToken)
    ? await apiTokenViewer(env, hash, waitUntil)
    : await accessTokenViewer(env, token, hash);
  const until = viewer.kind === 'user' ? viewer.tokenExpiresAt * 1000 : Date.now() + API_TOKEN_CACHE_MS;
  await cacheViewer(env.KV, hash, viewer, until);
  return { viewer, source: 'database' };
}

async function accessTokenViewer(env: AuthEnv, token: string, hash: string): Promise<AuthenticatedViewer> {
  const claims = await verifyAccessToken(jwtSettings(env), token);
  const row = await authDb(env)
    .select({
      role: users.role,
      email: users.email,
      tokenVersion: users.tokenVersion,
      tokenHash: sessions.tokenHash,
      revokedAt: sessions.revokedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, claims.jti), eq(sessions.userId, claims.sub)))
    .get();
  if (!row) throw new InvalidToken('no session');
  if (row.revokedAt) throw new InvalidToken('revoked');
  if (row.tokenHash !== hash) throw new InvalidToken('not the token of its session');
  if (row.tokenVersion !== claims.ver) throw new InvalidToken('token version');
  // The role and email are read live: a role change revokes tokens anyway, and the claims may be older.
  return {
    kind: 'user',
    id: claims.sub,
    role: row.role,
    email: row.email,
    tokenId: claims.jti,
    tokenExpiresAt: claims.exp,
  };
}

async function apiTokenViewer(
  env: AuthEnv,
  hash: string,
  waitUntil?: (promise: Promise<unknown>) => void,
): Promise<AuthenticatedViewer> {
  const db = authDb(env);
  const row = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hash)).get();
  if (!row || row.revokedAt) throw new InvalidToken('unknown or revoked API token');
  // Coarse on purpose: written on a cache miss only, at most every few minutes per isolate.
  waitUntil?.(db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id)).run());
  return {
    kind: 'apiToken',
    id: row.id,
    name: row.name,
    access: row.access,
    collections: row.collections ?? null,
    drafts: row.drafts,
  };
}
