/** The one byte range to send (`offset`, `length`), or why not: unsatisfiable (a 416), or ignored (the whole file). */
export type RangeOutcome = { offset: number; length: number } | 'unsatisfiable' | 'ignored';

const INT_RANGE = /^(\d+)-(\d*)$/;
const SUFFIX_RANGE = /^-(\d+)$/;

/**
 * Reads a `Range` header against a file's size (RFC 9110 §14.2). A header this server doesn't take is ignored and the
 * whole file is sent with a 200, as the RFC allows: another unit (`items=0-1`), a malformed set (`bytes=abc`,
 * `bytes=5-2`), and several ranges (`bytes=0-1,5-6`: a multipart answer would let a small request ask for the file
 * many times over). A single range is `first-last`, `first-` or the suffix `-length`; it is unsatisfiable when it
 * starts at or past the end (or asks for the last 0 bytes).
 * @example
 * byteRange('bytes=-500', 1000); // { offset: 500, length: 500 }
 * byteRange('bytes=1000-', 1000); // 'unsatisfiable'
 */
export function byteRange(header: string, size: number): RangeOutcome {
  const equals = header.indexOf('=');
  if (equals < 0 || header.slice(0, equals).toLowerCase() !== 'bytes' || size === 0) return 'ignored';
  const specs = header.slice(equals + 1).split(',');
  if (specs.length !== 1) return 'ignored';
  const spec = specs[0]!.trim();
  const suffix = SUFFIX_RANGE.exec(spec);
  if (suffix) {
    const length = Math.min(Number(suffix[1]), size);
    return length === 0 ? 'unsatisfiable' : { offset: size - length, length };
  }
  const range = INT_RANGE.exec(spec);
  if (!range) return 'ignored';
  const first = Number(range[1]);
  const last = range[2] === '' ? Infinity : Number(range[2]);
  if (last < first) return 'ignored';
  if (first >= size) return 'unsatisfiable';
  return { offset: first, length: Math.min(last, size - 1) - first + 1 };
}
