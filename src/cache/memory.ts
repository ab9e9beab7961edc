import { FrequencySketch } from './frequency';

/** What the memory tier holds, for the stats query and the tests. */
export interface MemoryStats {
  entries: number;
  bytes: number;
  evictions: number;
}

export interface MemoryEntry {
  value: string;
  bytes: number;
  expiresAt: number;
  /** When the value was computed (ms). */
  at: number;
  tags: readonly string[];
  /** Kept in memory only so far: the tiered store writes it to KV when it is read again (see `TieredCache`). */
  kvPending?: boolean;
}

/** What `set` did: the entry stored, or why not (see `MemoryTier`). */
export type MemorySet = MemoryEntry | 'too large' | 'not admitted';

const encoder = new TextEncoder();

/**
 * A per-isolate LRU of serialised responses, bounded in bytes (UTF-8 length of the value plus its key and tags) and
 * aware of TTLs. Tags index the entries, so an invalidation drops exactly the ones holding a changed entity.
 *
 * Admission (TinyLFU's): every lookup counts in a frequency sketch. A new entry that fits in the free room is stored;
 * one that would evict others is stored only if none of the live entries it would evict was looked up more often
 * lately. So a caller sending one new key after another (cache-busting variables, large responses) cycles through
 * the entries as rarely used as its own and never evicts a popular one.
 * @example
 * const memory = new MemoryTier(50 * 1024 * 1024);
 * memory.set('key', '{"data":{}}', 60_000, ['Post:42', 'PostConnection']);
 * memory.invalidate(['Post:42']);
 */
export class MemoryTier {
  private entries = new Map<string, MemoryEntry>();
  private byTag = new Map<string, Set<string>>();
  private counters = { evictions: 0, bytes: 0 };
  private readonly sketch = new FrequencySketch();

  constructor(
    readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The live entry of a key, moved to the young end; the lookup counts for admission (see `MemoryTier`). */
  get(key: string): MemoryEntry | undefined {
    this.sketch.increment(key);
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) {
      if (entry) this.remove(key);
      return undefined;
    }
    // Map order is the LRU order: a hit moves the entry to the young end.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** The live entry of a key, as it is: not a lookup (neither moved nor counted). */
  peek(key: string): MemoryEntry | undefined {
    const entry = this.entries.get(key);
    return entry && entry.expiresAt > this.now() ? entry : undefined;
  }

  /**
   * Stores a value for `ttlMs` and returns its entry; or `'too large'` for a value larger than the whole bound, or
   * `'not admitted'` when it would evict an entry looked up more often (a key's own entry is always replaced).
   */
  set(key: string, value: string, ttlMs: number, tags: readonly string[], at = this.now()): MemorySet {
    const bytes = encoder.encode(value).length + key.length + tags.reduce((n, t) => n + t.length, 0);
    if (bytes > this.maxBytes) return 'too large';
    if (ttlMs <= 0 || (!this.entries.has(key) && !this.admits(key, bytes))) return 'not admitted';
    this.remove(key);
    while (this.counters.bytes + bytes > this.maxBytes) this.evictOldest();
    const entry: MemoryEntry = { value, bytes, expiresAt: this.now() + ttlMs, at, tags };
    this.entries.set(key, entry);
    this.counters.bytes += bytes;
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    return entry;
  }

  /** Drops every entry carrying one of the tags; returns how many. */
  invalidate(tags: Iterable<string>): number {
    let dropped = 0;
    for (const tag of tags) for (const key of [...(this.byTag.get(tag) ?? [])]) dropped += this.remove(key) ? 1 : 0;
    return dropped;
  }

  clear(): void {
    this.entries.clear();
    this.byTag.clear();
    this.counters.bytes = 0;
  }

  /** Drops one entry (found stale by its tags' versions). */
  delete(key: string): void {
    this.remove(key);
  }

  stats(): MemoryStats {
    return { ...this.counters, entries: this.entries.size };
  }

  /** Whether a new entry of `bytes` may evict what it needs to: none of its live victims is more frequent. */
  private admits(key: string, bytes: number): boolean {
    let room = this.maxBytes - this.counters.bytes;
    if (bytes <= room) return true;
    const frequency = this.sketch.frequency(key);
    const now = this.now();
    // Map order is the LRU order: the victims are the oldest entries.
    for (const [victim, entry] of this.entries) {
      if (entry.expiresAt > now && this.sketch.frequency(victim) > frequency) {
        // It stays, and moves to the young end: the next newcomer meets the next oldest (a second chance, as CLOCK).
        this.entries.delete(victim);
        this.entries.set(victim, entry);
        return false;
      }
      room += entry.bytes;
      if (bytes <= room) return true;
    }
    return true;
  }

  private evictOldest() {
    const oldest = this.entries.keys().next().value;
    if (oldest === undefined) return;
    this.remove(oldest);
    this.counters.evictions++;
  }

  private remove(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.counters.bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
    return true;
  }
}
