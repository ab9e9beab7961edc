import { GraphQLError } from 'graphql';

/** One problem with one input value, addressed by its path in the mutation's input. */
export interface FieldError {
  path: (string | number)[];
  code: string;
  message: string;
  /** Where in a template the problem is (a template's field errors), 1-based. */
  line?: number;
  column?: number;
}

/** The stable codes of the public contract (`../shared/API.md`). */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'PERSISTED_QUERY_ONLY'
  | 'INTERNAL_SERVER_ERROR';

function cmsError(code: ErrorCode, message: string, status: number, extra: Record<string, unknown> = {}) {
  // A GraphQLError with extensions passes Yoga's masking untouched: these are expected errors.
  return new GraphQLError(message, { extensions: { code, http: { status }, ...extra } });
}

export const badUserInput = (message: string, extra?: Record<string, unknown>) =>
  cmsError('BAD_USER_INPUT', message, 200, extra);

export const validationFailed = (fieldErrors: FieldError[]) =>
  cmsError('VALIDATION_FAILED', summarise(fieldErrors), 200, { fieldErrors });

export const notFound = (what: string) => cmsError('NOT_FOUND', `${what} was not found`, 200);

export const conflict = (message: string, fieldErrors: FieldError[] = []) =>
  cmsError('CONFLICT', message, 200, fieldErrors.length ? { fieldErrors } : {});

export const forbidden = (message = 'You are not allowed to do this') => cmsError('FORBIDDEN', message, 200);

export const unauthenticated = (message = 'Sign in to do this') => cmsError('UNAUTHENTICATED', message, 200);

/**
 * A token refused before anything runs (a request error, not a field's). GraphQL over HTTP: a 401 for
 * `application/graphql-response+json`; Yoga's `spec` flag keeps the legacy 200 for `application/json`.
 */
export const tokenRefused = (message: string) =>
  new GraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED' satisfies ErrorCode,
      http: { status: 401, spec: true, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } },
    },
  });

/** Too many attempts; `retryAfter` is the number of seconds to wait before trying again. */
export const rateLimited = (retryAfter: number, message = 'Too many attempts; try again later') =>
  cmsError('RATE_LIMITED', message, 200, { retryAfter });

/** A request refused before parsing (a missing CSRF header: 403; a body over the limit: 413). */
export const requestRefused = (message: string, status: 403 | 413) => cmsError('BAD_USER_INPUT', message, status);

/**
 * The JSON error of an HTTP route outside GraphQL (file delivery), shaped like a GraphQL error response so clients
 * read one format: `{ errors: [{ message, extensions: { code, … } }] }`.
 * @example
 * return httpError(400, 'BAD_USER_INPUT', 'Width 301 is not allowed', { reason: 'VARIANT_NOT_ALLOWED' });
 */
export const httpError = (status: number, code: ErrorCode, message: string, extra: Record<string, unknown> = {}) =>
  Response.json({ errors: [{ message, extensions: { code, ...extra } }] }, { status });

/**
 * Compare mode's finding (tests only, see docs/compiled-reads.md): the compiled read of a request differs from the
 * resolvers' answer. A 500 whose message says what differed, so the failing test shows it.
 */
export const compiledReadMismatch = (message: string) =>
  cmsError('INTERNAL_SERVER_ERROR', `The compiled read differs from the resolvers: ${message}`, 500, {
    reason: 'COMPILED_MISMATCH',
  });

/** A request whose parameters can't be read (e.g. GET `variables` that are not JSON): 400. */
export const badRequest = (message: string) => cmsError('BAD_USER_INPUT', message, 400);

/**
 * A persisted document's hash this server doesn't hold (yet). A 200, with exactly the message and code Apollo's and
 * urql's persisted-query links look for: they then send the document with its hash, which registers it.
 */
export const persistedQueryNotFound = () => cmsError('PERSISTED_QUERY_NOT_FOUND', 'PersistedQueryNotFound', 200);

/** A document that is not one of the trusted documents, where only those run (see `persistedDocuments`). */
export const persistedQueryOnly = () =>
  cmsError(
    'PERSISTED_QUERY_ONLY',
    'Only trusted documents run here: send the hash of a document in the manifest, not a document',
    400,
  );

/**
 * A document refused before it runs (too deep, too many aliases, …), named by `extensions.limit`. No HTTP status:
 * Yoga answers it like any validation error (200 for `application/json`, 400 for `application/graphql-response+json`).
 */
export const documentRejected = (message: string, limit: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, limit } });

/** Where a template problem is: the template's name (a partial's, a layout's) and the 1-based line and column. */
export interface TemplatePosition {
  template?: string;
  line: number;
  column: number;
}

/**
 * A template the renderer refuses (`extensions.reason`): `TEMPLATE_INVALID` for its syntax (an unclosed block, an
 * unknown helper or partial), `TEMPLATE_RENDER` for a value it can't print, `TEMPLATE_LIMIT` for a bound it passed
 * (named by `extensions.limit`). The code stays the contract's `BAD_USER_INPUT`: a template is an admin's input.
 */
export const templateError = (
  reason: 'TEMPLATE_INVALID' | 'TEMPLATE_RENDER' | 'TEMPLATE_LIMIT',
  message: string,
  position?: TemplatePosition,
  extra: Record<string, unknown> = {},
) => {
  const where = position
    ? ` (${position.template ? `${position.template}, ` : ''}line ${position.line}, column ${position.column})`
    : '';
  return new GraphQLError(`${message}${where}`, {
    extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, reason, ...position, ...extra },
  });
};

export function isCmsError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && typeof error.extensions?.code === 'string';
}

function summarise(fieldErrors: FieldError[]): string {
  const first = fieldErrors[0];
  if (!first) return 'Validation failed';
  const more = fieldErrors.length > 1 ? ` (and ${fieldErrors.length - 1} more)` : '';
  return `Validation failed: ${first.path.join('.')}: ${first.message}${more}`;
}

/** A mistake in the content model or CMS config, thrown once when the config is built, never during a request. */
export class CmsConfigError extends Error {
  override name = 'CmsConfigError';
}
