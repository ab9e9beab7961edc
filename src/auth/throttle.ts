// A small KV throttle for actions that are not sign-ins (sign-in limits are counted in login-limiter.ts). KV is
// eventually consistent and has no atomic increment: under a burst a few more uses than the limit can slip through,
// which is fine for what it guards (how many reset emails one address gets).

/**
 * Counts one use of a throttled action (e.g. reset emails for one address); false once `limit` uses fell within
 * `windowSeconds` (at least 60, KV's minimum TTL) of the first.
 */
export async function takeAttempt(
  kv: KVNamespace,
  key: string,
  limit: number,
  windowSeconds: number,
  now = Date.now(),
): Promise<boolean> {
  const held = await kv.get<{ uses: number; since: number }>(key, 'json');
  const current = held && held.since + windowSeconds * 1000 > now ? held : { uses: 0, since: now };
  if (current.uses >= limit) return false;
  const expiration = Math.floor((current.since + windowSeconds * 1000) / 1000);
  await kv.put(key, JSON.stringify({ ...current, uses: current.uses + 1 }), {
    expiration: Math.max(expiration, Math.ceil(now / 1000) + 60),
  });
  return true;
}
