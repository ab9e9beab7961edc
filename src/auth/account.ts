import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Context } from '../types/context';
import { clientIp } from '../log/events';
import { passwordResets, sessions, users } from '../system/tables';
import { settingsOf } from './config';
import type { PasswordResetMessage } from '../types/auth';
import { securityEvent } from './events';
import { randomSecret, SECRET_PREFIX, sha256Hex } from '../security/hash';
import { passwordMatches } from './login';
import { admitAttempt, attemptSucceeded, forgetFailures } from './login-limits';
import { hashPassword } from './password';
import { assertNoProblems, emailProblems, normaliseEmail, passwordProblems } from './policy';
import { requireUser } from './require';
import { authDb, revokeTokens } from './sessions';
import { takeAttempt } from './throttle';
import { toPublicUser } from './users';
import { emitPluginEvent } from '../plugins/events';

/**
 * Changes the caller's password. The current password is checked like a sign-in, the caller's session being the
 * client (its failures count towards the limits). Every other token of the user is revoked; the caller's own
 * session and its refresh family stay.
 */
export async function changePassword(
  ctx: Context,
  args: { currentPassword: string; newPassword: string },
): Promise<boolean> {
  const viewer = requireUser(ctx);
  const settings = settingsOf(ctx.cms.config);
  assertNoProblems(passwordProblems('newPassword', args.newPassword));
  const attempt = {
    account: await sha256Hex(viewer.email),
    client: `s:${viewer.tokenId}`,
    known: true,
    address: clientIp(ctx.request, ctx.env),
  };
  await admitAttempt(ctx, settings, attempt, viewer.email);
  const db = authDb(ctx.env);
  const user = await db.select().from(users).where(eq(users.id, viewer.id)).get();
  if (!user || !(await passwordMatches(args.currentPassword, user.passwordHash))) {
    securityEvent(ctx, 'login_failed', { email: viewer.email, reason: 'wrong_current_password' }, viewer.id);
    assertNoProblems([{ path: ['currentPassword'], code: 'INCORRECT', message: 'is not your current password' }]);
  }
  attemptSucceeded(ctx, settings, attempt);
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(args.newPassword), updatedAt: new Date() })
    .where(eq(users.id, viewer.id));
  const session = await db
    .select({ familyId: sessions.familyId })
    .from(sessions)
    .where(eq(sessions.id, viewer.tokenId))
    .get();
  await revokeTokens(ctx.env, {
    userId: viewer.id,
    keep: { sessionId: viewer.tokenId, familyId: session?.familyId ?? null },
  });
  securityEvent(ctx, 'password_changed', {}, viewer.id);
  return true;
}

const RESET_REQUESTS_PER_WINDOW = 3;

/**
 * Starts a password reset. Always answers true, whether or not the email has an account (no account enumeration),
 * and the answer doesn't wait for anything that depends on it: the lookup, the token and its delivery run after the
 * response (`waitUntil`), so both answers take the same time. For an account, a one-time token (stored hashed,
 * valid `auth.resetTokenMinutes`) replaces any earlier one and is handed to the plugins' `passwordResetRequested` hooks (the email plugin sends it) and
 * to `auth.onPasswordReset` (when configured). At most 3 per address per `auth.lockout.lockSeconds`; further
 * requests are answered the same and send nothing.
 */
export async function requestPasswordReset(ctx: Context, args: { email: string }): Promise<boolean> {
  const email = normaliseEmail(args.email);
  if (emailProblems('email', email).length) return true;
  ctx.waitUntil(
    sendPasswordReset(ctx, email).catch((error) =>
      console.error(
        JSON.stringify({
          level: 'error',
          event: 'password_reset_failed',
          requestId: ctx.requestId,
          message: String(error),
        }),
      ),
    ),
  );
  return true;
}

async function sendPasswordReset(ctx: Context, email: string): Promise<void> {
  const settings = settingsOf(ctx.cms.config);
  const db = authDb(ctx.env);
  const user = await db.select().from(users).where(eq(users.email, email)).get();
  // An unknown email goes through the same steps (the throttle, a token, a two-statement batch that changes
  // nothing), so that even the load this leaves behind doesn't tell one from the other.
  const userId = user?.id ?? '';
  // A few messages per address per lock period, so the endpoint can't be used to flood someone's inbox.
  if (
    !(await takeAttempt(
      ctx.env.KV,
      `auth:reset:${await sha256Hex(email)}`,
      RESET_REQUESTS_PER_WINDOW,
      settings.lockout.lockSeconds,
    ))
  ) {
    if (user) securityEvent(ctx, 'password_reset_throttled', {}, user.id);
    return;
  }
  const token = randomSecret(SECRET_PREFIX.passwordReset);
  const now = Date.now();
  const expiresAt = new Date(now + settings.resetTokenMinutes * 60_000);
  const tokenHash = await sha256Hex(token);
  await db.batch([
    db.delete(passwordResets).where(eq(passwordResets.userId, userId)),
    user
      ? db
          .insert(passwordResets)
          .values({ id: crypto.randomUUID(), userId, tokenHash, expiresAt, createdAt: new Date(now) })
      : db.delete(passwordResets).where(eq(passwordResets.tokenHash, tokenHash)),
  ]);
  if (!user) return;
  const message: PasswordResetMessage = { type: 'password_reset', email, token, expiresAt: expiresAt.toISOString() };
  try {
    // The email plugin, when installed, renders and delivers the reset email (through EMAIL_QUEUE when bound).
    await emitPluginEvent(ctx, 'passwordResetRequested', { ctx, user: toPublicUser(user), token, expiresAt });
    await settings.onPasswordReset?.(message, ctx.env);
  } catch (error) {
    // Reported, never thrown: an error here would tell the caller the account exists.
    console.error(
      JSON.stringify({
        level: 'error',
        event: 'password_reset_delivery_failed',
        requestId: ctx.requestId,
        message: String(error),
      }),
    );
  }
  securityEvent(ctx, 'password_reset_requested', {}, user.id);
}

/** Sets a new password with a reset token (once, before it expires) and revokes every token of the user. */
export async function resetPassword(ctx: Context, args: { token: string; newPassword: string }): Promise<boolean> {
  assertNoProblems(passwordProblems('newPassword', args.newPassword));
  const db = authDb(ctx.env);
  const now = new Date();
  const [reset] = await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(
      and(
        eq(passwordResets.tokenHash, await sha256Hex(args.token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
      ),
    )
    .returning({ userId: passwordResets.userId });
  if (!reset)
    assertNoProblems([{ path: ['token'], code: 'INVALID_TOKEN', message: 'is invalid, expired or already used' }]);
  const [user] = await db
    .update(users)
    .set({ passwordHash: await hashPassword(args.newPassword), updatedAt: now })
    .where(eq(users.id, reset!.userId))
    .returning({ email: users.email });
  await revokeTokens(ctx.env, { userId: reset!.userId }, reset!.userId);
  if (user) await forgetFailures(ctx.env, user.email);
  securityEvent(ctx, 'password_reset', {}, reset!.userId);
  return true;
}
