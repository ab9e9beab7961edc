import { GraphQLScalarType } from 'graphql';
import type { Context } from '../../../types/context';
import { defineCollection } from '../../../config/define';
import { CmsConfigError, badUserInput, validationFailed } from '../../../errors';
import { integer, text } from '../../../fields';
import { definePlugin } from '../../define';
import { deliverMedia } from './deliver';
import { imageFields } from './image-fields';
import { isUploading } from './marker';
import { uploadMedia } from './upload';
import { type ImageOptions, imageLimits } from './variant';

export interface MediaOptions {
  /** The largest file accepted, in bytes. Default 10 MiB. */
  maxBytes?: number;
  /** The types accepted, among those recognised by their content: PNG, JPEG, GIF, WebP, PDF. Default all of them. */
  types?: string[];
  /** The largest width or height an image may have (read from its header). Default 32768. */
  maxImageSide?: number;
  /** The most pixels (width × height) an image may have. Default 100 million (100 megapixels). */
  maxImagePixels?: number;
  /** The image variants `/media/<key>?w=…` may deliver (allow-lists; see docs/images.md). */
  images?: ImageOptions;
}

function positive(name: string, value: number) {
  if (Number.isSafeInteger(value) && value >= 1) return value;
  throw new CmsConfigError(`media: ${name} must be a positive integer, not ${value}`);
}

export const MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'];
/** Fields only an upload sets: they describe the stored file. */
const FILE_FIELDS = ['filename', 'mimeType', 'size', 'width', 'height', 'placeholder', 'key'];

/**
 * The media system plugin: `uploadMedia(file: Upload!, alt: String)` through the GraphQL multipart request spec,
 * stored in R2 (`MEDIA_BUCKET`), a `Media` collection with the file's facts and `url`, delivery at `/media/…` with
 * range requests and long-lived cache headers, image variants through the `IMAGES` binding within allow-lists
 * (`url(width: 300, format: WEBP)`); deleting a media item deletes its file.
 * @example
 * defineConfig({ collections, plugins: [media({ maxBytes: 5 * 1024 * 1024 })] });
 */
export function media(options: MediaOptions = {}) {
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const types = options.types ?? MEDIA_TYPES;
  const maxImageSide = positive('maxImageSide', options.maxImageSide ?? 32_768);
  const maxImagePixels = positive('maxImagePixels', options.maxImagePixels ?? 100_000_000);
  const limits = { maxBytes, types, maxImageSide, maxImagePixels };
  const images = imageLimits(options.images);
  const collection = defineCollection({
    name: 'Media',
    plural: 'mediaItems',
    description: 'An uploaded file (an image or a PDF), stored in R2.',
    access: { publicRead: true },
    fields: {
      filename: text({ required: true, maxLength: 200 }),
      mimeType: text({ required: true, maxLength: 100 }),
      size: integer({ required: true, min: 0 }),
      width: integer({ min: 0 }),
      height: integer({ min: 0 }),
      // An image's average colour (`#rrggbb`), painted while it loads.
      placeholder: text({ maxLength: 7 }),
      key: text({ required: true, unique: true, maxLength: 300 }),
      alt: text({ maxLength: 500 }),
    },
  });
  return definePlugin({
    name: 'media',
    version: '1.0.0',
    description: 'Uploads to R2, a Media collection, and file delivery with ranges and cache headers.',
    maxUploadBytes: maxBytes,
    collections: [collection],
    routes: { '/media/': (request, env, ctx) => deliverMedia(request, env, ctx, images) },
    hooks: {
      Media: {
        beforeCreate: ({ ctx, data }) => {
          if (!isUploading(ctx)) throw badUserInput('Media items are created by uploading a file: use uploadMedia');
          return data;
        },
        beforeUpdate: ({ data }) => {
          const fixed = Object.keys(data).filter((key) => FILE_FIELDS.includes(key));
          if (fixed.length)
            throw validationFailed(
              fixed.map((key) => ({
                path: ['data', key],
                code: 'READ_ONLY',
                message: `${key} describes the stored file; upload a new one instead`,
              })),
            );
        },
        // The file goes with its item (after the delete committed: a failed delete keeps both).
        afterDelete: async ({ ctx, item }) => {
          await ctx.env.MEDIA_BUCKET.delete(String(item.key));
        },
      },
    },
    schema(builder, plugin) {
      builder.addScalarType(
        'Upload' as never,
        new GraphQLScalarType({
          name: 'Upload',
          description: 'A file sent with the GraphQL multipart request spec (`operations`, `map` and the file parts).',
          specifiedByURL: 'https://github.com/jaydenseric/graphql-multipart-request-spec',
          serialize: () => {
            throw new Error('Upload is an input-only scalar');
          },
          parseValue: (value) => value,
        }) as never,
      );
      const mediaType = plugin.type('Media');
      imageFields(builder, mediaType, images);
      builder.mutationField('uploadMedia', (t: any) =>
        t.field({
          type: mediaType,
          description: `Uploads a file (at most ${maxBytes} bytes; ${types.join(', ')}, recognised by content) and creates its media item. Needs the create right on Media.`,
          args: { file: t.arg({ type: 'Upload', required: true }), alt: t.arg.string() },
          resolve: (_root: unknown, args: { file: unknown; alt?: string | null }, ctx: Context) =>
            uploadMedia(ctx, args, limits),
        }),
      );
    },
  });
}
