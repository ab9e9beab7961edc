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

const encoder = new TextEncoder();

/**
 * A per-isolate LRU of serialised responses, bounded in bytes (UTF-8 length of the value plus its key and tags) and
 * aware of TTLs. Tags index the entries, so an invalidation drops exactly the ones holding a changed entity.
 * @example
 * const memory = new MemoryTier(50 * 1024 * 1024);
 * memory.set('key', '{"data":{}}', 60_000, ['Post:42', 'PostConnection']);
 * memory.invalidate(['Post:42']);
 */
export class MemoryTier {
  private entries = new Map<string, MemoryEntry>();
  private byTag = new Map<string, Set<string>>();
  private counters = { evictions: 0, bytes: 0 };

  constructor(
    readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): MemoryEntry | undefined {
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

  /** Stores a value for `ttlMs` and returns its entry; a value larger than the whole bound is not stored (undefined). */
  set(key: string, value: string, ttlMs: number, tags: readonly string[], at = this.now()): MemoryEntry | undefined {
    if (ttlMs <= 0) return undefined;
    const bytes = encoder.encode(value).length + key.length + tags.reduce((n, t) => n + t.length, 0);
    if (bytes > this.maxBytes) return undefined;
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
