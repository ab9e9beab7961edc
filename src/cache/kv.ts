import type { TagVersions } from './versions';

/** KV does not keep anything for less than this; shorter TTLs are enforced on read. */
const KV_MIN_TTL_SECONDS = 60;

/** What an entry says of its response: when it was computed and expires (ms), and its tags. */
interface EntryHeader {
  /** When the response was computed (ms): it is stale if any tag was invalidated since. */
  at: number;
  /** When it expires (ms). */
  exp: number;
  tags: string[];
}

/**
 * The KV tier: responses under `<prefix><key>` with their tags; a read checks the tags' versions, so an entry holding
 * an entity invalidated after it was computed is a miss even before KV forgets it. An entry is its header's JSON, a
 * newline (JSON text holds none), then the response as sent: the response is neither escaped into a JSON string when
 * written nor unescaped when read, and a read parses only the header.
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
    const text = await this.kv.get(this.keyOf(key), 'text');
    const split = text?.indexOf('\n') ?? -1;
    if (split < 0) return undefined;
    const entry = JSON.parse(text!.slice(0, split)) as EntryHeader;
    const now = (this.options.now ?? Date.now)();
    if (entry.exp <= now || !(await this.versions.isFresh(entry.tags, entry.at))) return undefined;
    return { value: text!.slice(split + 1), at: entry.at, expiresAt: entry.exp, tags: entry.tags };
  }

  /** Stores a response computed at `computedAt` until `expiresAt` (ms). */
  async set(key: string, value: string, expiresAt: number, tags: readonly string[], computedAt: number): Promise<void> {
    const header: EntryHeader = { at: computedAt, exp: expiresAt, tags: [...tags] };
    const ttlSeconds = Math.ceil((expiresAt - (this.options.now ?? Date.now)()) / 1000);
    await this.kv.put(this.keyOf(key), `${JSON.stringify(header)}\n${value}`, {
      expirationTtl: Math.max(KV_MIN_TTL_SECONDS, ttlSeconds),
    });
  }
}
