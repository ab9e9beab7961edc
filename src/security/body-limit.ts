import type { SecuritySettings } from '../types/security';

/** The body size a request declares in `Content-Length`, or undefined (chunked, missing or malformed). */
export function declaredLength(request: Request): number | undefined {
  const value = request.headers.get('content-length');
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * The largest body a request may send: uploads (multipart/form-data, the GraphQL multipart request spec) have their
 * own limit.
 * @example
 * if ((declaredLength(request) ?? 0) > bodyLimit(request, cms.security)) refuse();
 */
export function bodyLimit(
  request: Request,
  settings: Pick<SecuritySettings, 'maxBodyBytes' | 'maxUploadBytes'>,
): number {
  return request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data')
    ? settings.maxUploadBytes
    : settings.maxBodyBytes;
}

/**
 * A copy of a request whose body was read in full, or `tooLarge()` thrown as soon as more than `max` bytes arrived:
 * a chunked body without `Content-Length` is never buffered past the limit.
 */
export async function readWithin(request: Request, max: number, tooLarge: () => Error): Promise<Request> {
  if (!request.body) return request;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) body.set(chunk, (offset += chunk.byteLength) - chunk.byteLength);
  return new Request(request.url, { method: request.method, headers: request.headers, body });
}
