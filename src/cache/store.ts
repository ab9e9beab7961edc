import type { KvAdmission } from '../types/cache';
import { AdmittedKeys } from './admitted';
import { Doorkeeper } from './doorkeeper';
import { KvTier } from './kv';
import { type MemoryEntry, type MemoryStats, MemoryTier } from './memory';
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
  /** How many keys kept in memory only are remembered, so their next miss goes to KV at once (default 4096). */
  doorkeeperKeys?: number;
  /** How long an isolate trusts the summary of keys other isolates admitted to KV (default 5000 ms). */
  admittedRefreshMs?: number;
  /** How often an isolate writes its admitted keys to that summary at most (default 1000 ms). */
  admittedFlushMs?: number;
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
  kv: { enabled: boolean; hits: number; misses: number; writes: number };
}

export const DEFAULT_MEMORY_BYTES = 50 * 1024 * 1024;

/** When a response goes to KV: when it is used again (`reuse`, the default), or at its first miss (`first`). */
export const KV_ADMISSIONS = ['reuse', 'first'] as const satisfies readonly KvAdmission[];

/** Which tiers one read or write uses (a namespace may keep out of one), both by default, and when KV gets it. */
export interface Tiers {
  memory?: boolean;
  kv?: boolean;
  /** Whether a read that finds nothing counts as a miss (default true). */
  countMiss?: boolean;
  kvAdmission?: KvAdmission;
}

export interface CacheGetOptions {
  /**
   * Runs work that need not delay the hit (writing a reused entry to KV) after the response; without it, the hit
   * waits for that work.
   */
  waitUntil?: (promise: Promise<unknown>) => void;
  /**
   * The caller looked in memory for this request a moment ago (the fast path): only KV is left to look in (a KV hit
   * still fills memory), and the request counts once for memory's admission.
   */
  memoryChecked?: boolean;
}

/**
 * Memory → KV: a read tries this isolate's memory, then KV (a KV hit fills memory). Entries carry tags (`Post:42`,
 * `PostConnection`); `invalidate(tags)` drops them from memory at once and bumps the tags' versions, which make KV
 * entries computed before the bump misses everywhere.
 *
 * A new response goes to memory only; it is written to KV when it is used again (its first memory hit, after the
 * response), as nginx's `proxy_cache_min_uses 2`. KV writes are billed at ten times a read and limited to one per
 * second per key, and any caller can make every request a new key (varying its variables): a flood of one-off keys
 * must not become a flood of KV writes. A response memory can't hold (memory off, or larger than its bound), a key
 * the doorkeeper saw kept in memory only or nowhere before (its entry went before it was reused, or memory did not
 * admit it: see `MemoryTier`), and `kvAdmission: 'first'` go to KV at once. A miss reads KV only for a key some
 * isolate admitted (see `AdmittedKeys`).
 * @example
 * const cache = new TieredCache(env.KV);
 * await cache.set(key, body, 60_000, ['Post:42'], startedAt); // memory only
 * (await cache.get(key, {}, { waitUntil }))?.source; // 'memory', and KV gets it after the response
 */
export class TieredCache {
  readonly memory: MemoryTier;
  readonly versions: TagVersions;
  private readonly kvTier?: KvTier;
  private readonly admitted?: AdmittedKeys;
  private readonly now: () => number;
  private readonly doorkeeper: Doorkeeper;
  private counters = { memory: { hits: 0, misses: 0 }, kv: { hits: 0, misses: 0, writes: 0 } };

  constructor(kv: KVNamespace | undefined, options: TieredCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    const prefix = options.prefix ?? 'rc:v1:';
    this.memory = new MemoryTier(options.memoryBytes ?? DEFAULT_MEMORY_BYTES, this.now);
    this.doorkeeper = new Doorkeeper(options.doorkeeperKeys);
    this.versions = new TagVersions(kv, { prefix: `${prefix}tag:`, refreshMs: options.refreshMs, now: this.now });
    if (kv && options.kv !== false) {
      this.kvTier = new KvTier(kv, this.versions, { prefix: `${prefix}b:`, now: this.now });
      this.admitted = new AdmittedKeys(kv, {
        key: `${prefix}admitted`,
        refreshMs: options.admittedRefreshMs,
        flushMs: options.admittedFlushMs,
        now: this.now,
      });
    }
  }

