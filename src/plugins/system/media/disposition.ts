// Shown in the browser: raster images, video and audio (a browser renders them in a media document, which runs no
// script of the file's). Anything else (PDF, SVG, HTML, text, an unknown type) is downloaded, so a hostile upload
// can never be a page on this origin.
const INLINE = /^(image\/(png|jpeg|gif|webp|avif)|video\/[\w.+-]+|audio\/[\w.+-]+)$/;

/** RFC 8187 (was 5987) `ext-value` encoding: percent-encodes all but `attr-char`. */
const extValue = (name: string) =>
  `UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

/**
 * The `Content-Disposition` of a delivered file (RFC 6266): `inline` for images, video and audio, `attachment`
 * otherwise, with the file name as a quoted ASCII fallback and in full as `filename*`.
 * @example
 * contentDisposition('application/pdf', 'Bericht – März.pdf');
 * // attachment; filename="Bericht _ M_rz.pdf"; filename*=UTF-8''Bericht%20%E2%80%93%20M%C3%A4rz.pdf
 */
export function contentDisposition(contentType: string | undefined, filename: string): string {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const kind = INLINE.test(type) ? 'inline' : 'attachment';
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=${extValue(filename)}`;
}
