import type { Viewer } from '../types/auth';

// Verified tokens, cached so that most requests skip the JWT check and the D1 lookup. Every entry is keyed by the
// SHA-256 of the whole token (never a prefix: two tokens sharing a long prefix must never share an entry) and expires
// no later than the token.
//
// Two levels:
// - memory, per isolate, bounded (MEMORY_LIMIT entries) and short-lived (MEMORY_TTL_MS): a revocation purges this
//   isolate's entry at once, but can't reach other isolates, so an entry there lives at most 30 s more;
// - KV, shared, purged on revocation (KV is eventually consistent: up to about 60 s to reach every location).
//   KV can't keep anything for less than 60 s, so a token that expires sooner is not put there.

export type AuthenticatedViewer = Exclude<Viewer, { kind: 'anonymous' }>;

interface Entry {
  viewer: AuthenticatedViewer;
  /** Epoch ms after which the entry is not used. */
  until: number;
}

export type CacheSource = 'memory' | 'kv';

const MEMORY_LIMIT = 1000;
export const MEMORY_TTL_MS = 30_000;
const KV_MIN_TTL_SECONDS = 60;

const memory = new Map<string, Entry>();
const kvKey = (hash: string) => `auth:token:${hash}`;

/** The cached viewer of a token hash, from memory or else KV; undefined on a miss or an expired entry. */
export async function readCachedViewer(
  kv: KVNamespace,
  hash: string,
  now = Date.now(),
): Promise<{ viewer: AuthenticatedViewer; source: CacheSource } | undefined> {
  const held = memory.get(hash);
  if (held && held.until > now) return { viewer: held.viewer, source: 'memory' };
  if (held) memory.delete(hash);
  const stored = await kv.get<Entry>(kvKey(hash), 'json');
  if (!stored || !(stored.until > now)) return undefined;
  remember(hash, stored, now);
  return { viewer: stored.viewer, source: 'kv' };
}

/** Caches a verified viewer until `until` (epoch ms, no later than the token's own expiry). */
export async function cacheViewer(
  kv: KVNamespace,
  hash: string,
  viewer: AuthenticatedViewer,
  until: number,
  now = Date.now(),
): Promise<void> {
  const entry: Entry = { viewer, until };
  remember(hash, entry, now);
  const expiration = Math.floor(until / 1000);
  if (expiration - Math.ceil(now / 1000) >= KV_MIN_TTL_SECONDS)
    await kv.put(kvKey(hash), JSON.stringify(entry), { expiration });
}

/** Removes tokens from this isolate's memory and from KV: called whenever tokens are revoked. */
export async function purgeTokens(kv: KVNamespace, hashes: Iterable<string>): Promise<void> {
  const list = [...new Set(hashes)];
  for (const hash of list) memory.delete(hash);
  await Promise.all(list.map((hash) => kv.delete(kvKey(hash))));
}

/** Empties this isolate's memory cache (KV is untouched). For tests that need a KV-only or cold cache. */
export function clearTokenMemoryCache(): void {
  memory.clear();
}

function remember(hash: string, entry: Entry, now: number) {
  memory.delete(hash);
  // Oldest first: a Map iterates in insertion order, and a re-cached entry was just moved to the end.
  while (memory.size >= MEMORY_LIMIT) memory.delete(memory.keys().next().value!);
  memory.set(hash, { viewer: entry.viewer, until: Math.min(entry.until, now + MEMORY_TTL_MS) });
}
