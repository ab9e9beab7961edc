import { chunk } from '../db/chunk';

/** KV reads at most this many keys in one call. */
const KV_BULK_MAX = 100;

/**
 * Per-tag invalidation versions: the time a tag (`Post:42`, `PostConnection`) was last invalidated, kept in KV so
 * every isolate and location learns of it, and remembered in this isolate. A cached response is valid only if it
 * was computed after the last invalidation of each of its tags. The isolate that invalidates knows the new version at
 * once (read-your-writes, whatever KV's propagation); other isolates re-read a tag's version at most every
 * `refreshMs`, so they may serve a stale response for that long after KV has the new version.
 * @example
 * const versions = new TagVersions(env.KV);
 * await versions.bump(['Post:42']);
 * await versions.isFresh(['Post:42'], startedAt); // false for a response computed before the bump
 */
export class TagVersions {
  private known = new Map<string, { version: number; checkedAt: number }>();
  private last = 0;

  constructor(
    private kv: KVNamespace | undefined,
    private options: { prefix?: string; refreshMs?: number; ttlSeconds?: number; now?: () => number } = {},
  ) {}

  private get now() {
    return this.options.now ?? Date.now;
  }

  private keyOf(tag: string) {
    return `${this.options.prefix ?? 'rc:tag:'}${tag}`;
  }

  /**
   * Whether nothing in `tags` was invalidated at or after `computedAt`. Versions this isolate checked lately are
   * trusted without I/O (a hit's usual case: no KV read, nothing allocated); only the others are read from KV.
   */
  async isFresh(tags: readonly string[], computedAt: number): Promise<boolean> {
    const now = this.now();
    const refresh = this.options.refreshMs ?? 1000;
    let unknown: string[] | undefined;
    for (const tag of tags) {
      const known = this.known.get(tag);
      if (!known || now - known.checkedAt >= refresh) (unknown ??= []).push(tag);
      else if (known.version >= computedAt) return false;
    }
    if (!unknown) return true;
    const versions = await this.versionsOf(unknown);
    return unknown.every((tag) => (versions.get(tag) ?? 0) < computedAt);
  }

  /** Whether this isolate already knows that one of `tags` was invalidated at or after `computedAt` (no I/O). */
  knownStale(tags: readonly string[], computedAt: number): boolean {
    return tags.some((tag) => (this.known.get(tag)?.version ?? 0) >= computedAt);
  }

  /** Marks tags invalidated now: in this isolate at once, and in KV for the others. */
  async bump(tags: Iterable<string>): Promise<void> {
    const version = (this.last = Math.max(this.now(), this.last + 1));
    const unique = [...new Set(tags)];
    for (const tag of unique) this.known.set(tag, { version, checkedAt: this.now() });
    if (!this.kv) return;
    const ttl = this.options.ttlSeconds ?? 86_400;
    await Promise.all(unique.map((tag) => this.kv!.put(this.keyOf(tag), String(version), { expirationTtl: ttl })));
  }

  private async versionsOf(tags: readonly string[]): Promise<Map<string, number>> {
    const now = this.now();
    const refresh = this.options.refreshMs ?? 1000;
    const result = new Map<string, number>();
    const stale: string[] = [];
    for (const tag of tags) {
      const known = this.known.get(tag);
      if (known && now - known.checkedAt < refresh) result.set(tag, known.version);
      else stale.push(tag);
    }
    if (stale.length && this.kv) {
      for (const part of chunk(stale, KV_BULK_MAX)) {
        const read = await this.kv.get(
          part.map((tag) => this.keyOf(tag)),
          'text',
        );
        for (const tag of part) {
          const stored = Number(read.get(this.keyOf(tag)) ?? 0);
          // Never forget a newer version this isolate wrote itself and KV has not shown yet.
          const version = Math.max(stored, this.known.get(tag)?.version ?? 0);
          this.known.set(tag, { version, checkedAt: now });
          result.set(tag, version);
        }
      }
    }
    return result;
  }
}
