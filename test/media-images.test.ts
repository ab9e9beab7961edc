import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './auth-helpers';
import { media } from '../src';
import { codes, testWorker } from './helpers';
import { imageFacts, solidPng, uploadFile } from './image-helpers';

const w = testWorker();
const visitor = testWorker(undefined, { as: 'anonymous' });
let admin: Record<string, string>;
let photo: { id: string; url: string; width: number; height: number; placeholder: string };

const errorOf = async (response: Response) => {
  const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
  return [response.status, body.errors[0]!.extensions.code, body.errors[0]!.extensions.reason];
};

beforeAll(async () => {
  admin = (await signedIn('admin')).headers;
  const png = await solidPng(1200, 800, [0x33, 0x66, 0xcc]);
  const uploaded = await uploadFile(w, new File([png], 'team photo.png'), admin);
  photo = uploaded.data!.uploadMedia as typeof photo;
});

describe('image variants', () => {
  it('stores an image’s dimensions and average colour on upload', () => {
    expect([photo.width, photo.height, photo.placeholder]).toEqual([1200, 800, '#3366cc']);
  });

  it('url(width: 300, format: WEBP) is a 300 px WebP, made once and then served from the variant cache', async () => {
    const { media } = await w.data(
      `query M($id: ID!) { media(where: { id: $id }) { url(width: 300, format: WEBP) } }`,
      {
        id: photo.id,
      },
    );
    expect(media.url).toBe(`${photo.url}?w=300&f=webp`);
    const first = await visitor.fetch(media.url);
    expect([first.status, first.headers.get('content-type'), first.headers.get('x-image-cache')]).toEqual([
      200,
      'image/webp',
      'MISS',
    ]);
    const bytes = await first.arrayBuffer();
    expect(imageFacts(bytes)).toEqual({ mimeType: 'image/webp', width: 300, height: 200 });
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(first.headers.get('vary')).toBeNull();

    const second = await visitor.fetch(media.url);
    expect([second.status, second.headers.get('x-image-cache')]).toEqual([200, 'HIT']);
    expect(new Uint8Array(await second.arrayBuffer())).toEqual(new Uint8Array(bytes));
    // The same variant spelt otherwise (defaults, order, parameters it doesn't know) is the same cache entry.
    const respelt = await visitor.fetch(`${photo.url}?dpr=1&f=webp&fit=scale-down&w=300&utm=x&q=85`);
    expect(respelt.headers.get('x-image-cache')).toBe('HIT');
    const revalidated = await visitor.fetch(media.url, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(revalidated.status).toBe(304);
  });

  it('a size off the allow-lists is refused, in GraphQL and at the route, and nothing is made', async () => {
    const result = await w.gql(`query M($id: ID!) { media(where: { id: $id }) { url(width: 301) } }`, {
      id: photo.id,
    });
    expect([codes(result.body), result.body.errors![0]!.extensions!.reason]).toEqual([
      ['BAD_USER_INPUT'],
      'VARIANT_NOT_ALLOWED',
    ]);
    for (const query of [
      'w=301',
      'w=2048&dpr=2',
      'w=300&w=600',
      'w=0300',
      'w=3e2',
      'fit=bogus&w=300',
      'q=42&w=300',
      'f=gif&w=300',
      'h=99999999999',
      'f=webp',
      'dpr=9&w=64',
    ])
      expect([query, ...(await errorOf(await visitor.fetch(`${photo.url}?${query}`)))]).toEqual([
        query,
        400,
        'BAD_USER_INPUT',
        'VARIANT_NOT_ALLOWED',
      ]);
  });

  it('format AUTO picks AVIF, else WebP, else the original’s format from Accept, and varies on Accept', async () => {
    const url = `${photo.url}?w=64&f=auto`;
    const avif = await visitor.fetch(url, { headers: { accept: 'image/avif,image/webp,*/*' } });
    const webp = await visitor.fetch(url, { headers: { accept: 'image/webp,image/avif;q=0' } });
    const plain = await visitor.fetch(url, { headers: { accept: '*/*' } });
    expect([avif, webp, plain].map((r) => [r.headers.get('content-type'), r.headers.get('vary')])).toEqual([
      ['image/avif', 'Accept'],
      ['image/webp', 'Accept'],
      ['image/png', 'Accept'],
    ]);
    expect(new TextDecoder().decode((await avif.arrayBuffer()).slice(4, 12))).toBe('ftypavif');
    expect(imageFacts(await plain.arrayBuffer())).toEqual({ mimeType: 'image/png', width: 64, height: 43 });
  });

  it('fits a box in device pixels: cover crops to it, dpr multiplies it, scale-down never enlarges', async () => {
    const cover = await visitor.fetch(`${photo.url}?w=256&h=256&fit=cover&f=png&dpr=2`);
    expect(imageFacts(await cover.arrayBuffer())).toMatchObject({ width: 512, height: 512 });
    const small = await solidPng(100, 50, [0, 0, 0]);
    const { data } = await uploadFile(w, new File([small], 'small.png'), admin);
    const large = await visitor.fetch(`${data!.uploadMedia.url}?w=1024&f=png`);
    expect(imageFacts(await large.arrayBuffer())).toMatchObject({ width: 100, height: 50 });
  });

  it('srcSet lists the allowed widths up to the image’s own, or the ones asked for', async () => {
    const { media } = await w.data(
      `query M($id: ID!) { media(where: { id: $id }) { all: srcSet(format: WEBP) some: srcSet(widths: [300, 600]) } }`,
      { id: photo.id },
    );
    expect(media.some).toBe(`${photo.url}?w=300 300w, ${photo.url}?w=600 600w`);
    expect(media.all.split(', ').at(-1)).toBe(`${photo.url}?w=1200&f=webp 1200w`);
    const refused = await w.gql(`query M($id: ID!) { media(where: { id: $id }) { srcSet(widths: [300, 333]) } }`, {
      id: photo.id,
    });
    expect(codes(refused.body)).toEqual(['BAD_USER_INPUT']);
  });

  it('a file that is not an image, or not a readable one, is a 415, never a 5xx', async () => {
    const pdf = await uploadFile(w, new File(['%PDF-1.4 a document'], 'doc.pdf'), admin, {
      fields: 'url srcSet w: url(width: 300)',
    });
    expect([pdf.data!.uploadMedia.srcSet, pdf.data!.uploadMedia.w]).toEqual([null, pdf.data!.uploadMedia.url]);
    expect(await errorOf(await visitor.fetch(`${pdf.data!.uploadMedia.url}?w=300`))).toEqual([
      415,
      'BAD_USER_INPUT',
      'NOT_AN_IMAGE',
    ]);
    // A PNG header over garbage: accepted (its header is all an upload reads), but no transformer can read it.
    const broken = (await solidPng(40, 40, [1, 2, 3])).slice(0, 60);
    const { data } = await uploadFile(w, new File([broken], 'broken.png'), admin);
    expect(data!.uploadMedia.placeholder).toBeNull();
    expect(await errorOf(await visitor.fetch(`${data!.uploadMedia.url}?w=300`))).toEqual([
      415,
      'BAD_USER_INPUT',
      'UNREADABLE_IMAGE',
    ]);
  });

  it('a deleted image’s variants are gone with it, cached or not', async () => {
    const png = await solidPng(640, 480, [200, 10, 10]);
    const { data } = await uploadFile(w, new File([png], 'gone.png'), admin);
    const url = `${data!.uploadMedia.url}?w=64`;
    expect((await visitor.fetch(url)).headers.get('x-image-cache')).toBe('MISS');
    expect((await visitor.fetch(url)).headers.get('x-image-cache')).toBe('HIT');
    await w.data(`mutation D($id: ID!) { deleteMedia(where: { id: $id }) { id } }`, { id: data!.uploadMedia.id });
    expect(await errorOf(await visitor.fetch(url))).toEqual([404, 'NOT_FOUND', undefined]);
    expect((await visitor.fetch(`/media/no-such/file.png?w=64`)).status).toBe(404);
  });

  it('HEAD answers a variant’s headers alone; other methods are 405', async () => {
    const head = await visitor.fetch(`${photo.url}?w=128`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-type'), (await head.arrayBuffer()).byteLength]).toEqual([
      200,
      'image/png',
      0,
    ]);
    expect((await visitor.fetch(`${photo.url}?w=128`, { method: 'POST' })).status).toBe(405);
  });

  it('an allow-list that makes no sense is a config error when the config is built', () => {
    expect(() => media({ images: { widths: [0, 300] } })).toThrow(/images.widths must be whole numbers from 1/);
    expect(() => media({ images: { widths: [] } })).toThrow(/images.widths/);
    expect(() => media({ images: { qualities: [101] } })).toThrow(/images.qualities/);
    expect(() => media({ images: { formats: ['gif' as never] } })).toThrow(/gif is not one of/);
    expect(() => media({ images: { maxInputBytes: -1 } })).toThrow(/maxInputBytes must be a positive integer/);
  });
});
