// An image's placeholder is its average colour (`#rrggbb`), for the box a page paints while the picture loads: the
// transformer squeezes the image to one pixel and writes it as a PNG, and the pixel is read here. One pixel costs
// nothing to store or send, and reading it needs no image decoder in the worker (a blurhash would: every pixel).

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const hex = (values: number[]) => `#${values.map((value) => value.toString(16).padStart(2, '0')).join('')}`;

async function inflate(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The colour of a 1×1 PNG's pixel (8-bit grey, RGB, palette, with or without alpha), or null for anything else.
 * @example
 * await pixelColour(onePixelPng); // '#3366cc'
 */
export async function pixelColour(png: Uint8Array<ArrayBuffer>): Promise<string | null> {
  if (png.length < 33 || PNG_SIGNATURE.some((byte, i) => png[i] !== byte)) return null;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (view.getUint32(16) !== 1 || view.getUint32(20) !== 1 || png[24] !== 8) return null;
  const colourType = png[25]!;
  const idat: Uint8Array<ArrayBuffer>[] = [];
  let palette: Uint8Array | undefined;
  for (let at = 8; at + 8 <= png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IDAT') idat.push(data);
    if (type === 'PLTE') palette = data;
    at += 12 + length;
  }
  const row = await inflate(new Uint8Array(await new Blob(idat).arrayBuffer()));
  // The row's filter byte comes first; a single pixel's filter leaves it as is (no neighbour to predict from).
  const pixel = row.subarray(1);
  if (colourType === 0 || colourType === 4) return hex([pixel[0]!, pixel[0]!, pixel[0]!]);
  if (colourType === 2 || colourType === 6) return pixel.length >= 3 ? hex([...pixel.subarray(0, 3)]) : null;
  if (colourType === 3 && palette && palette.length >= 3 * (pixel[0]! + 1))
    return hex([...palette.subarray(3 * pixel[0]!, 3 * pixel[0]! + 3)]);
  return null;
}

/**
 * An image's average colour through the `IMAGES` binding, or null when there is no binding or the image can't be
 * read: a placeholder is a nicety, never a reason to refuse an upload.
 * @example
 * await averageColour(env.IMAGES, bytes); // '#7a8b9c'
 */
export async function averageColour(
  images: ImagesBinding | undefined,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<string | null> {
  if (!images) return null;
  try {
    const result = await images
      .input(new Blob([bytes]).stream())
      .transform({ width: 1, height: 1, fit: 'squeeze' })
      .output({ format: 'image/png' });
    return await pixelColour(new Uint8Array(await result.response().arrayBuffer()));
  } catch {
    return null;
  }
}
