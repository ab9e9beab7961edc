import type { Context } from '../../../types/context';
import { validationFailed } from '../../../errors';
import type { Item } from '../../../types/hooks';
import { createOne } from '../../../operations/create';
import { asUpload } from './marker';
import { type Sniffed, sniff } from './sniff';
import { emitPluginEvent } from '../../events';
import { averageColour } from './placeholder';

const fileError = (code: string, message: string) => validationFailed([{ path: ['file'], code, message }]);

/** A filename safe in a URL path: letters, digits, dots, dashes and underscores, at most 100 characters. */
const safeName = (name: string) =>
  name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+/, '')
    .slice(-100) || 'file';

export interface UploadLimits {
  maxBytes: number;
  types: string[];
  /** The largest width or height an image's header may claim. */
  maxImageSide: number;
  /** The most pixels (width × height) an image's header may claim. */
  maxImagePixels: number;
}

/**
 * An image's size as its header claims it, checked before anything is stored: nothing here decodes images, but
 * every client that shows one does, and a 100000×100000 header is a decompression bomb for them (or a broken file).
 */
function checkDimensions({ width, height }: Sniffed, limits: UploadLimits) {
  if (width === null || height === null) return;
  const claimed = `The image's header says ${width}×${height} pixels`;
  if (width < 1 || height < 1) {
    throw fileError('BAD_DIMENSIONS', `${claimed}: an image has at least one pixel each way`);
  }
  if (Math.max(width, height) > limits.maxImageSide || width * height > limits.maxImagePixels) {
    const bound = `${limits.maxImageSide} pixels a side and ${limits.maxImagePixels} pixels in all`;
    throw fileError('DIMENSIONS_TOO_LARGE', `${claimed}; the limit is ${bound}`);
  }
}

/**
 * Stores an uploaded file in R2 and creates its media item. The file is checked first (size, type by content); the
 * object is written, then the item; if the item can't be created (rights, hooks, validation), the object is deleted
 * again, so nothing is left behind on a failure.
 */
export async function uploadMedia(
  ctx: Context,
  args: { file: unknown; alt?: string | null },
  limits: UploadLimits,
): Promise<Item> {
  await ctx.access.require(ctx.cms.byName.get('Media')!, 'create');
  const file = args.file;
  if (!(file instanceof File)) throw fileError('NOT_A_FILE', 'file must be a file part of a multipart request');
  if (file.size > limits.maxBytes)
    throw fileError('TOO_LARGE', `The file has ${file.size} bytes; the limit is ${limits.maxBytes}`);
  if (file.size === 0) throw fileError('EMPTY', 'The file is empty');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const found = sniff(bytes);
  if (!found || !limits.types.includes(found.mimeType))
    throw fileError('UNSUPPORTED_TYPE', `The file's content is not one of ${limits.types.join(', ')}`);
  checkDimensions(found, limits);
  const key = `media/${crypto.randomUUID()}/${safeName(file.name)}`;
  // The name as uploaded goes with the object: downloads are saved under it (Content-Disposition).
  const customMetadata = { filename: file.name.slice(0, 200) || 'file' };
  // Images get their average colour (one transformation, through the IMAGES binding when it is bound).
  const placeholder = found.width === null ? null : await averageColour(ctx.env.IMAGES, bytes);
  await ctx.env.MEDIA_BUCKET.put(key, bytes, { httpMetadata: { contentType: found.mimeType }, customMetadata });
  let item: Item;
  try {
    item = await asUpload(ctx, () =>
      createOne(ctx, ctx.cms.byName.get('Media')!, {
        data: {
          filename: file.name.slice(0, 200) || 'file',
          mimeType: found.mimeType,
          size: file.size,
          width: found.width,
          height: found.height,
          placeholder,
          key,
          alt: args.alt ?? null,
        },
      }),
    );
  } catch (error) {
    await ctx.env.MEDIA_BUCKET.delete(key);
    throw error;
  }
  await emitPluginEvent(ctx, 'afterUpload', { ctx, item });
  return item;
}
