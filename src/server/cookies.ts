// Cookies are sent by anyone: a header that is huge, holds thousands of pairs or bad percent-encoding is read
// without throwing, and without looking past the first MAX_HEADER characters.

const MAX_HEADER = 16_384;
/** A value longer than this is not a token of ours; it is handed on cut, so it fails to verify. */
const MAX_VALUE = 4096;

/**
 * The first value of a cookie, percent-decoded when that is valid (else as sent, so it fails whatever check follows);
 * undefined when the request doesn't carry it.
 * @example
 * const token = readCookie(request, 'auth_token');
 */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const pair of header.slice(0, MAX_HEADER).split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== name) continue;
    const raw = pair
      .slice(at + 1)
      .trim()
      .slice(0, MAX_VALUE);
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}
