import { and, eq, isNull } from 'drizzle-orm';
import type { Context } from '../types/context';
import { forbidden, unauthenticated } from '../errors';
import { refreshTokens, sessions, users } from '../system/tables';
import { settingsOf } from './config';
import { securityEvent } from './events';
import { sha256Hex } from '../security/hash';
import { signClientProof } from './client-proof';
import { jwtSettings } from './jwt';
import { admitAttempt, attemptOf, attemptSucceeded } from './login-limits';
import { hashPassword, needsRehash, verifyPassword } from './password';
import { normaliseEmail, PASSWORD_MAX_LENGTH } from './policy';
import { authDb, type IssuedTokens, issueSession, revokeTokens } from './sessions';
import { emitPluginEvent } from '../plugins/events';
import { toPublicUser } from './users';
import type { PublicUser } from '../types/auth';

export interface SignedIn {
  tokens: IssuedTokens;
  user: PublicUser;
  /** A sign-in's known-client proof (login only): sent back with later sign-ins, it keeps this client's own count. */
  clientProof?: string;
}

// Checked when the email is unknown, so that an unknown email takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

/** Checks a password against a user's hash (or a dummy one), without hashing anything longer than the policy allows. */
export async function passwordMatches(password: string, stored: string | undefined): Promise<boolean> {
  if ([...password].length > PASSWORD_MAX_LENGTH) return false;
  if (stored === undefined) {
    await verifyPassword(password, await (dummyHash ??= hashPassword(crypto.randomUUID())));
    return false;
  }
  return verifyPassword(password, stored);
}

/**
 * Signs a user in. Each attempt is counted before the password is checked (login-limits.ts): one that is over a
 * limit is refused with RATE_LIMITED unchecked; a failure is logged (`login_failed`, and `login_locked` when it
 * reached a limit). A success returns a known-client proof; a hash made with an older cost is replaced.
 */
export async function login(
  ctx: Context,
  args: { email: string; password: string; clientProof?: string | null },
): Promise<SignedIn> {
  const settings = settingsOf(ctx.cms.config);
  const email = normaliseEmail(args.email);
  const db = authDb(ctx.env);
  const user = await db.select().from(users).where(eq(users.email, email)).get();
  const attempt = await attemptOf(ctx, email, user?.id, args.clientProof);
  const { reaching } = await admitAttempt(ctx, settings, attempt, email);
  await emitPluginEvent(ctx, 'beforeLogin', { ctx, email });
  if (!(await passwordMatches(args.password, user?.passwordHash))) {
    securityEvent(
      ctx,
      'login_failed',
      { email, reason: user ? 'wrong_password' : 'unknown_email', known: attempt.known },
      user?.id,
    );
    if (reaching.length)
      securityEvent(ctx, 'login_locked', { email, locked: reaching, seconds: settings.lockout.lockSeconds }, user?.id);
    throw unauthenticated('The email or password is incorrect');
  }
  attemptSucceeded(ctx, settings, attempt);
  // Said only to whoever knows the password: the account exists, but an admin has switched it off.
  if (user!.deactivatedAt) {
    securityEvent(ctx, 'login_refused', { email, reason: 'deactivated' }, user!.id);
    throw forbidden('This account is deactivated; ask an admin to reactivate it');
  }
  if (needsRehash(user!.passwordHash)) {
    await db
      .update(users)
      .set({ passwordHash: await hashPassword(args.password), updatedAt: new Date() })
      .where(eq(users.id, user!.id));
  }
  const clientProof = await signClientProof(jwtSettings(ctx.env), user!.id, settings.refreshTokenDays);
  const signedIn = { tokens: await issueSession(ctx.env, user!, settings), user: toPublicUser(user!), clientProof };
  await emitPluginEvent(ctx, 'afterLogin', { ctx, user: signedIn.user });
  return signedIn;
}

/**
 * Exchanges a refresh token for a new access token and a new refresh token of the same family; the old one is
 * spent. Presenting a spent token again means it leaked (or was stolen): the whole family is revoked.
 */
export async function refresh(ctx: Context, refreshToken: string): Promise<SignedIn> {
  const settings = settingsOf(ctx.cms.config);
  const db = authDb(ctx.env);
  const found = await db
    .select({ token: refreshTokens, user: users })
    .from(refreshTokens)
    .innerJoin(users, eq(users.id, refreshTokens.userId))
    .where(eq(refreshTokens.tokenHash, await sha256Hex(refreshToken)))
    .get();
  const refused = unauthenticated('The refresh token is invalid, expired or revoked; sign in again');
  if (!found) throw refused;
  const { token, user } = found;
  if (token.replacedBy) return reuse(ctx, token.familyId, user.id, refused);
  if (token.revokedAt || token.expiresAt.getTime() <= Date.now()) throw refused;
  // Claimed atomically: of two concurrent uses of one token, one wins and the other counts as reuse.
  const refreshId = crypto.randomUUID();
  const claimed = await db
    .update(refreshTokens)
    .set({ replacedBy: refreshId })
    .where(and(eq(refreshTokens.id, token.id), isNull(refreshTokens.replacedBy), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  if (!claimed.length) return reuse(ctx, token.familyId, user.id, refused);
  const tokens = await issueSession(ctx.env, user, { ...settings, familyId: token.familyId, refreshId });
  return { tokens, user: toPublicUser(user) };
}

async function reuse(ctx: Context, familyId: string, userId: string, error: Error): Promise<never> {
  await revokeTokens(ctx.env, { familyId });
  securityEvent(ctx, 'refresh_reuse', { familyId }, userId);
  throw error;
}

/** Revokes the caller's access token at once, with its refresh family. False when there is no signed-in user. */
export async function logout(ctx: Context): Promise<boolean> {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'user') return false;
  const session = await authDb(ctx.env)
    .select({ familyId: sessions.familyId })
    .from(sessions)
    .where(eq(sessions.id, viewer.tokenId))
    .get();
  await revokeTokens(ctx.env, { sessionId: viewer.tokenId, familyId: session?.familyId ?? null });
  return true;
}
