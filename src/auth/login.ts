import { and, eq, isNull } from 'drizzle-orm';
import type { Context } from '../context';
import { rateLimited, unauthenticated } from '../errors';
import { clientIp } from '../log/events';
import { refreshTokens, sessions, users } from '../system/tables';
import { settingsOf } from './config';
import { securityEvent } from './events';
import { sha256Hex } from './hash';
import { clearFailures, lockedFor, recordFailure } from './lockout';
import { hashPassword, needsRehash, verifyPassword } from './password';
import { normaliseEmail, PASSWORD_MAX_LENGTH } from './policy';
import { authDb, type IssuedTokens, issueSession, revokeTokens } from './sessions';
import { emitPluginEvent } from '../plugins/events';
import { type PublicUser, toPublicUser } from './users';

export interface SignedIn {
  tokens: IssuedTokens;
  user: PublicUser;
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
 * Signs a user in. Locked emails and IPs are refused with RATE_LIMITED before the password is checked; a failure
 * is counted and logged (`login_failed`, and `login_locked` when it reaches the limit). A hash made with an older
 * cost is replaced on success.
 */
export async function login(ctx: Context, args: { email: string; password: string }): Promise<SignedIn> {
  const settings = settingsOf(ctx.cms.config);
  const email = normaliseEmail(args.email);
  const subject = { email, ip: clientIp(ctx.request) };
  const wait = await lockedFor(ctx.env.KV, settings.lockout, subject);
  if (wait > 0) {
    securityEvent(ctx, 'login_failed', { email, reason: 'locked' });
    throw rateLimited(wait, `Too many failed sign-ins; try again in ${wait} seconds`);
  }
  await emitPluginEvent(ctx, 'beforeLogin', { ctx, email });
  const db = authDb(ctx.env);
  const user = await db.select().from(users).where(eq(users.email, email)).get();
  if (!(await passwordMatches(args.password, user?.passwordHash))) {
    const { locked } = await recordFailure(ctx.env.KV, settings.lockout, subject);
    securityEvent(ctx, 'login_failed', { email, reason: user ? 'wrong_password' : 'unknown_email' }, user?.id);
    if (locked.length) securityEvent(ctx, 'login_locked', { email, locked, seconds: settings.lockout.lockSeconds }, user?.id);
    throw unauthenticated('The email or password is incorrect');
  }
  await clearFailures(ctx.env.KV, email);
  if (needsRehash(user!.passwordHash)) {
    await db.update(users).set({ passwordHash: await hashPassword(args.password), updatedAt: new Date() }).where(eq(users.id, user!.id));
  }
  const signedIn = { tokens: await issueSession(ctx.env, user!, settings), user: toPublicUser(user!) };
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
  const session = await authDb(ctx.env).select({ familyId: sessions.familyId }).from(sessions).where(eq(sessions.id, viewer.tokenId)).get();
  await revokeTokens(ctx.env, { sessionId: viewer.tokenId, familyId: session?.familyId ?? null });
  return true;
}
