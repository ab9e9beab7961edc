import { sha256Hex } from './hash';
import type { AuthSettings } from './config';

// Failed sign-ins are counted in KV per email and per IP. Reaching the limit locks that email (or IP) for
// `lockSeconds`; a counter is forgotten `lockSeconds` after its last failure. KV is eventually consistent and has no
// atomic increment, so under a burst spread over many locations a few more attempts than the limit can slip
// through: this bounds guessing, it is not an exact counter.

interface Counter {
  failures: number;
  /** Epoch ms; set once the limit is reached. */
  lockedUntil?: number;
}

/** Who an attempt is counted against. The IP is absent when the platform doesn't report one (local runs). */
export interface LoginSubject {
  email: string;
  ip: string | null;
}

type Policy = AuthSettings['lockout'];

async function counterKeys(subject: LoginSubject, policy: Policy) {
  // The email is hashed so KV listings don't show addresses.
  const keys = [{ key: `auth:fail:email:${await sha256Hex(subject.email)}`, limit: policy.maxFailures }];
  if (subject.ip) keys.push({ key: `auth:fail:ip:${subject.ip}`, limit: policy.maxIpFailures });
  return keys;
}

/** Seconds until the subject may try again; 0 when it is not locked. */
export async function lockedFor(kv: KVNamespace, policy: Policy, subject: LoginSubject, now = Date.now()): Promise<number> {
  const counters = await Promise.all((await counterKeys(subject, policy)).map(({ key }) => kv.get<Counter>(key, 'json')));
  const until = Math.max(0, ...counters.map((c) => c?.lockedUntil ?? 0));
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

/** Counts a failed attempt; returns whether it locked the email or the IP, and for how long. */
export async function recordFailure(kv: KVNamespace, policy: Policy, subject: LoginSubject, now = Date.now()): Promise<{ locked: Array<'email' | 'ip'> }> {
  const locked: Array<'email' | 'ip'> = [];
  for (const { key, limit } of await counterKeys(subject, policy)) {
    const counter = (await kv.get<Counter>(key, 'json')) ?? { failures: 0 };
    if (counter.lockedUntil && counter.lockedUntil > now) continue;
    const failures = counter.failures + 1;
    const next: Counter = failures >= limit ? { failures, lockedUntil: now + policy.lockSeconds * 1000 } : { failures };
    if (next.lockedUntil) locked.push(key.includes(':ip:') ? 'ip' : 'email');
    await kv.put(key, JSON.stringify(next), { expirationTtl: policy.lockSeconds });
  }
  return { locked };
}

/** Forgets an email's failures after a successful sign-in or a password reset (an IP's count runs out on its own). */
export async function clearFailures(kv: KVNamespace, email: string): Promise<void> {
  await kv.delete(`auth:fail:email:${await sha256Hex(email)}`);
}

/**
 * Counts one use of a throttled action (e.g. reset emails for one address); false once `limit` uses fell within
 * `windowSeconds` (at least 60, KV's minimum TTL) of the first.
 */
export async function takeAttempt(kv: KVNamespace, key: string, limit: number, windowSeconds: number, now = Date.now()): Promise<boolean> {
  const held = await kv.get<{ uses: number; since: number }>(key, 'json');
  const current = held && held.since + windowSeconds * 1000 > now ? held : { uses: 0, since: now };
  if (current.uses >= limit) return false;
  const expiration = Math.floor((current.since + windowSeconds * 1000) / 1000);
  await kv.put(key, JSON.stringify({ ...current, uses: current.uses + 1 }), { expiration: Math.max(expiration, Math.ceil(now / 1000) + 60) });
  return true;
}
