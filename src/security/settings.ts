import { CmsConfigError } from '../errors';

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
  cors: { origins: string[] | '*' | undefined; credentials: boolean; maxAge: number };
  maxBodyBytes: number;
  maxUploadBytes: number;
  limits: DocumentLimits;
  introspection: boolean;
}

export const DEFAULT_LIMITS: DocumentLimits = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 2000,
  maxInputDepth: 64,
  maxCost: 20_000,
  maxResponseBytes: 2 * 1024 * 1024,
};
export const DEFAULT_MAX_BODY_BYTES = 100 * 1024;
/** What an upload's form needs besides the file: the operations and map parts. */
const UPLOAD_FORM_BYTES = 64 * 1024;
const DEFAULT_PREFLIGHT_MAX_AGE = 600;

/**
 * Fills in the defaults of a `security` config and rejects mistakes (a malformed origin, `'*'` with credentials, a
 * limit that is not a positive integer) with a CmsConfigError.
 */
export function resolveSecurity(config: SecurityConfig = {}, pluginUploadBytes = 0): SecuritySettings {
  const { origins, credentials = false, maxAge = DEFAULT_PREFLIGHT_MAX_AGE } = config.cors ?? {};
  if (origins === '*' && credentials) {
    throw new CmsConfigError(
      'security.cors: credentials cannot be allowed for every origin ("*"); list the origins instead',
    );
  }
  if (Array.isArray(origins)) {
    for (const origin of origins) {
      if (originOf(origin) !== origin)
        throw new CmsConfigError(`security.cors.origins: "${origin}" is not an origin like "https://app.example.com"`);
    }
  }
  const limits = { ...DEFAULT_LIMITS, ...definedOnly(config.limits ?? {}) };
  const maxBodyBytes = config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxUploadBytes =
    config.maxUploadBytes ?? (pluginUploadBytes > 0 ? pluginUploadBytes + UPLOAD_FORM_BYTES : maxBodyBytes);
  const numbers: Record<string, number> = { ...limits, maxBodyBytes, maxUploadBytes, maxAge };
  for (const [name, value] of Object.entries(numbers)) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new CmsConfigError(`security: ${name} must be a non-negative integer, got ${value}`);
  }
  // No response fits in 0 bytes: a limit that refuses every answer is a mistake.
  if (limits.maxResponseBytes < 1)
    throw new CmsConfigError('security: maxResponseBytes must be a positive integer, got 0');
  return {
    cors: { origins, credentials, maxAge },
    maxBodyBytes: numbers.maxBodyBytes!,
    maxUploadBytes: numbers.maxUploadBytes!,
    limits,
    introspection: config.introspection ?? false,
  };
}

/** The origin of a URL-like string (`scheme://host[:port]`), or undefined when it is not one. */
export function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

const definedOnly = <T extends object>(object: T) =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
