import type { Builder } from '../../../types/builder';
import { badUserInput } from '../../../errors';
import { FITS, FORMATS, type Fit, type Format, type ImageLimits, refusal, type Variant, variantQuery } from './variant';

/** The file types that have variants (the rest, PDFs, are delivered as they are). */
const RASTER = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
const enumValues = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((value) => [value.replace('-', '_').toUpperCase(), { value }]));

interface Shown {
  key: string;
  mimeType: string;
  width: number | null;
}
interface VariantArgs {
  width?: number | null;
  height?: number | null;
  fit?: Fit | null;
  format?: Format | null;
  quality?: number | null;
  dpr?: number | null;
}

/** The variant the arguments ask for, refused (`BAD_USER_INPUT`) off the allow-lists as the route would refuse it. */
function variantOf(args: VariantArgs, limits: ImageLimits): Variant {
  const variant: Variant = {
    width: args.width ?? undefined,
    height: args.height ?? undefined,
    fit: args.fit ?? 'scale-down',
    format: args.format ?? undefined,
    quality: args.quality ?? limits.quality,
    dpr: args.dpr ?? 1,
  };
  const why = refusal(variant, limits);
  if (why) throw badUserInput(why, { reason: 'VARIANT_NOT_ALLOWED' });
  return variant;
}

const asksVariant = (args: VariantArgs) => Object.values(args).some((value) => value !== undefined && value !== null);

/**
 * `Media.url(width, height, fit, format, quality, dpr)` and `Media.srcSet(widths, …)`: paths of an image's variants
 * (`/media/<key>?w=300&f=webp`), normalised as the route normalises them, so every client asking for one picture
 * shares one cache entry.
 * @example
 * { mediaItems { nodes { url(width: 300, format: WEBP) srcSet(widths: [300, 600], format: AUTO) } } }
 */
export function imageFields(builder: Builder, mediaType: unknown, limits: ImageLimits) {
  const fit = builder.enumType('ImageFit', {
    description: 'How a variant fits its box: SCALE_DOWN (the default) never enlarges; PAD fills the rest.',
    values: enumValues(FITS) as never,
  });
  const format = builder.enumType('ImageFormat', {
    description: 'A variant’s format; AUTO picks AVIF, else WebP, else the original’s, from the client’s Accept.',
    values: enumValues(FORMATS) as never,
  });
  const b = builder as any;
  const common = (t: any) => ({
    height: t.arg.int({ description: `In CSS pixels, one of ${limits.heights.join(', ')}.` }),
    fit: t.arg({ type: fit }),
    format: t.arg({ type: format }),
    quality: t.arg.int({ description: `1–100, one of ${limits.qualities.join(', ')}; default ${limits.quality}.` }),
  });
  const select = { columns: { key: true, mimeType: true, width: true } };
  b.drizzleObjectField(mediaType, 'url', (t: any) =>
    t.string({
      nullable: true,
      description:
        'Where the file is delivered (a path on this API’s host); with arguments, that variant of an image (a file ' +
        'that isn’t a raster image is delivered as it is). Sizes off the allow-lists are BAD_USER_INPUT.',
      args: {
        width: t.arg.int({ description: `In CSS pixels, one of ${limits.widths.join(', ')}.` }),
        ...common(t),
        dpr: t.arg.int({ description: `Device pixel ratio, one of ${limits.dprs.join(', ')}.` }),
      },
      select,
      resolve: (item: Shown, args: VariantArgs) => {
        if (!asksVariant(args) || !RASTER.includes(item.mimeType)) return `/${item.key}`;
        return `/${item.key}?${variantQuery(variantOf(args, limits), limits)}`;
      },
    }),
  );
  b.drizzleObjectField(mediaType, 'srcSet', (t: any) =>
    t.string({
      nullable: true,
      description:
        'An `<img srcset>` value: the image at each width (`/media/…?w=300 300w, …`); by default every allowed ' +
        'width up to the image’s own. Null for a file that isn’t a raster image.',
      args: { widths: t.arg.intList(), ...common(t) },
      select,
      resolve: (item: Shown, args: VariantArgs & { widths?: number[] | null }) => {
        if (!RASTER.includes(item.mimeType)) return null;
        const own = item.width ?? Number.POSITIVE_INFINITY;
        const fitting = limits.widths.filter((width) => width <= own);
        const widths = args.widths ?? (fitting.length ? fitting : limits.widths.slice(0, 1));
        if (widths.length > limits.widths.length)
          throw badUserInput(`At most ${limits.widths.length} widths`, { reason: 'VARIANT_NOT_ALLOWED' });
        const { widths: _, ...rest } = args;
        return [...new Set(widths)]
          .map((width) => `/${item.key}?${variantQuery(variantOf({ ...rest, width }, limits), limits)} ${width}w`)
          .join(', ');
      },
    }),
  );
}
