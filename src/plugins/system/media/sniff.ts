/** What a file is, by its first bytes (never by its name or the type the client claims), and an image's size. */
export interface Sniffed {
  mimeType: string;
  width: number | null;
  height: number | null;
}

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));

/** JPEG: the first start-of-frame segment holds the height and width. */
function jpegSize(bytes: Uint8Array, view: DataView): [number, number] | null {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    const length = view.getUint16(at + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) return [view.getUint16(at + 7), view.getUint16(at + 5)];
    at += 2 + length;
  }
  return null;
}

/** WebP: lossy (VP8), lossless (VP8L) and extended (VP8X) headers each store the size differently. */
function webpSize(bytes: Uint8Array, view: DataView): [number, number] | null {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ') return [view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff];
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return [(bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1];
  }
  if (chunk === 'VP8X')
    return [
      1 + (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16)),
      1 + (bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16)),
    ];
  return null;
}

/**
 * The file's type from its signature (PNG, JPEG, GIF, WebP, PDF, SVG is refused: it can carry scripts), with an
 * image's width and height read from its header; undefined for anything else.
 * @example
 * sniff(new Uint8Array(await file.arrayBuffer())); // { mimeType: 'image/png', width: 640, height: 480 }
 */
export function sniff(bytes: Uint8Array): Sniffed | undefined {
  if (bytes.length < 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const image = (mimeType: string, size: [number, number] | null) =>
    size ? { mimeType, width: size[0], height: size[1] } : undefined;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && bytes.length >= 24)
    return image('image/png', [view.getUint32(16), view.getUint32(20)]);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return image('image/jpeg', jpegSize(bytes, view));
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')
    return image('image/gif', [view.getUint16(6, true), view.getUint16(8, true)]);
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP' && bytes.length >= 30)
    return image('image/webp', webpSize(bytes, view));
  if (ascii(bytes, 0, 5) === '%PDF-') return { mimeType: 'application/pdf', width: null, height: null };
  return undefined;
}
