import { sha256Hex } from '../security/hash';
import type { PersistedDocumentsSettings } from '../types/security';

const KV_PREFIX = 'pq:v1:';
/** Hashes this isolate remembers having written to KV, so it writes each at most once. */
const MAX_WRITTEN = 50_000;

/**
 * The documents registered by automatic persisted queries, by SHA-256: this isolate's memory (bounded in bytes, least
 * recently used out first), then KV, so other isolates find what one registered. A document is stored only once the
 * pipeline has parsed, validated and limit-checked it (see usePersistedDocuments), and only under the hash of its
 * own text, so a stored entry can't answer for another document. KV entries expire (`ttlSeconds`); each is a blind
 * `put` (never read, changed and written back); an isolate writes each hash at most once and at most
 * `kvWritesPerMinute` new ones, past which a document is kept in its memory only.
 * @example
 * const store = new PersistedDocumentStore(env.KV, cms.persisted);
 * await store.register(hash, query, (p) => ctx.waitUntil(p));
 * await store.get(hash); // the query
 */
export class PersistedDocumentStore {
  private memory = new Map<string, string>();
  private bytes = 0;
  private written = new Set<string>();
  private window = { startedAt: 0, writes: 0 };

  constructor(
    private kv: KVNamespace,
    private settings: Pick<PersistedDocumentsSettings, 'ttlSeconds' | 'memoryBytes' | 'kvWritesPerMinute'>,
    private now: () => number = Date.now,
  ) {}

  /** The document this isolate's memory holds for a hash, without looking in KV (the fast path's question). */
  peek(hash: string): string | undefined {
    const document = this.memory.get(hash);
    if (document !== undefined) {
      this.memory.delete(hash);
      this.memory.set(hash, document);
    }
    return document;
  }

  /** The document registered under a hash, from memory, else KV (checked against the hash), else undefined. */
  async get(hash: string): Promise<string | undefined> {
    const held = this.peek(hash);
    if (held !== undefined) return held;
    const stored = await this.kv.get(KV_PREFIX + hash);
    // Only this code writes these keys, always under the document's own hash; checking costs one digest per miss.
    if (stored === null || (await sha256Hex(stored)) !== hash) return undefined;
    this.remember(hash, stored);
    this.written.add(hash);
    return stored;
  }

  /** Registers a document under its SHA-256 (the caller checked it): in memory now, in KV once per hash and isolate. */
  register(hash: string, document: string, waitUntil: (work: Promise<unknown>) => void): void {
    this.remember(hash, document);
    if (this.written.has(hash) || !this.mayWrite()) return;
    if (this.written.size >= MAX_WRITTEN) this.written.clear();
    this.written.add(hash);
    waitUntil(
      this.kv.put(KV_PREFIX + hash, document, { expirationTtl: this.settings.ttlSeconds }).catch(() => {
        // A failed write leaves the document in this isolate's memory; a client sends it again elsewhere.
        this.written.delete(hash);
      }),
    );
  }

  private mayWrite(): boolean {
    const now = this.now();
    if (now - this.window.startedAt >= 60_000) this.window = { startedAt: now, writes: 0 };
    if (this.window.writes >= this.settings.kvWritesPerMinute) return false;
    this.window.writes++;
    return true;
  }

  private remember(hash: string, document: string): void {
    const size = document.length * 2;
    if (size > this.settings.memoryBytes) return;
    const previous = this.memory.get(hash);
    if (previous !== undefined) {
      this.memory.delete(hash);
      this.bytes -= previous.length * 2;
    }
    this.memory.set(hash, document);
    this.bytes += size;
    for (const [oldest, text] of this.memory) {
      if (this.bytes <= this.settings.memoryBytes) break;
      this.memory.delete(oldest);
      this.bytes -= text.length * 2;
    }
  }
}
