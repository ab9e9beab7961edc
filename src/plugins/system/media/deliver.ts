/** Keys are unique per upload (a new file is a new key), so a delivered file never changes: cache it for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * `GET /media/<key>`: a stored file from R2, with its ETag; `Range` requests get a 206 with `Content-Range`,
 * `If-None-Match` and `If-Modified-Since` a 304. `HEAD` answers the headers alone.
 * @example
 * GET /media/0192…/photo.png  Range: bytes=0-99  →  206, Content-Range: bytes 0-99/48213
 */
export async function deliverMedia(request: Request, env: Pick<Env, 'MEDIA_BUCKET'>): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
  const key = decodeURIComponent(new URL(request.url).pathname.slice(1));
  if (!key.startsWith('media/') || key.includes('..')) return notFound();
  const object = await env.MEDIA_BUCKET.get(key, { range: request.headers, onlyIf: request.headers });
  if (!object) return notFound();
  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set('ETag', object.httpEtag);
  headers.set('Cache-Control', IMMUTABLE);
  headers.set('Accept-Ranges', 'bytes');
  // Sites on other origins embed these files (<img src>): the default same-origin policy would block them.
  headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  // Without a body, R2 says a condition held: the client has this file already.
  if (!('body' in object)) return new Response(null, { status: 304, headers });
  const range = object.range as { offset?: number; length?: number } | undefined;
  const partial = request.headers.has('range') && range !== undefined;
  if (partial) {
    const start = range.offset ?? 0;
    const length = range.length ?? object.size - start;
    headers.set('Content-Range', `bytes ${start}-${start + length - 1}/${object.size}`);
  }
  headers.set('Content-Length', String(partial ? (range!.length ?? object.size - (range!.offset ?? 0)) : object.size));
  return new Response(request.method === 'HEAD' ? null : object.body, { status: partial ? 206 : 200, headers });
}

const notFound = () => Response.json({ errors: [{ message: 'No such file', extensions: { code: 'NOT_FOUND' } }] }, { status: 404 });
