import type { TagVersions } from './versions';

/** KV does not keep anything for less than this; shorter TTLs are enforced on read. */
const KV_MIN_TTL_SECONDS = 60;

interface StoredEntry {
  /** The serialised response. */
  v: string;
  /** When the response was computed (ms): it is stale if any tag was invalidated since. */
  at: number;
  /** When it expires (ms). */
  exp: number;
  tags: string[];
}

/**
 * The KV tier: responses under `<prefix><key>` with their tags; a read checks the tags' versions, so an entry holding
 * an entity invalidated after it was computed is a miss even before KV forgets it.
 */
export class KvTier {
  constructor(
    private kv: KVNamespace,
    private versions: TagVersions,
    private options: { prefix?: string; now?: () => number } = {},
  ) {}

  private keyOf(key: string) {
    return `${this.options.prefix ?? 'rc:v1:'}${key}`;
  }

  async get(key: string): Promise<{ value: string; at: number; expiresAt: number; tags: string[] } | undefined> {
    const entry = await this.kv.get<StoredEntry>(this.keyOf(key), 'json');
    const now = (this.options.now ?? Date.now)();
    if (!entry || entry.exp <= now || !(await this.versions.isFresh(entry.tags, entry.at))) return undefined;
    return { value: entry.v, at: entry.at, expiresAt: entry.exp, tags: entry.tags };
  }

  /** Stores a response computed at `computedAt` until `expiresAt` (ms). */
  async set(key: string, value: string, expiresAt: number, tags: readonly string[], computedAt: number): Promise<void> {
    const entry: StoredEntry = { v: value, at: computedAt, exp: expiresAt, tags: [...tags] };
    const ttlSeconds = Math.ceil((expiresAt - (this.options.now ?? Date.now)()) / 1000);
    await this.kv.put(this.keyOf(key), JSON.stringify(entry), {
      expirationTtl: Math.max(KV_MIN_TTL_SECONDS, ttlSeconds),
    });
  }
}
