import type { Context } from '../types/context';
import { rateLimited } from '../errors';
import { clientIp } from '../log/events';
import type { AuthSettings } from './config';
import { clientProofId } from './client-proof';
import { securityEvent } from './events';
import { sha256Hex } from '../security/hash';
import { jwtSettings } from './jwt';
import type { Admission, Attempt } from './login-limiter';

// The worker's side of the sign-in limits (the counting itself is in login-limiter.ts): one call to the Durable
// Object per attempt, before the password is checked.

/** The one limiter object of the deployment. */
const limiterOf = (env: Env) => env.LOGIN_LIMITER.get(env.LOGIN_LIMITER.idFromName('login-limits'));

/**
 * Who an attempt is counted against: the account (by email, known or not) and the client — its known-client proof
 * when that is valid for this user, else its trusted address.
 */
export async function attemptOf(
  ctx: Context,
  email: string,
  userId: string | undefined,
  proof?: string | null,
): Promise<Attempt> {
  const proofId = userId && proof ? await clientProofId(jwtSettings(ctx.env), proof, userId) : null;
  const address = clientIp(ctx.request, ctx.env);
  const account = await sha256Hex(email);
  return proofId
    ? { account, client: `p:${proofId}`, known: true, address }
    : { account, client: `a:${address ?? ''}`, known: false, address };
}

/**
 * Counts an attempt, or refuses it with RATE_LIMITED (logged as `login_failed`, reason `locked`). Returns the
 * limits a failure of this attempt will have reached.
 */
export async function admitAttempt(
  ctx: Context,
  settings: AuthSettings,
  attempt: Attempt,
  email: string,
): Promise<Extract<Admission, { admitted: true }>> {
  const admission = await limiterOf(ctx.env).admit(attempt, settings.lockout);
  if (admission.admitted) return admission;
  securityEvent(ctx, 'login_failed', { email, reason: 'locked', by: admission.by });
  throw rateLimited(admission.retryAfter, `Too many failed sign-ins; try again in ${admission.retryAfter} seconds`);
}

/** Takes back an attempt whose password was right (after the response: nothing waits for it). */
export function attemptSucceeded(ctx: Context, settings: AuthSettings, attempt: Attempt): void {
  ctx.waitUntil(limiterOf(ctx.env).succeeded(attempt, settings.lockout));
}

/** Forgets the failures counted against an email (after a password reset). */
export async function forgetFailures(env: Env, email: string): Promise<void> {
  await limiterOf(env).forget(await sha256Hex(email));
}
