/** The `security` key of `defineConfig`: CORS, the request body limit, document limits and introspection. */
export interface SecurityConfig {
  cors?: {
    /**
     * Browser origins allowed to call the API, exactly as the browser sends them (`https://app.example.com`, no
     * path or trailing slash), or `'*'` for any origin (never with credentials). The `CORS_ORIGINS` variable, a comma
     * list or `*`, replaces this. Default: none in production; any `localhost`/`127.0.0.1` origin in development.
     */
    origins?: string[] | '*';
    /** Let listed origins send cookies (`credentials: 'include'`). Default false; never with `'*'`. */
    credentials?: boolean;
    /** How long browsers may cache a preflight answer, in seconds. Default 600. */
    maxAge?: number;
    /**
     * Request headers a page may send besides the built-in ones (`content-type`, `authorization`, `x-request-id`,
     * the CSRF headers, tracing: `traceparent`, `tracestate`, `baggage`, `sentry-trace`, and Apollo's
     * `apollographql-client-name`/`-version`). Header names; `*` is refused (browsers ignore it with credentials).
     * @example
     * cors: { origins: ['https://app.example.com'], allowedHeaders: ['x-tenant'] }
     */
    allowedHeaders?: string[];
  };
  /** Largest request body accepted, in bytes; a larger one is a 413. Default 102,400 (100 KiB). */
  maxBodyBytes?: number;
  /**
   * Largest `multipart/form-data` body (a GraphQL upload), in bytes. Default: what the plugins accept (the media
   * plugin's `maxBytes`, plus 64 KiB for the form's other parts), else `maxBodyBytes`.
   */
  maxUploadBytes?: number;
  /** Limits on a GraphQL document, checked before it runs (graphql-armor). */
  limits?: Partial<DocumentLimits>;
  /** Serve `__schema`/`__type` introspection and "Did you mean …" suggestions outside development. Default false. */
  introspection?: boolean;
}

export interface DocumentLimits {
  /** Deepest selection nesting. */
  maxDepth: number;
  /** Aliases per operation, `__typename` aliases included. */
  maxAliases: number;
  /** Directives per operation. */
  maxDirectives: number;
  /** Lexical tokens per document. */
  maxTokens: number;
  /** Nesting of objects and lists in variable values (a `where` nests two levels per `AND: [...]`). */
  maxInputDepth: number;
  /**
   * graphql-armor's cost estimate: objects cost 2, scalars 1, each level ×1.5, a field × its `first`/`last` (a literal,
   * or a variable at its value).
   */
  maxCost: number;
  /** Largest response body, in bytes (UTF-8); a larger answer is replaced by a BAD_USER_INPUT error, never cached. */
  maxResponseBytes: number;
}

/** The security config with every default filled in, checked once when the config is built. */
export interface SecuritySettings {
  /** `allowedHeaders`: the built-in ones and the configured ones, lower case, each once. */
  cors: { origins: string[] | '*' | undefined; credentials: boolean; maxAge: number; allowedHeaders: string[] };
  maxBodyBytes: number;
  maxUploadBytes: number;
  limits: DocumentLimits;
  introspection: boolean;
}

/**
 * The `persistedDocuments` key of `defineConfig`: automatic persisted queries (Apollo's protocol, also urql's) and
 * trusted documents (a manifest of the client's operations, by hash). docs/security.md#persisted-documents.
 * @example
 * import manifest from './persisted-documents.json';
 * persistedDocuments: { manifest } // production then runs only these documents
 */
export interface PersistedDocumentsConfig {
  /**
   * The trusted documents: `{ "<hash>": "<document>" }`, as the codegen client preset writes them with
   * `persistedDocuments: true` (`persisted-documents.json`). Keys are `sha256:<hex>` (the preset's default), a bare
   * SHA-256 hex, or a SHA-1 hex (`hashAlgorithm: 'sha1'`); each is checked against its document when the config is
   * built, and every document must parse.
   */
  manifest?: Record<string, string>;
  /**
   * Run only the manifest's documents: any other document (sent whole, or registered by hash) is refused with
   * `PERSISTED_QUERY_ONLY`. Default: true in production when a manifest is given, false in development.
   */
  enforce?: boolean;
  /**
   * Automatic persisted queries: a client sends a document's SHA-256 once with the document, then the hash alone.
   * Default true; never while the manifest is enforced.
   */
  automatic?: boolean;
  /** How long a registered document is kept in KV, in seconds (at least 60). Default 604,800 (a week). */
  ttlSeconds?: number;
  /** Bytes of registered documents this isolate keeps in memory (the least recently used leave first). 4 MiB. */
  memoryBytes?: number;
  /**
   * KV writes of newly registered documents per isolate and minute; past it, a document is registered in this
   * isolate's memory only. Bounds what a caller registering many documents costs. Default 100.
   */
  kvWritesPerMinute?: number;
}

/** The persisted documents config, checked and with its defaults, the manifest keyed by bare hash. */
export interface PersistedDocumentsSettings {
  /** The trusted documents by hash (lower-case hex, without any `sha256:` prefix). */
  manifest: ReadonlyMap<string, string>;
  /** Undefined: enforced in production when there is a manifest. */
  enforce: boolean | undefined;
  automatic: boolean;
  ttlSeconds: number;
  memoryBytes: number;
  kvWritesPerMinute: number;
}
