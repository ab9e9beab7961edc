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
