import { httpDate } from './http-date';

/** The validators of a stored file: its entity tag (unquoted, as R2 gives it) and when it was stored. */
export interface Validators {
  etag: string;
  uploaded: Date;
}

/** The headers that make a request conditional: without any of them, delivery skips the checks. */
export const CONDITIONAL_HEADERS = ['if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since', 'range'];

interface EntityTag {
  weak: boolean;
  opaque: string;
}
const ENTITY_TAG = /^(W\/)?"([^"]*)"$/;

/** The members of an `If-Match`/`If-None-Match` list; members that are not entity tags (`zzz`, `W/`) match nothing. */
function entityTags(header: string): { any: boolean; tags: EntityTag[] } {
  const tags: EntityTag[] = [];
  let any = false;
  for (const member of header.split(',')) {
    const value = member.trim();
    if (value === '*') any = true;
    const tag = ENTITY_TAG.exec(value);
    if (tag) tags.push({ weak: tag[1] !== undefined, opaque: tag[2]! });
  }
  return { any, tags };
}

// Last-Modified has one-second precision: the comparison is at that precision too.
const lastModified = (file: Validators) => Math.floor(file.uploaded.getTime() / 1000) * 1000;

/**
 * Evaluates a GET's or HEAD's preconditions in the order of RFC 9110 §13.2.2: `If-Match` (strong comparison), else
 * `If-Unmodified-Since`; then `If-None-Match` (weak comparison), else `If-Modified-Since`. A date that is not an
 * HTTP-date is ignored, as a list member that is not an entity tag matches nothing.
 * @example
 * preconditions(request.headers, { etag: 'abc', uploaded }); // 'proceed' | 304 | 412
 */
export function preconditions(headers: Headers, file: Validators): 'proceed' | 304 | 412 {
  const ifMatch = headers.get('if-match');
  if (ifMatch) {
    const { any, tags } = entityTags(ifMatch);
    if (!any && !tags.some((tag) => !tag.weak && tag.opaque === file.etag)) return 412;
  } else {
    const since = httpDate(headers.get('if-unmodified-since') ?? '');
    if (since !== undefined && lastModified(file) > since) return 412;
  }
  const ifNoneMatch = headers.get('if-none-match');
  if (ifNoneMatch) {
    const { any, tags } = entityTags(ifNoneMatch);
    if (any || tags.some((tag) => tag.opaque === file.etag)) return 304;
  } else {
    const since = httpDate(headers.get('if-modified-since') ?? '');
    if (since !== undefined && lastModified(file) <= since) return 304;
  }
  return 'proceed';
}

/**
 * Whether a `Range` may be honoured under `If-Range` (RFC 9110 §13.1.5): without it, yes; with it, only when it names
 * the current file by a strong entity tag or by exactly its Last-Modified date. Anything else sends the whole file.
 */
export function rangeAllowed(headers: Headers, file: Validators): boolean {
  const ifRange = headers.get('if-range');
  if (ifRange === null) return true;
  const tag = ENTITY_TAG.exec(ifRange.trim());
  if (tag) return tag[1] === undefined && tag[2] === file.etag;
  return httpDate(ifRange.trim()) === lastModified(file);
}
