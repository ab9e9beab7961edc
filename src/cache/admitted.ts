/** How long an isolate trusts what it read of the keys other isolates admitted to KV (default 5 s). */
export const DEFAULT_ADMITTED_REFRESH_MS = 5000;
/** KV takes about one write a second per key: an isolate writes the summary at most this often. */
export const DEFAULT_ADMITTED_FLUSH_MS = 1000;
/** Keys the summary holds at most (about 25 bytes each); beyond it, those expiring soonest are dropped. */
export const DEFAULT_ADMITTED_KEYS = 4096;

/** KV does not keep anything for less than this. */
const KV_MIN_TTL_SECONDS = 60;

/**
 * What the summary keeps of a key: its last 16 characters (64 bits of a response key's hash). Two keys sharing them
 * only cost a KV read that finds nothing, never a wrong answer.
 */
const shortOf = (key: string) => (key.length <= 16 ? key : key.slice(-16));

/** The stored summary (`{ short key: expiry in seconds }`) without what expired; anything malformed reads as empty. */
function parse(text: string | null, now: number): Map<string, number> {
  const keys = new Map<string, number>();
  if (!text) return keys;
  try {
    const stored = JSON.parse(text) as unknown;
    if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return keys;
    for (const [short, seconds] of Object.entries(stored))
      if (typeof seconds === 'number' && seconds * 1000 > now) keys.set(short, seconds * 1000);
  } catch {
    // Written by this code only; a summary that doesn't parse is rewritten by the next flush.
  }
  return keys;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface AdmittedKeysOptions {
  /** The KV key of the summary. */
  key: string;
  refreshMs?: number;
  flushMs?: number;
  maxKeys?: number;
  now?: () => number;
}

/**
 * Which response keys KV may hold, so a miss does not read KV for a key no isolate wrote there. KV gets a response
 * only when an isolate admits it (see `TieredCache`): each isolate knows its own writes, and learns the others' from a
 * summary in KV (the admitted keys with their expiry), which it reads at most every `refreshMs` and to which it adds
 * its writes, at most once per `flushMs`. A key this isolate wrote, or the summary lists, is looked up; any other is
 * not. A skipped read can only cost a hit, never serve stale data: the miss reads D1. A key another isolate admitted
 * is found once the summary shows it (within `flushMs` + `refreshMs`, as KV's own propagation allows); a write to the
 * summary that a concurrent one overwrote is made again by the isolate whose keys it dropped, at its next read.
 * @example
 * const admitted = new AdmittedKeys(env.KV, { key: 'rc:admitted' });
 * await admitted.add('api:v1:…', expiresAt); // after writing the entry
 * await admitted.mayHold('api:v1:…'); // true; false for a key nobody wrote
 */
export class AdmittedKeys {
  /** Keys this isolate wrote, until they expire: always looked up, and written again if the summary lost them. */
  private readonly own = new Map<string, number>();
  /** The summary as last read or written. */
  private shared = new Map<string, number>();
  /** Keys this isolate wrote that the summary doesn't show yet. */
  private readonly pending = new Map<string, number>();
  private readAt?: number;
  private refreshing = false;
  private flushing = false;
  private flushedAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(
    private readonly kv: KVNamespace,
    private readonly options: AdmittedKeysOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Whether KV may hold `key`. The first call reads the summary; a later one that finds it older than `refreshMs`
   * answers from it and has it read again through `waitUntil` (or at once without one). If the summary can't be read,
   * every key may be in KV.
   */
  async mayHold(key: string, waitUntil?: (promise: Promise<unknown>) => void): Promise<boolean> {
    const short = shortOf(key);
    const now = this.now();
    if ((this.own.get(short) ?? 0) > now) return true;
    if (this.readAt === undefined) {
      if (!(await this.refresh())) return true;
    } else if (now - this.readAt >= (this.options.refreshMs ?? DEFAULT_ADMITTED_REFRESH_MS) && !this.refreshing) {
      // Requests don't wait for one another's I/O in workerd: one refreshes, the others use what is known.
      const refresh = this.refresh().then(() => this.flushSoon());
      if (waitUntil) waitUntil(refresh);
      else await refresh;
    }
    return (this.shared.get(short) ?? 0) > now;
  }

  /** Notes a key this isolate wrote to KV (until `expiresAt`), and adds it to the summary. */
  async add(key: string, expiresAt: number): Promise<void> {
    const short = shortOf(key);
    this.own.delete(short);
    this.own.set(short, expiresAt);
    if (this.own.size > (this.options.maxKeys ?? DEFAULT_ADMITTED_KEYS)) this.own.delete(this.own.keys().next().value!);
    this.pending.set(short, expiresAt);
    await this.flushSoon();
  }

  /** Reads the summary; own keys it lacks become pending again (the caller writes them, off the request's path). */
  private async refresh(): Promise<boolean> {
    this.refreshing = true;
    try {
      const now = this.now();
      this.shared = parse(await this.kv.get(this.options.key, 'text'), now);
      this.readAt = now;
      // Own keys a concurrent write of the summary dropped go in again; a full summary dropped them for good (those
      // expiring soonest), or every isolate over the bound would rewrite it at each read.
      if (this.shared.size < (this.options.maxKeys ?? DEFAULT_ADMITTED_KEYS))
        for (const [short, expiresAt] of this.own)
          if (expiresAt > now && (this.shared.get(short) ?? 0) < expiresAt) this.pending.set(short, expiresAt);
      return true;
    } catch {
      return false;
    } finally {
      this.refreshing = false;
    }
  }

  /**
   * Writes what is pending, at most once per `flushMs`: a write that comes sooner waits for the flush under way, or
   * for its turn (in the request's `waitUntil`, after the response). A failed write is tried again with the next.
   */
  private async flushSoon(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.size) {
        const wait = this.flushedAt + (this.options.flushMs ?? DEFAULT_ADMITTED_FLUSH_MS) - Date.now();
        if (wait > 0) await sleep(wait);
        this.flushedAt = Date.now();
        if (!(await this.flush())) break;
      }
    } finally {
      this.flushing = false;
    }
  }

  private async flush(): Promise<boolean> {
    const taken = [...this.pending];
    try {
      const now = this.now();
      const merged = parse(await this.kv.get(this.options.key, 'text'), now);
      for (const [short, expiresAt] of taken) if ((merged.get(short) ?? 0) < expiresAt) merged.set(short, expiresAt);
      const kept = [...merged].sort((a, b) => b[1] - a[1]).slice(0, this.options.maxKeys ?? DEFAULT_ADMITTED_KEYS);
      const stored = Object.fromEntries(kept.map(([short, expiresAt]) => [short, Math.ceil(expiresAt / 1000)]));
      const ttlSeconds = Math.ceil(((kept[0]?.[1] ?? now) - now) / 1000);
      await this.kv.put(this.options.key, JSON.stringify(stored), {
        expirationTtl: Math.max(KV_MIN_TTL_SECONDS, ttlSeconds),
      });
      for (const [short, expiresAt] of taken) if (this.pending.get(short) === expiresAt) this.pending.delete(short);
      this.shared = new Map(kept);
      this.readAt = now;
      return true;
    } catch {
      // KV refused the write (one a second per key at most, across isolates): a lost hit at worst, written later.
      return false;
    }
  }
}
