import { CmsConfigError } from '../../../errors';

/** How an image is fitted into the asked box (Cloudflare Images' `fit`); `scale-down` never enlarges. */
export const FITS = ['scale-down', 'contain', 'cover', 'crop', 'pad'] as const;
/** The output formats a caller may ask for; `auto` picks AVIF, else WebP, else the original's from `Accept`. */
export const FORMATS = ['auto', 'webp', 'avif', 'jpeg', 'png'] as const;
export type Fit = (typeof FITS)[number];
export type Format = (typeof FORMATS)[number];

/** The variants an image may have: every list is an allow-list, so a caller can't make unbounded variants. */
export interface ImageOptions {
  /** Widths a variant may have, in CSS pixels. Default 64 … 2048 (see `DEFAULT_WIDTHS`). */
  widths?: number[];
  /** Heights a variant may have. Default the widths. */
  heights?: number[];
  /** Device pixel ratios (`dpr`). Default 1, 2 and 3; width × dpr stays within the largest width. */
  dprs?: number[];
  /** Qualities a caller may ask for (1–100). Default 50, 75, 85 and 95. */
  qualities?: number[];
  /** The quality when none is asked for. Default 85. */
  quality?: number;
  /** Formats a caller may ask for. Default all of `FORMATS`. */
  formats?: Format[];
  /** The largest original the transformer is handed, in bytes. Default 20 MiB. */
  maxInputBytes?: number;
}

export const DEFAULT_WIDTHS = [64, 128, 256, 300, 320, 480, 600, 640, 768, 960, 1024, 1200, 1280, 1536, 1920, 2048];

/** The options with their defaults, checked once when the config is built. */
export interface ImageLimits {
  widths: number[];
  heights: number[];
  dprs: number[];
  qualities: number[];
  quality: number;
  formats: Format[];
  maxInputBytes: number;
}

/** One variant, normalised: the same picture always has the same query, so caches key on it. */
export interface Variant {
  width?: number;
  height?: number;
  fit: Fit;
  format?: Format;
  quality: number;
  dpr: number;
}

export type ParsedVariant = { variant: Variant } | { refused: string } | { none: true };

/** The query names of a variant, in the order a normalised query lists them. */
const PARAMS = ['w', 'h', 'fit', 'f', 'q', 'dpr'] as const;
const WHOLE = /^[1-9][0-9]{0,4}$/;

/**
 * Why a variant is refused, or undefined when the allow-lists hold it: each value on its list, and width × dpr (and
 * height × dpr) within the largest allowed, so the pixels made never exceed the largest listed size.
 */
export function refusal(variant: Variant, limits: ImageLimits): string | undefined {
  const { width, height, dpr, quality, format } = variant;
  if (width === undefined && height === undefined) return 'Give a width or a height';
  if (width !== undefined && !limits.widths.includes(width))
    return `Width ${width} is not allowed; allowed: ${limits.widths.join(', ')}`;
  if (height !== undefined && !limits.heights.includes(height))
    return `Height ${height} is not allowed; allowed: ${limits.heights.join(', ')}`;
  if (!limits.dprs.includes(dpr)) return `DPR ${dpr} is not allowed; allowed: ${limits.dprs.join(', ')}`;
  if (width !== undefined && width * dpr > Math.max(...limits.widths))
    return `Width × DPR (${width * dpr}) is over the largest allowed width, ${Math.max(...limits.widths)}`;
  if (height !== undefined && height * dpr > Math.max(...limits.heights))
    return `Height × DPR (${height * dpr}) is over the largest allowed height, ${Math.max(...limits.heights)}`;
  if (quality !== limits.quality && !limits.qualities.includes(quality))
    return `Quality ${quality} is not allowed; allowed: ${limits.qualities.join(', ')}`;
  if (format !== undefined && !limits.formats.includes(format))
    return `Format ${format} is not allowed; allowed: ${limits.formats.join(', ')}`;
  return undefined;
}

/**
 * The variant a `/media/…` query asks for: none when it names no variant parameter (the original is delivered),
 * refused when a parameter is repeated, malformed or off its allow-list. Other parameters are ignored, and so never
 * make a new cache entry.
 * @example
 * parseVariant(new URLSearchParams('w=300&f=webp'), limits); // { variant: { width: 300, format: 'webp', … } }
 */
