/** When a cached response goes to KV (see `CacheNamespaceConfig.kvAdmission`). */
export type KvAdmission = 'reuse' | 'first';

/**
 * Where a cached response belongs, each with its own TTL, tiers, invalidating events and version:
 * `api` — content read by anyone but an admin (anonymous callers, users, API tokens);
 * `admin` — content read by admins (drafts and private fields included);
 * `static` — documents that read no content at all (`{ __typename }`): they change only with a deploy.
 */
export type CacheNamespace = 'api' | 'admin' | 'static';

/**
 * What invalidates cached responses: content writes (`publish` covers unpublish and scheduled publishes coming
 * due) and `permissions`, a change of who may see what (a permission, a role).
 */
export type CacheEvent = 'create' | 'update' | 'delete' | 'publish' | 'permissions';

export interface CacheNamespaceConfig {
  /** How long a response is kept, in ms, unless a collection it holds says less; 0 keeps nothing. */
  ttlMs?: number;
  /** Whether this isolate's memory tier keeps responses. */
  memory?: boolean;
  /** Whether KV keeps responses (shared by every isolate and location). */
  kv?: boolean;
  /**
   * When a response goes to KV: `reuse` (default) when it is read again (its first memory hit), `first` at its first
   * miss, as every KV write costs. Without the memory tier (`memory: false`, `memoryBytes: 0`) it is always `first`.
   */
  kvAdmission?: KvAdmission;
  /** The events that invalidate this namespace's responses at once; for the others they live out their TTL. */
  invalidateOn?: CacheEvent[];
  /** Bump to orphan every cached response of the namespace at once, e.g. after a deploy that changes output. */
  version?: number;
}

/** The response cache's config: `defineConfig({ cache: { … } })`. */
export interface CacheConfig {
  /** Default true. */
  enabled?: boolean;
  /** The memory tier's bound in bytes per isolate, shared by the namespaces. Default 50 MB; 0 turns the tier off. */
  memoryBytes?: number;
  /**
   * The largest response kept, in bytes (UTF-8). Default 512 KiB. A larger one is sent but not kept (`X-Cache-Status:
   * MISS` without `X-Cache-TTL`): a few large responses must not fill memory or run into KV's value limit.
   */
  maxEntryBytes?: number;
  /** Per namespace; each key given replaces that default (docs/caching.md). */
  namespaces?: Partial<Record<CacheNamespace, CacheNamespaceConfig>>;
}

export type CacheNamespaceSettings = Required<CacheNamespaceConfig>;

export interface CacheSettings {
  enabled: boolean;
  memoryBytes: number;
  maxEntryBytes: number;
  namespaces: Record<CacheNamespace, CacheNamespaceSettings>;
}
