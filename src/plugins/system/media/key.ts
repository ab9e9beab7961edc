/** What a `/media/…` path names: a stored file's key, a path that can't name one, or a path that isn't UTF-8. */
export type MediaPath = { key: string } | { malformed: true } | { outside: true };

// A decoded segment may hold any character a file name can, but never a separator, a control character or a
// relative step: R2 keys are flat strings (no traversal there), yet the same bucket holds other prefixes (exports).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
const UNSAFE_SEGMENT = /[/\\\u0000-\u001f\u007f]/;
/** R2 refuses keys over 1,024 bytes (it throws): a longer path names no stored file. */
const MAX_KEY_BYTES = 1024;

/**
 * The R2 key a request path names, decoded segment by segment (a name may contain `..`, as in `my..report.pdf`;
 * a segment may not *be* `.` or `..`, nor hide a `/` or `\` behind `%2F`/`%5C`). A path that is not valid
 * percent-encoded UTF-8 is malformed (the client's mistake, a 400), not a server failure; one longer than an R2 key
 * can be names nothing (a 404).
 * @example
 * mediaKey('/media/0192…/my..report.pdf'); // { key: 'media/0192…/my..report.pdf' }
 * mediaKey('/media/%');                    // { malformed: true }
 */
export function mediaKey(pathname: string): MediaPath {
  let segments: string[];
  try {
    segments = pathname.slice(1).split('/').map(decodeURIComponent);
  } catch {
    return { malformed: true };
  }
  if (segments[0] !== 'media' || segments.length < 2) return { outside: true };
  const unsafe = segments.some(
    (segment) => segment === '' || segment === '.' || segment === '..' || UNSAFE_SEGMENT.test(segment),
  );
  if (unsafe) return { outside: true };
  const key = segments.join('/');
  return new TextEncoder().encode(key).length > MAX_KEY_BYTES ? { outside: true } : { key };
}
