import { type ErrorCode, httpError } from '../../../errors';
import { CONDITIONAL_HEADERS, preconditions, rangeAllowed } from './conditions';
import { contentDisposition } from './disposition';
import { mediaKey } from './key';
import { byteRange } from './range';
import { type ImageLimits, parseVariant } from './variant';
import { deliverVariant } from './variants';

/** Keys are unique per upload (a new file is a new key), so a delivered file never changes: cache it for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
// A file is never a page of this origin: no scripts, plugins or forms even if a browser opened one (sandbox).
const MEDIA_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

/**
 * `GET /media/<key>`: a stored file from R2, with its validators (`ETag`, `Last-Modified`). Preconditions and
 * ranges follow RFC 9110: `If-Match`/`If-Unmodified-Since` a 412, `If-None-Match`/`If-Modified-Since` a 304, one
 * `Range` a 206 (or a 416 past the end; a range it doesn't take, the whole file), `If-Range` honoured. What is not
 * an image, video or audio is an attachment. `HEAD` answers the headers alone. A query naming a variant (`w`, `h`,
 * `fit`, `f`, `q`, `dpr`) gets that variant of an image (see `deliverVariant`), or a 400 off the allow-lists.
 * @example
 * GET /media/0192…/photo.png  Range: bytes=0-99  →  206, Content-Range: bytes 0-99/48213
 */
export async function deliverMedia(
  request: Request,
  env: Pick<Env, 'MEDIA_BUCKET' | 'IMAGES'>,
  ctx?: ExecutionContext,
  limits?: ImageLimits,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
  const url = new URL(request.url);
  const path = mediaKey(url.pathname);
  if ('malformed' in path) return error(400, 'BAD_USER_INPUT', 'The path is not valid percent-encoded UTF-8');
  if ('outside' in path) return notFound();
  if (limits) {
    const asked = parseVariant(url.searchParams, limits);
    if ('refused' in asked) return httpError(400, 'BAD_USER_INPUT', asked.refused, { reason: 'VARIANT_NOT_ALLOWED' });
    if ('variant' in asked) return deliverVariant(request, env, ctx, path.key, asked.variant, limits);
  }
  const bucket = env.MEDIA_BUCKET;
  const head = request.method === 'HEAD';
  // The usual request (no conditions, no range) reads the file once; a conditional one reads its facts first, so a
  // 304, 412 or 416 never opens the body.
  if (!CONDITIONAL_HEADERS.some((name) => request.headers.has(name))) {
    const object = head ? await bucket.head(path.key) : await bucket.get(path.key);
    if (!object) return notFound();
    const body = head ? null : (object as R2ObjectBody).body;
    return new Response(body, { status: 200, headers: fileHeaders(object, object.size) });
  }
  const facts = await bucket.head(path.key);
  if (!facts) return notFound();
  const verdict = preconditions(request.headers, facts);
  if (verdict !== 'proceed') return new Response(null, { status: verdict, headers: validatorHeaders(facts) });
  const rangeHeader = request.headers.get('range');
  // Range is defined for GET only (RFC 9110 §14.2).
  const range =
    rangeHeader && !head && rangeAllowed(request.headers, facts) ? byteRange(rangeHeader, facts.size) : 'ignored';
  if (range === 'unsatisfiable') {
    const headers = validatorHeaders(facts);
    headers.set('Content-Range', `bytes */${facts.size}`);
    return new Response(null, { status: 416, headers });
  }
  if (head) return new Response(null, { status: 200, headers: fileHeaders(facts, facts.size) });
  const object = await bucket.get(path.key, range === 'ignored' ? {} : { range });
  if (!object || !('body' in object)) return notFound();
  if (range === 'ignored') return new Response(object.body, { status: 200, headers: fileHeaders(object, object.size) });
  const headers = fileHeaders(object, range.length);
  headers.set('Content-Range', `bytes ${range.offset}-${range.offset + range.length - 1}/${object.size}`);
  return new Response(object.body, { status: 206, headers });
}

/** The headers a 304 or 412 repeats: the file's validators and caching. */
function validatorHeaders(object: R2Object): Headers {
  const headers = new Headers({
    ETag: object.httpEtag,
    'Last-Modified': object.uploaded.toUTCString(),
    'Cache-Control': IMMUTABLE,
  });
  headers.set('Accept-Ranges', 'bytes');
  // Sites on other origins embed these files (<img src>): the default same-origin policy would block them.
  headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  headers.set('Content-Security-Policy', MEDIA_POLICY);
  return headers;
}

function fileHeaders(object: R2Object, length: number): Headers {
  const headers = validatorHeaders(object);
  object.writeHttpMetadata(headers);
  if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/octet-stream');
  // The name as uploaded (kept with the object), else the key's last segment.
  const filename = object.customMetadata?.filename || object.key.slice(object.key.lastIndexOf('/') + 1);
  headers.set('Content-Disposition', contentDisposition(headers.get('Content-Type') ?? undefined, filename));
  headers.set('Content-Length', String(length));
  return headers;
}

const error = (status: number, code: ErrorCode, message: string) => httpError(status, code, message);
const notFound = () => error(404, 'NOT_FOUND', 'No such file');
