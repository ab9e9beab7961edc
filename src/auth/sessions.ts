import { and, eq, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { refreshTokens, sessions, users } from '../system/tables';
import { randomSecret, SECRET_PREFIX, sha256Hex } from '../security/hash';
import { jwtSettings, signAccessToken } from './jwt';
import { purgeTokens } from './token-cache';

/** What the auth operations need of the environment: D1, KV and the JWT secrets. */
export type AuthEnv = Pick<
  Env,
  'DB' | 'KV' | 'JWT_SECRET' | 'JWT_SECRET_PREVIOUS' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'JWT_TTL'
>;

/** A plain Drizzle client over D1 for the system tables (no relations needed). */
export const authDb = (env: Pick<Env, 'DB'>) => drizzle(env.DB);
export type AuthDb = ReturnType<typeof authDb>;

export interface TokenUser {
  id: string;
  role: string;
  email: string;
  tokenVersion: number;
}

export interface IssuedTokens {
  token: string;
  refreshToken: string;
  /** When the access token expires. */
  expiresAt: Date;
  /** When the refresh token expires. */
  refreshExpiresAt: Date;
}

const DAY_MS = 86_400_000;
// Expired rows are kept a little past their expiry (clock tolerance), then pruned when the user next signs in.
const PRUNE_AFTER_MS = 3_600_000;

async function signSession(env: AuthEnv, user: TokenUser, familyId: string | null, minutes?: number) {
  const settings = jwtSettings(env);
  // The auth config's lifetime, unless the deployment's JWT_TTL variable says otherwise.
  if (minutes !== undefined && env.JWT_TTL === undefined) settings.ttl = minutes * 60;
  const { token, claims } = await signAccessToken(settings, user);
  const expiresAt = new Date(claims.exp * 1000);
  const row = {
    id: claims.jti,
    userId: user.id,
    tokenHash: await sha256Hex(token),
    familyId,
    expiresAt,
    createdAt: new Date(),
  };
  return { token, expiresAt, row };
}

/**
 * Signs an access token and records it as a session (so it can be checked and revoked). No refresh token: for
 * tests and tools; sign-ins use `issueSession`.
 * @example
 * const { token } = await issueAccessToken(env, user);
 */
export async function issueAccessToken(env: AuthEnv, user: TokenUser): Promise<{ token: string; expiresAt: Date }> {
  const { token, expiresAt, row } = await signSession(env, user, null);
  await authDb(env).insert(sessions).values(row);
  return { token, expiresAt };
}

/**
 * Issues an access token and a refresh token of one family (a new family for a sign-in; the old token's family for a
 * refresh), and prunes the user's long-expired rows.
 */
export async function issueSession(
  env: AuthEnv,
  user: TokenUser,
  options: { refreshTokenDays: number; accessTokenMinutes?: number; familyId?: string; refreshId?: string },
): Promise<IssuedTokens> {
  const db = authDb(env);
  const familyId = options.familyId ?? crypto.randomUUID();
  const { token, expiresAt, row } = await signSession(env, user, familyId, options.accessTokenMinutes);
  const refreshToken = randomSecret(SECRET_PREFIX.refreshToken);
  const now = Date.now();
  const refreshExpiresAt = new Date(now + options.refreshTokenDays * DAY_MS);
  const stale = new Date(now - PRUNE_AFTER_MS);
  await db.batch([
    db.insert(sessions).values(row),
    db.insert(refreshTokens).values({
      id: options.refreshId ?? crypto.randomUUID(),
      userId: user.id,
      tokenHash: await sha256Hex(refreshToken),
      familyId,
      expiresAt: refreshExpiresAt,
      createdAt: new Date(now),
    }),
    db.delete(sessions).where(and(eq(sessions.userId, user.id), lt(sessions.expiresAt, stale))),
    db.delete(refreshTokens).where(and(eq(refreshTokens.userId, user.id), lt(refreshTokens.expiresAt, stale))),
  ]);
  return { token, refreshToken, expiresAt, refreshExpiresAt };
}

/** Which tokens to revoke. */
export type Revocation =
  | { sessionId: string; familyId: string | null }
  | { familyId: string }
  /** Every token of a user, except optionally the caller's own session and its refresh family. */
  | { userId: string; keep?: { sessionId: string; familyId: string | null } };

function revocationFilters(what: Revocation): { sessions: SQL | undefined; refresh: SQL | undefined } {
  if ('userId' in what) {
    const keep = what.keep;
    return {
      sessions: and(eq(sessions.userId, what.userId), keep ? ne(sessions.id, keep.sessionId) : undefined),
      refresh: and(
        eq(refreshTokens.userId, what.userId),
        keep?.familyId ? ne(refreshTokens.familyId, keep.familyId) : undefined,
      ),
    };
  }
  if ('sessionId' in what) {
    return {
      sessions: what.familyId
        ? or(eq(sessions.id, what.sessionId), eq(sessions.familyId, what.familyId))
        : eq(sessions.id, what.sessionId),
      refresh: what.familyId ? eq(refreshTokens.familyId, what.familyId) : undefined,
    };
  }
  return { sessions: eq(sessions.familyId, what.familyId), refresh: eq(refreshTokens.familyId, what.familyId) };
}

/**
 * Revokes access and refresh tokens at once: marks them revoked in D1 and purges the access tokens' cache entries
 * (this isolate's memory and KV). With `bumpVersion`, the user's token version moves on too, so no token signed
 * before now verifies even if a row was missed.
 */
export async function revokeTokens(env: AuthEnv, what: Revocation, bumpVersion?: string): Promise<void> {
  const db = authDb(env);
  const now = new Date();
  const filters = revocationFilters(what);
  const [revoked] = await db.batch([
    db
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(isNull(sessions.revokedAt), filters.sessions))
      .returning({ hash: sessions.tokenHash }),
    ...(filters.refresh
      ? [
          db
            .update(refreshTokens)
            .set({ revokedAt: now })
            .where(and(isNull(refreshTokens.revokedAt), filters.refresh)),
        ]
      : []),
    ...(bumpVersion
      ? [
          db
            .update(users)
            .set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: now })
            .where(eq(users.id, bumpVersion)),
        ]
      : []),
  ]);
  await purgeTokens(
    env.KV,
    revoked.map((r) => r.hash),
  );
}
