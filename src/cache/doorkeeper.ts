/** Keys remembered by default: a few hundred KB of key strings per isolate at most. */
export const DEFAULT_DOORKEEPER_KEYS = 4096;

/**
 * The keys of responses recently kept in memory only (see `TieredCache`). A key that misses again after its memory
 * entry went (evicted, expired, invalidated) passes: its response is being reused, so the store writes it to KV at
 * once instead of keeping it in memory only again, where eviction could keep it out of KV forever. Bounded by count,
 * forgetting the oldest keys first, so a flood of one-off keys costs memory in proportion to the bound, never more.
 * @example
 * const doorkeeper = new Doorkeeper();
 * doorkeeper.passes('key'); // false: remembered
 * doorkeeper.passes('key'); // true: seen before (and forgotten again)
 */
export class Doorkeeper {
  // A Set keeps insertion order: its first key is the oldest.
  private keys = new Set<string>();

  constructor(readonly maxKeys = DEFAULT_DOORKEEPER_KEYS) {}

  /** Whether `key` was remembered (it is then forgotten); an unknown key is remembered and does not pass. */
  passes(key: string): boolean {
    if (this.keys.delete(key)) return true;
    if (this.maxKeys <= 0) return false;
    this.keys.add(key);
    if (this.keys.size > this.maxKeys) this.keys.delete(this.keys.values().next().value!);
    return false;
  }

  /** Forgets a key (its response went to KV). */
  forget(key: string): void {
    this.keys.delete(key);
  }
}
