import { httpError } from '../../../errors';
import { type Format, type ImageLimits, type Variant, variantQuery } from './variant';

/** The originals the transformer takes: raster images (SVG is never stored, PDFs aren't pictures). */
const RASTER: Record<string, Exclude<Format, 'auto'>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
  // A GIF's variant is a PNG unless another format is asked: the local transformer (sharp) writes no GIF.
  'image/gif': 'png',
};
const IMMUTABLE = 'public, max-age=31536000, immutable';
const MEDIA_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** Whether `Accept` names the type with a non-zero quality (wildcards don't count: they promise no AVIF decoder). */
function accepts(accept: string, type: string): boolean {
  return accept.split(',').some((entry) => {
    const [name, ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (name !== type) return false;
    const q = params.find((param) => param.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/**
 * The format a variant is written in: the asked one, or for `auto` AVIF, else WebP, else the original's, as the
 * client's `Accept` allows; without a format, the original's.
 */
export function outputFormat(asked: Format | undefined, accept: string, original: Exclude<Format, 'auto'>) {
  if (asked !== 'auto') return asked ?? original;
  if (accepts(accept, 'image/avif')) return 'avif';
  if (accepts(accept, 'image/webp')) return 'webp';
  return original;
}

/** What the transformer is told: the box in device pixels (CSS pixels × dpr). */
function transformOf(variant: Variant): ImageTransform {
  const transform: ImageTransform = { fit: variant.fit };
  if (variant.width !== undefined) transform.width = variant.width * variant.dpr;
  if (variant.height !== undefined) transform.height = variant.height * variant.dpr;
  return transform;
}

/**
 * `GET /media/<key>?w=…`: a variant of a stored image, made by the `IMAGES` binding from the R2 original and kept in
 * the Cache API under the whole normalised variant (format negotiated, the original's ETag included: a replaced
 * original never serves an old variant). The original is looked up first on every request, so a deleted file's
 * variants are gone at once, as the file itself is. `X-Image-Cache` says `HIT` or `MISS`.
 * @example
 * GET /media/0192…/photo.png?w=300&f=webp  →  200 image/webp, 300 px wide
 */
export async function deliverVariant(
  request: Request,
  env: Pick<Env, 'MEDIA_BUCKET' | 'IMAGES'>,
  ctx: ExecutionContext | undefined,
  key: string,
  variant: Variant,
  limits: ImageLimits,
): Promise<Response> {
  const original = await env.MEDIA_BUCKET.head(key);
  if (!original) return httpError(404, 'NOT_FOUND', 'No such file');
  const source = RASTER[original.httpMetadata?.contentType ?? ''];
  if (!source) return httpError(415, 'BAD_USER_INPUT', 'Only images have variants', { reason: 'NOT_AN_IMAGE' });
  if (original.size > limits.maxInputBytes) {
    const message = `The original has ${original.size} bytes; variants are made of up to ${limits.maxInputBytes}`;
    return httpError(422, 'BAD_USER_INPUT', message, { reason: 'ORIGINAL_TOO_LARGE' });
  }
  if (!env.IMAGES) return httpError(503, 'BAD_USER_INPUT', 'Image variants need the IMAGES binding');
  const format = outputFormat(variant.format, request.headers.get('accept') ?? '', source);
  const query = variantQuery({ ...variant, format }, limits);
  const url = new URL(request.url);
  const cacheKey = `${url.origin}${url.pathname}?${query}&v=${encodeURIComponent(original.etag)}`;
  const negotiated = variant.format === 'auto';
  const cache = await caches.open('media-variants');
  const hit = await cache.match(cacheKey);
  if (hit) return sent(request, hit, 'HIT', negotiated);

  const object = await env.MEDIA_BUCKET.get(key);
  if (!object) return httpError(404, 'NOT_FOUND', 'No such file');
  let bytes: ArrayBuffer;
  try {
    const result = await env.IMAGES.input(object.body)
      .transform(transformOf(variant))
      .output({ format: `image/${format}`, quality: variant.quality });
    bytes = await result.response().arrayBuffer();
  } catch (error) {
    // The binding's errors say the bytes aren't a picture it can read (a broken or truncated file): the file's fault.
    console.warn(JSON.stringify({ level: 'warn', event: 'image_variant_failed', key, error: String(error) }));
    const message = 'The original could not be read as an image';
    return httpError(415, 'BAD_USER_INPUT', message, { reason: 'UNREADABLE_IMAGE' });
  }
  const headers = new Headers({
    'Content-Type': `image/${format}`,
    'Content-Length': String(bytes.byteLength),
    'Cache-Control': IMMUTABLE,
    ETag: `"${original.etag}.${query.replaceAll('&', '.').replaceAll('=', '-')}"`,
    'Last-Modified': original.uploaded.toUTCString(),
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Content-Security-Policy': MEDIA_POLICY,
    'Content-Disposition': 'inline',
  });
  const stored = cache.put(cacheKey, new Response(bytes, { headers }));
  if (ctx) ctx.waitUntil(stored);
  else await stored;
  return sent(request, new Response(bytes, { headers }), 'MISS', negotiated);
}

/** The variant as sent: a copy with its own headers (a cached response's are immutable), bodiless for `HEAD`. */
function sent(request: Request, response: Response, outcome: 'HIT' | 'MISS', negotiated: boolean): Response {
  const headers = new Headers(response.headers);
  headers.set('X-Image-Cache', outcome);
  // With `f=auto` the same URL is another file for another `Accept`: shared caches must key on it.
  if (negotiated) headers.set('Vary', 'Accept');
  if (request.method === 'HEAD') {
    void response.body?.cancel();
    return new Response(null, { status: 200, headers });
  }
  return new Response(response.body, { status: 200, headers });
}
