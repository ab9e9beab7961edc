import { EVERYTHING } from './invalidation';
import { CACHE_NAMESPACES } from './settings';
import type { CacheEvent, CacheNamespace, CacheNamespaceSettings, CacheSettings } from '../types/cache';
import { type CacheGetOptions, type CacheHit, TieredCache, type TieredCacheStats } from './store';

declare module '../types/context' {
  interface Context {
    /** The isolate's response cache (stats and purges; the cache step does the rest). */
    responseCache: ResponseCache;
  }
}

export interface NamespaceStats extends CacheNamespaceSettings {
  name: CacheNamespace;
  hits: number;
  misses: number;
  /** Responses this isolate stored in the namespace. */
  stores: number;
}

export interface ResponseCacheStats extends TieredCacheStats {
  namespaces: NamespaceStats[];
}

/**
 * The response cache of an isolate, by namespace: each namespace has its own key space (with its version), its own
 * tags (so an event one namespace ignores leaves its entries alone), its TTL and its tiers, over one shared
 * memory → KV store whose memory bound covers them all.
 * @example
 * const cache = new ResponseCache(env.KV, cms.cache);
 * await cache.set('api', key, body, 60_000, ['Post:42'], startedAt);
 * await cache.invalidate('update', ['Post:42', 'PostConnection']); // api and admin entries holding Post 42 go
 */
export class ResponseCache {
  private readonly store: TieredCache;
  private readonly counters = new Map(CACHE_NAMESPACES.map((name) => [name, { hits: 0, misses: 0, stores: 0 }]));

  constructor(
    kv: KVNamespace | undefined,
    readonly settings: CacheSettings,
    options: { refreshMs?: number; now?: () => number } = {},
  ) {
    this.store = new TieredCache(kv, { memoryBytes: settings.memoryBytes, prefix: 'rc:', ...options });
  }

  private keyOf(namespace: CacheNamespace, key: string) {
    return `${namespace}:v${this.settings.namespaces[namespace].version}:${key}`;
  }

  /**
   * A response from memory, then KV. `memoryOnly` looks in memory alone and does not count a miss (the caller looks
   * again, with KV, when it doesn't find one); `waitUntil` takes the KV write of a reused entry off the hit's path;
   * `memoryChecked` looks in KV only, after a memory-only lookup of the same request.
   */
  async get(
    namespace: CacheNamespace,
    key: string,
    { memoryOnly = false, ...options }: CacheGetOptions & { memoryOnly?: boolean } = {},
  ): Promise<CacheHit | undefined> {
    const tiers = this.settings.namespaces[namespace];
    const hit = await this.store.get(
      this.keyOf(namespace, key),
      memoryOnly ? { ...tiers, kv: false, countMiss: false } : tiers,
      options,
    );
    if (hit || !memoryOnly) this.counters.get(namespace)![hit ? 'hits' : 'misses']++;
    return hit;
  }

  /** Keeps a response computed at `computedAt` with the tags of what it holds (see `TieredCache.set`). */
  async set(
    namespace: CacheNamespace,
    key: string,
    value: string,
    ttlMs: number,
    tags: Iterable<string>,
    computedAt: number,
  ): Promise<void> {
    this.counters.get(namespace)!.stores++;
    const own = [...tags].map((tag) => `${namespace}/${tag}`);
    await this.store.set(
      this.keyOf(namespace, key),
      value,
      ttlMs,
      own,
      computedAt,
      this.settings.namespaces[namespace],
    );
  }

  /** Drops, in the namespaces that invalidate on `event`, every response holding one of the tags. */
  async invalidate(event: CacheEvent, tags: readonly string[]): Promise<void> {
    const listening = CACHE_NAMESPACES.filter((name) => this.settings.namespaces[name].invalidateOn.includes(event));
    await this.store.invalidate(listening.flatMap((name) => tags.map((tag) => `${name}/${tag}`)));
  }

  /** Drops the responses holding any of the tags, or every response, in every namespace, whatever the events. */
  async purge(tags: readonly string[] = [EVERYTHING]): Promise<void> {
    await this.store.invalidate(CACHE_NAMESPACES.flatMap((name) => tags.map((tag) => `${name}/${tag}`)));
  }

  stats(): ResponseCacheStats {
    return {
      ...this.store.stats(),
      namespaces: CACHE_NAMESPACES.map((name) => ({
        name,
        ...this.settings.namespaces[name],
        ...this.counters.get(name)!,
      })),
    };
  }
}
