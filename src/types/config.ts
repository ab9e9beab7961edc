import type { AuthConfig } from './auth';
import type { CacheConfig } from './cache';
import type { FieldDefinition } from './fields';
import type { CollectionHooks } from './hooks';
import type { PluginDefinition } from './plugin';
import type { PersistedDocumentsConfig, SecurityConfig } from './security';

export interface CollectionDefinition {
  /** Singular GraphQL type name, PascalCase: `Post`. */
  name: string;
  /** The list query's name; defaults to the lower-case plural (`posts`). */
  plural?: string;
  /** The SQL table's name; defaults to the snake_case plural. */
  table?: string;
  description?: string;
  fields: Record<string, FieldDefinition>;
  access?: {
    /** Anonymous callers may read PUBLISHED items (enforced by the permissions layer). */
    publicRead?: boolean;
  };
  hooks?: CollectionHooks;
  /** Response cache settings for responses holding this collection's items. */
  cache?: {
    /** Keep such responses at most this long (ms); 0 never caches them. Default: the namespace's TTL. */
    ttlMs?: number;
  };
}

export interface CmsConfig {
  collections: CollectionDefinition[];
  /** Largest page a connection returns; asking for more is `BAD_USER_INPUT`. */
  maxPageSize?: number;
  /** Page size when neither `first` nor `last` is given. */
  defaultPageSize?: number;
  logging?: {
    /** Operations slower than this many milliseconds are kept in the event log (`eventLog`). Default 1000. */
    slowMs?: number;
    /** A hook handler slower than this many milliseconds is logged as `hook_over_budget`. Default 100. */
    hookBudgetMs?: number;
    /**
     * The one JSON line per request (docs/logging.md). Default true. Turn it off where the platform's own request logs
     * are enough: slow operations and security events are still logged. `LOG_REQUESTS=on|off` replaces it.
     */
    requests?: boolean;
    /**
     * The `Server-Timing` header (pipeline steps, D1 statements). Default: on in development only, since it tells
     * every caller how much work a request cost. `SERVER_TIMING=on|off` replaces it.
     */
    serverTiming?: boolean;
  };
  /** Sign-in and accounts: registration mode, token lifetimes, lockout (see `AuthConfig`). */
  auth?: AuthConfig;
  /** CORS, request body and document limits, introspection outside development (docs/security.md). */
  security?: SecurityConfig;
  /** Automatic persisted queries and trusted documents (docs/security.md#persisted-documents). */
  persistedDocuments?: PersistedDocumentsConfig;
  /** The response cache (memory → KV): namespaces, TTLs, tiers, memory bound (docs/caching.md). */
  cache?: CacheConfig;
  /** CMS plugins (`definePlugin`), set up with their dependencies first (docs/plugins.md). */
  plugins?: PluginDefinition<any>[];
}
