import { CmsConfigError } from '../errors';
import type { DocumentLimits, SecurityConfig, SecuritySettings } from '../types/security';

/**
 * Request headers a browser may send cross-origin: the body type, the token, a request id, the CSRF headers, and
 * what tracing and client libraries add (W3C trace context and baggage, Sentry, Apollo Client's client awareness);
 * a header missing here fails the preflight and with it every request of that page.
 */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'x-request-id',
  // A D1 session bookmark, echoed to read one's own writes (docs/deployment.md).
  'x-d1-bookmark',
  'x-graphql-yoga-csrf',
  'apollo-require-preflight',
  'traceparent',
  'tracestate',
  'baggage',
  'sentry-trace',
  'apollographql-client-name',
  'apollographql-client-version',
];
// RFC 9110 field names (tchar).
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/i;

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
  const { origins, credentials = false, maxAge = DEFAULT_PREFLIGHT_MAX_AGE, allowedHeaders = [] } = config.cors ?? {};
  if (!Array.isArray(allowedHeaders))
    throw new CmsConfigError('security.cors.allowedHeaders must be a list of header names');
  for (const name of allowedHeaders) {
    if (typeof name !== 'string' || name === '*' || !HEADER_NAME.test(name))
      throw new CmsConfigError(`security.cors.allowedHeaders: "${String(name)}" is not a header name like "x-tenant"`);
  }
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
    cors: {
      origins,
      credentials,
      maxAge,
      allowedHeaders: [...new Set([...CORS_ALLOWED_HEADERS, ...allowedHeaders.map((name) => name.toLowerCase())])],
    },
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