export function parseVariant(query: URLSearchParams, limits: ImageLimits): ParsedVariant {
  if (!PARAMS.some((name) => query.has(name))) return { none: true };
  const values: Partial<Record<(typeof PARAMS)[number], string>> = {};
  for (const name of PARAMS) {
    const all = query.getAll(name);
    if (all.length > 1) return { refused: `${name} is given ${all.length} times` };
    if (all.length) values[name] = all[0];
  }
  const whole = (name: 'w' | 'h' | 'q' | 'dpr') => {
    const value = values[name];
    if (value === undefined) return undefined;
    return WHOLE.test(value) ? Number(value) : Number.NaN;
  };
  const [width, height, quality, dpr] = [whole('w'), whole('h'), whole('q'), whole('dpr')];
  for (const [name, value] of [
    ['w', width],
    ['h', height],
    ['q', quality],
    ['dpr', dpr],
  ] as const)
    if (Number.isNaN(value)) return { refused: `${name} must be a whole number without leading zeros` };
  const fit = values.fit ?? 'scale-down';
  if (!(FITS as readonly string[]).includes(fit)) return { refused: `fit must be one of ${FITS.join(', ')}` };
  const format = values.f;
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format))
    return { refused: `f must be one of ${FORMATS.join(', ')}` };
  const variant: Variant = {
    width,
    height,
    fit: fit as Fit,
    format: format as Format | undefined,
    quality: quality ?? limits.quality,
    dpr: dpr ?? 1,
  };
  const why = refusal(variant, limits);
  return why ? { refused: why } : { variant };
}

/**
 * The normalised query of a variant: fixed order, defaults left out (so `?w=300&fit=scale-down&dpr=1` and
 * `?dpr=1&w=300` are one variant and one cache entry).
 * @example
 * variantQuery({ width: 300, fit: 'scale-down', format: 'webp', quality: 85, dpr: 1 }, limits); // 'w=300&f=webp'
 */
export function variantQuery(variant: Variant, limits: ImageLimits): string {
  const parts: string[] = [];
  if (variant.width !== undefined) parts.push(`w=${variant.width}`);
  if (variant.height !== undefined) parts.push(`h=${variant.height}`);
  if (variant.fit !== 'scale-down') parts.push(`fit=${variant.fit}`);
  if (variant.format !== undefined) parts.push(`f=${variant.format}`);
  if (variant.quality !== limits.quality) parts.push(`q=${variant.quality}`);
  if (variant.dpr !== 1) parts.push(`dpr=${variant.dpr}`);
  return parts.join('&');
}

function list(name: string, values: number[], max: number): number[] {
  const bad = values.find((value) => !Number.isSafeInteger(value) || value < 1 || value > max);
  if (bad !== undefined || !values.length)
    throw new CmsConfigError(`media: images.${name} must be whole numbers from 1 to ${max}, not ${bad ?? '[]'}`);
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * The image options with their defaults; a mistake is a `CmsConfigError` when the config is built.
 * @example
 * imageLimits({ widths: [320, 640, 1280] });
 */
export function imageLimits(options: ImageOptions = {}): ImageLimits {
  const widths = list('widths', options.widths ?? DEFAULT_WIDTHS, 12_000);
  const formats = options.formats ?? [...FORMATS];
  const unknown = formats.find((format) => !(FORMATS as readonly string[]).includes(format));
  if (unknown) throw new CmsConfigError(`media: images.formats: ${unknown} is not one of ${FORMATS.join(', ')}`);
  const maxInputBytes = options.maxInputBytes ?? 20 * 1024 * 1024;
  if (!Number.isSafeInteger(maxInputBytes) || maxInputBytes < 1)
    throw new CmsConfigError(`media: images.maxInputBytes must be a positive integer, not ${maxInputBytes}`);
  return {
    widths,
    heights: options.heights ? list('heights', options.heights, 12_000) : widths,
    dprs: list('dprs', options.dprs ?? [1, 2, 3], 4),
    qualities: list('qualities', options.qualities ?? [50, 75, 85, 95], 100),
    quality: list('quality', [options.quality ?? 85], 100)[0]!,
    formats,
    maxInputBytes,
  };
}