  async get(key: string, tiers: Tiers = {}, options: CacheGetOptions = {}): Promise<CacheHit | undefined> {
    const useMemory = tiers.memory !== false;
    const local = useMemory && !options.memoryChecked ? this.memory.get(key) : undefined;
    if (local) {
      if (await this.versions.isFresh(local.tags, local.at)) {
        this.counters.memory.hits++;
        if (local.kvPending) {
          const write = this.admit(key, local);
          if (options.waitUntil) options.waitUntil(write);
          else await write;
        }
        return { value: local.value, source: 'memory', ttlMs: local.expiresAt - this.now() };
      }
      this.memory.delete(key);
    }
    if (useMemory && tiers.countMiss !== false) this.counters.memory.misses++;
    if (!this.kvTier || tiers.kv === false) return undefined;
    // KV holds only what an isolate admitted: a key none did is not read there (a lost hit at worst, never stale).
    const remote = (await this.admitted!.mayHold(key, options.waitUntil)) ? await this.kvTier.get(key) : undefined;
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
   * Stores a response computed at `computedAt` (when its request started reading): in memory, and in KV when memory
   * can't hold it, when its key was kept in memory only before, or with `kvAdmission: 'first'`; otherwise KV gets it
   * when it is reused. One computed before an invalidation this isolate knows of is not stored: it may hold what the
   * invalidation removed.
   */
  async set(
    key: string,
    value: string,
    ttlMs: number,
    tags: string[],
    computedAt: number,
    tiers: Tiers = {},
  ): Promise<void> {
    if (ttlMs <= 0 || this.versions.knownStale(tags, computedAt)) return;
    const useMemory = tiers.memory !== false;
    // An entry still here was stored by a concurrent miss of the same key (a hit would have answered this one).
    const previous = useMemory ? this.memory.peek(key) : undefined;
    const local = useMemory ? this.memory.set(key, value, ttlMs, tags, computedAt) : 'too large';
    if (!this.kvTier || tiers.kv === false) return;
    if (tiers.kvAdmission !== 'first') {
      if (local === 'not admitted') {
        // Memory keeps more frequent entries: KV gets the response when its key misses again (it is being reused).
        if (!this.doorkeeper.passes(key)) return;
      } else if (local !== 'too large') {
        if (previous) {
          // A reuse, unless KV has the key or is getting it. A hit still holding `previous` must not write it too.
          if (!previous.kvPending) return;
          previous.kvPending = false;
          this.doorkeeper.forget(key);
        } else if (!this.doorkeeper.passes(key)) {
          local.kvPending = true;
          return;
        }
      }
    }
    await this.writeKv(key, value, computedAt + ttlMs, tags, computedAt);
  }

  /**
   * Writes an entry kept in memory only to KV on its first reuse, at most once: with its own computing time, tags and
   * expiry, so an invalidation since still makes it a miss. The hit found it fresh, but this runs after the response:
   * it checks again, and an entry invalidated meanwhile is not written.
   */
  private async admit(key: string, entry: MemoryEntry): Promise<void> {
    entry.kvPending = false;
    this.doorkeeper.forget(key);
    if (!(await this.versions.isFresh(entry.tags, entry.at))) return;
    await this.writeKv(key, entry.value, entry.expiresAt, entry.tags, entry.at);
  }

  private async writeKv(
    key: string,
    value: string,
    expiresAt: number,
    tags: readonly string[],
    computedAt: number,
  ): Promise<void> {
    this.counters.kv.writes++;
    await this.kvTier!.set(key, value, expiresAt, tags, computedAt);
    await this.admitted!.add(key, expiresAt);
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
