// Real images for the image tests, made here (workerd has no image encoder): a PNG of one colour, deflated with
// CompressionStream, and the width of an encoded WebP or PNG read from its header.
import { sniff } from '../src/plugins/system/media/sniff';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(
    [...type].map((c) => c.charCodeAt(0)),
    4,
  );
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * A real RGB PNG, `width` × `height`, of one colour (`[r, g, b]`).
 * @example
 * await solidPng(1200, 800, [0x33, 0x66, 0xcc]);
 */
export async function solidPng(width: number, height: number, rgb: [number, number, number]) {
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, width);
  new DataView(header.buffer).setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits a channel, RGB, no interlacing
  const raw = new Uint8Array(height * (1 + 3 * width));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set(rgb, y * (1 + 3 * width) + 1 + 3 * x);
  const stream = new Blob([raw]).stream().pipeThrough(new CompressionStream('deflate'));
  const compressed = new Uint8Array(await new Response(stream).arrayBuffer());
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', compressed),
    chunk('IEND', new Uint8Array()),
  ];
  return new Uint8Array(await new Blob(parts).arrayBuffer());
}

/** An encoded image's type and size, read from its header. */
export const imageFacts = (bytes: ArrayBuffer) => sniff(new Uint8Array(bytes));

/**
 * An upload through the GraphQL multipart request spec, as upload clients send it: the response and its JSON body,
 * whose `uploadMedia` has the fields asked for.
 */
export async function uploadRequest(
  worker: { fetch: (input: string, init?: RequestInit) => Promise<Response> },
  file: File,
  headers: Record<string, string>,
  { fields = 'id url width height placeholder', alt = null as string | null } = {},
) {
  const form = new FormData();
  const query = `mutation Up($file: Upload!, $alt: String) { uploadMedia(file: $file, alt: $alt) { ${fields} } }`;
  form.set('operations', JSON.stringify({ query, variables: { file: null, alt } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', file);
  const response = await worker.fetch('/graphql', {
    method: 'POST',
    body: form,
    headers: { 'apollo-require-preflight': 'true', accept: 'application/json', ...headers },
  });
  return { response, body: (await response.json()) as any };
}

/** `uploadRequest`'s body alone. */
export const uploadFile = async (...args: Parameters<typeof uploadRequest>) =>
  (await uploadRequest(...args)).body as { data?: { uploadMedia: Record<string, any> }; errors?: any[] };
