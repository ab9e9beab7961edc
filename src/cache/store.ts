import { KvTier } from './kv';
import { type MemoryStats, MemoryTier } from './memory';
import { TagVersions } from './versions';

export type CacheSource = 'memory' | 'kv';

export interface TieredCacheOptions {
  /** The memory tier's bound in bytes (default 50 MB); 0 turns the tier off. */
  memoryBytes?: number;
  /** Whether responses are also kept in KV (default true when a KV binding is given). */
  kv?: boolean;
  /** How long an isolate trusts what it knows of a tag's version before asking KV again (default 1000 ms). */
  refreshMs?: number;
  /** KV key prefix; a new prefix (a new namespace version) orphans every earlier entry. */
  prefix?: string;
  now?: () => number;
}

export interface CacheHit {
  value: string;
  source: CacheSource;
  /** Milliseconds the entry has left. */
  ttlMs: number;
}

export interface TieredCacheStats {
  memory: MemoryStats & { hits: number; misses: number; maxBytes: number };
  kv: { enabled: boolean; hits: number; misses: number };
}

export const DEFAULT_MEMORY_BYTES = 50 * 1024 * 1024;

/** Which tiers one read or write uses (a namespace may keep out of one). Both by default. */
export interface Tiers {
  memory?: boolean;
  kv?: boolean;
  /** Whether a read that finds nothing counts as a miss (default true). */
  countMiss?: boolean;
}

/**
 * Memory → KV: a read tries this isolate's memory, then KV (a KV hit fills memory); a write goes to both. Entries
 * carry tags (`Post:42`, `PostConnection`); `invalidate(tags)` drops them from memory at once and bumps the tags'
 * versions, which make KV entries computed before the bump misses everywhere.
 * @example
 * const cache = new TieredCache(env.KV);
 * await cache.set(key, body, 60_000, ['Post:42'], startedAt);
 * (await cache.get(key))?.source; // 'memory'
 */
export class TieredCache {
  readonly memory: MemoryTier;
  readonly versions: TagVersions;
  private readonly kvTier?: KvTier;
  private readonly now: () => number;
  private counters = { memory: { hits: 0, misses: 0 }, kv: { hits: 0, misses: 0 } };

  constructor(kv: KVNamespace | undefined, options: TieredCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    const prefix = options.prefix ?? 'rc:v1:';
    this.memory = new MemoryTier(options.memoryBytes ?? DEFAULT_MEMORY_BYTES, this.now);
    this.versions = new TagVersions(kv, { prefix: `${prefix}tag:`, refreshMs: options.refreshMs, now: this.now });
    if (kv && options.kv !== false) this.kvTier = new KvTier(kv, this.versions, { prefix: `${prefix}r:`, now: this.now });
  }

  async get(key: string, tiers: Tiers = {}): Promise<CacheHit | undefined> {
    const useMemory = tiers.memory !== false;
    const local = useMemory ? this.memory.get(key) : undefined;
    if (local) {
      if (await this.versions.isFresh(local.tags, local.at)) {
        this.counters.memory.hits++;
        return { value: local.value, source: 'memory', ttlMs: local.expiresAt - this.now() };
      }
      this.memory.delete(key);
    }
    if (useMemory && tiers.countMiss !== false) this.counters.memory.misses++;
    if (!this.kvTier || tiers.kv === false) return undefined;
    const remote = await this.kvTier.get(key);
    if (!remote) {
      this.counters.kv.misses++;
      return undefined;
    }
    this.counters.kv.hits++;
    const ttlMs = remote.expiresAt - this.now();
    if (useMemory) this.memory.set(key, remote.value, ttlMs, remote.tags, remote.at);
    return { value: remote.value, source: 'kv', ttlMs };
  }

  /**
   * Stores a response computed at `computedAt` (when its request started reading). One computed before an
   * invalidation this isolate knows of is not stored: it may hold what the invalidation removed.
   */
  async set(key: string, value: string, ttlMs: number, tags: string[], computedAt: number, tiers: Tiers = {}): Promise<void> {
    if (ttlMs <= 0 || this.versions.knownStale(tags, computedAt)) return;
    if (tiers.memory !== false) this.memory.set(key, value, ttlMs, tags, computedAt);
    if (tiers.kv !== false) await this.kvTier?.set(key, value, ttlMs, tags, computedAt);
  }

  /** Drops every entry holding one of the tags: from memory now, and from KV through the tags' versions. */
  async invalidate(tags: Iterable<string>): Promise<void> {
    const list = [...new Set(tags)];
    if (list.length === 0) return;
    this.memory.invalidate(list);
    await this.versions.bump(list);
  }

  stats(): TieredCacheStats {
    return {
      memory: { ...this.memory.stats(), ...this.counters.memory, maxBytes: this.memory.maxBytes },
      kv: { enabled: Boolean(this.kvTier), ...this.counters.kv },
    };
  }
}
