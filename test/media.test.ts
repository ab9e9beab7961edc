import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './auth-helpers';
import { defineConfig, definePlugin, media } from '../src';
import { codes, testWorker } from './helpers';
import fixture from './fixtures/config';
import { uploadRequest } from './image-helpers';

const uploaded: string[] = [];
const watcher = definePlugin({
  name: 'upload-watcher',
  version: '1.0.0',
  events: { afterUpload: ({ item }) => void uploaded.push(String(item.filename)) },
});
const w = testWorker(defineConfig({ ...fixture, plugins: [...fixture.plugins, watcher] }));
let admin: Record<string, string>;

/** A PNG header of the given size (the bytes the type and the dimensions are read from), padded to `bytes`. */
function png(width: number, height: number, bytes = 64) {
  const data = new Uint8Array(bytes);
  data.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(data.buffer).setUint32(16, width);
  new DataView(data.buffer).setUint32(20, height);
  for (let i = 24; i < bytes; i++) data[i] = i % 251;
  return data;
}

/** An upload as the admin by default, asking for the file's facts. */
const upload = (file: File, headers: Record<string, string> = admin, alt = 'A test image', worker = w) =>
  uploadRequest(worker, file, headers, { fields: 'id filename mimeType size width height alt url', alt });

const objects = async () => (await env.MEDIA_BUCKET.list({ prefix: 'media/' })).objects.length;

beforeAll(async () => {
  admin = (await signedIn('admin')).headers;
});

describe('the media plugin', () => {
  it('stores an upload in R2, with its type and size read from the content, and delivers it', async () => {
    const bytes = png(640, 480, 1000);
    const { body } = await upload(new File([bytes], 'holiday photo.png', { type: 'application/octet-stream' }));
    const item = body.data.uploadMedia;
    expect(item).toMatchObject({
      filename: 'holiday photo.png',
      mimeType: 'image/png',
      size: 1000,
      width: 640,
      height: 480,
      alt: 'A test image',
    });
    expect(item.url).toMatch(/^\/media\/[0-9a-f-]{36}\/holiday-photo\.png$/);

    const file = await w.fetch(item.url);
    expect([
      file.status,
      file.headers.get('content-type'),
      file.headers.get('cache-control'),
      file.headers.get('accept-ranges'),
    ]).toEqual([200, 'image/png', 'public, max-age=31536000, immutable', 'bytes']);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    expect([file.headers.get('cross-origin-resource-policy'), file.headers.get('x-content-type-options')]).toEqual([
      'cross-origin',
      'nosniff',
    ]);

    const part = await w.fetch(item.url, { headers: { range: 'bytes=100-199' } });
    expect([part.status, part.headers.get('content-range'), part.headers.get('content-length')]).toEqual([
      206,
      'bytes 100-199/1000',
      '100',
    ]);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));

    const again = await w.fetch(item.url, { headers: { 'if-none-match': file.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await w.data(`{ mediaItems { totalCount } }`)).mediaItems.totalCount).toBe(1);
    expect(uploaded).toEqual(['holiday photo.png']); // the afterUpload event hook
  });

  it('refuses a file too large or of another type cleanly: nothing stored, no item', async () => {
    const before = await objects();
    const large = await upload(new File([png(10, 10, 200 * 1024 + 1)], 'big.png'));
    expect([codes(large.body), large.body.errors[0].extensions.fieldErrors[0].code]).toEqual([
      ['VALIDATION_FAILED'],
      'TOO_LARGE',
    ]);
    const script = await upload(
      new File(['<script>alert(1)</script> not an image at all'], 'evil.png', { type: 'image/png' }),
    );
    expect([codes(script.body), script.body.errors[0].extensions.fieldErrors[0].code]).toEqual([
      ['VALIDATION_FAILED'],
      'UNSUPPORTED_TYPE',
    ]);
    const huge = await upload(new File([png(10, 10, 400 * 1024)], 'huge.png'));
    expect(huge.response.status).toBe(413); // past the upload body limit: refused before it is read
    expect(await objects()).toBe(before);
    expect((await w.data(`{ mediaItems { totalCount } }`)).mediaItems.totalCount).toBe(1);
  });

  it('deleting a media item deletes its file', async () => {
    const { body } = await upload(new File([png(2, 2)], 'gone.png'));
    const { id, url } = body.data.uploadMedia;
    expect(await env.MEDIA_BUCKET.head(url.slice(1))).not.toBeNull();
    await w.data(`mutation D($id: ID!) { deleteMedia(where: { id: $id }) { id } }`, { id });
    expect(await env.MEDIA_BUCKET.head(url.slice(1))).toBeNull();
    expect((await w.fetch(url)).status).toBe(404);
  });

  it('media items are made by uploads only, their file facts are read-only, and uploading needs the create right', async () => {
    const direct = await w.gql(
      `mutation { createMedia(data: { filename: "x", mimeType: "image/png", size: 1, key: "media/x" }) { id } }`,
    );
    expect(codes(direct.body)).toEqual(['BAD_USER_INPUT']);
    const { body } = await upload(new File([png(3, 3)], 'fixed.png'));
    const change = await w.gql(
      `mutation U($id: ID!) { updateMedia(where: { id: $id }, data: { size: 5, alt: "new" }) { id } }`,
      { id: body.data.uploadMedia.id },
    );
    expect([codes(change.body), change.body.errors![0]!.extensions!.fieldErrors[0].path]).toEqual([
      ['VALIDATION_FAILED'],
      ['data', 'size'],
    ]);
    const anonymous = await upload(new File([png(3, 3)], 'anon.png'), {});
    expect(codes(anonymous.body)).toEqual(['UNAUTHENTICATED']);
    const viewer = await upload(new File([png(3, 3)], 'viewer.png'), (await signedIn('viewer')).headers);
    expect(codes(viewer.body)).toEqual(['FORBIDDEN']);
  });

  it('answers a path or condition it can not read with a clean 4xx or the usual answer, never a 5xx', async () => {
    for (const path of ['/media/%', '/media/%E0%A4%A', '/media/x/%ZZ', '/%', '/%E0%A4%A']) {
      const response = await w.fetch(path);
      const clean = response.status < 500 && response.status >= 400;
      expect([path, clean, response.headers.get('x-content-type-options')]).toEqual([path, true, 'nosniff']);
    }
    // Longer than an R2 key may be (R2 throws on those): no stored file has such a name, with or without conditions.
    const conditionSets: Record<string, string>[] = [
      {},
      { 'if-none-match': '*' },
      { range: 'bytes=0-1', 'if-range': 'zzz' },
    ];
    for (const headers of conditionSets) {
      for (const method of ['GET', 'HEAD']) {
        const response = await w.fetch(`/media/${'a'.repeat(3000)}`, { method, headers });
        expect([method, response.status, response.headers.get('x-content-type-options')]).toEqual([
          method,
          404,
          'nosniff',
        ]);
      }
    }
    const { url } = (await upload(new File([png(5, 5)], 'conditions.png'))).body.data.uploadMedia;
    const list = Array.from({ length: 800 }, (_, i) => `"tag-${i}"`).join(', ');
    const statuses = [];
    const conditions = [
      ['if-none-match', 'zzz'],
      ['if-none-match', 'W/'],
      ['if-none-match', '"'],
      ['if-none-match', list],
      ['if-match', 'zzz'],
      ['if-match', 'W/'],
      ['if-match', list],
      ['if-range', 'zzz'],
    ] as const;
    for (const [name, value] of conditions) {
      const response = await w.fetch(url, { headers: { [name]: value } });
      statuses.push(response.status);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    expect(statuses).toEqual([200, 200, 200, 200, 412, 412, 412, 200]);
  });

  it('refuses an image whose header claims absurd dimensions, storing nothing', async () => {
    const before = [await objects(), (await w.data(`{ mediaItems { totalCount } }`)).mediaItems.totalCount];
    const gif = (width: number, height: number) => {
      const bytes = new Uint8Array(32);
      bytes.set(new TextEncoder().encode('GIF89a'));
      new DataView(bytes.buffer).setUint16(6, width, true);
      new DataView(bytes.buffer).setUint16(8, height, true);
      return bytes;
    };
    const refusals = [];
    const claims = [
      [png(100000, 100000), 'huge.png'],
      [png(0, 0), 'empty.png'],
      [gif(0, 5), 'zero.gif'],
      [png(2 ** 31 - 1, 1), 'wide.png'],
    ] as const;
    for (const [bytes, name] of claims) {
      const { body } = await upload(new File([bytes], name));
      refusals.push([codes(body), body.errors[0].extensions.fieldErrors[0].code]);
    }
    expect(refusals).toEqual([
      [['VALIDATION_FAILED'], 'DIMENSIONS_TOO_LARGE'],
      [['VALIDATION_FAILED'], 'BAD_DIMENSIONS'],
      [['VALIDATION_FAILED'], 'BAD_DIMENSIONS'],
      [['VALIDATION_FAILED'], 'DIMENSIONS_TOO_LARGE'],
    ]);
    expect([await objects(), (await w.data(`{ mediaItems { totalCount } }`)).mediaItems.totalCount]).toEqual(before);
    // The bounds are the plugin's options.
    const bounds = media({ maxImageSide: 100, maxImagePixels: 5000 });
    const plugins = [...fixture.plugins.filter((p) => p.name !== 'media'), bounds];
    const bounded = testWorker(defineConfig({ ...fixture, plugins }));
    const outcomes = [];
    for (const [width, height] of [
      [101, 1],
      [100, 51],
      [100, 50],
    ] as const) {
      outcomes.push(codes((await upload(new File([png(width, height)], 'bounded.png'), admin, 'x', bounded)).body));
    }
    expect(outcomes).toEqual([['VALIDATION_FAILED'], ['VALIDATION_FAILED'], []]);
    expect(() => media({ maxImagePixels: 0 })).toThrow(/maxImagePixels must be a positive integer/);
  });

  it('follows RFC 9110 for Range: 416 past the end, the whole file for one it doesn’t take, If-Range', async () => {
    const bytes = png(8, 8, 1000);
    const { url } = (await upload(new File([bytes], 'ranges.png'))).body.data.uploadMedia;
    const etag = (await w.fetch(url)).headers.get('etag')!;
    const answer = async (headers: Record<string, string>) => {
      const response = await w.fetch(url, { headers });
      return [response.status, response.headers.get('content-range'), (await response.arrayBuffer()).byteLength];
    };
    expect(await answer({ range: 'bytes=1000-' })).toEqual([416, 'bytes */1000', 0]);
    expect(await answer({ range: 'bytes=-0' })).toEqual([416, 'bytes */1000', 0]);
    for (const range of ['bytes=abc', 'items=0-1', 'bytes=5-2', 'bytes=0-1,5-6']) {
      expect([range, ...(await answer({ range }))]).toEqual([range, 200, null, 1000]);
    }
    expect(await answer({ range: 'bytes=-300' })).toEqual([206, 'bytes 700-999/1000', 300]);
    expect(await answer({ range: 'bytes=900-' })).toEqual([206, 'bytes 900-999/1000', 100]);
    expect(await answer({ range: 'bytes=990-5000' })).toEqual([206, 'bytes 990-999/1000', 10]);
    expect(await answer({ range: 'bytes=0-9', 'if-range': etag })).toEqual([206, 'bytes 0-9/1000', 10]);
    expect(await answer({ range: 'bytes=0-9', 'if-range': '"stale"' })).toEqual([200, null, 1000]);
    expect(await answer({ range: 'bytes=0-9', 'if-range': `W/${etag}` })).toEqual([200, null, 1000]);
  });

  it('ignores a date condition it can not read, and keeps the precedence of RFC 9110 §13.2.2', async () => {
    const { url } = (await upload(new File([png(6, 6)], 'dates.png'))).body.data.uploadMedia;
    const first = await w.fetch(url);
    const [etag, modified] = [first.headers.get('etag')!, first.headers.get('last-modified')!];
    const future = new Date(Date.now() + 86_400_000).toUTCString();
    const past = 'Sun, 06 Nov 1994 08:49:37 GMT';
    const statuses = [];
    const conditions: Array<Record<string, string>> = [
      { 'if-unmodified-since': 'not a date' },
      { 'if-modified-since': 'not a date' },
      { 'if-modified-since': '1' },
      { 'if-unmodified-since': past },
      { 'if-modified-since': future },
      { 'if-modified-since': modified },
      { 'if-match': etag, 'if-unmodified-since': past },
      { 'if-none-match': '"other"', 'if-modified-since': future },
      { 'if-none-match': `W/${etag}` },
      { 'if-match': `W/${etag}` },
      { 'if-match': '*' },
    ];
    for (const headers of conditions) statuses.push((await w.fetch(url, { headers })).status);
    expect(statuses).toEqual([200, 200, 200, 412, 304, 304, 200, 200, 304, 412, 200]);
  });

  it('delivers what is not an image as an attachment with a safe name, under a sandboxing policy', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n%%EOF\n and some more bytes');
    const { url } = (await upload(new File([pdf], 'Bericht März (2024).pdf'))).body.data.uploadMedia;
    const file = await w.fetch(url);
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="Bericht M_rz (2024).pdf"; filename*=UTF-8''Bericht%20M%C3%A4rz%20%282024%29.pdf`,
    );
    const types = [file.headers.get('content-type'), file.headers.get('x-content-type-options')];
    expect(types).toEqual(['application/pdf', 'nosniff']);
    expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    const image = await w.fetch((await upload(new File([png(2, 2)], 'shown.png'))).body.data.uploadMedia.url);
    expect(image.headers.get('content-disposition')).toMatch(/^inline; filename="shown\.png"/);
  });

  it('delivers a name with .. inside, while traversal reaches nothing', async () => {
    const { url } = (await upload(new File([png(2, 2)], 'my..report.png'))).body.data.uploadMedia;
    expect(url).toMatch(/\/my\.\.report\.png$/);
    expect((await w.fetch(url)).status).toBe(200);
    await env.MEDIA_BUCKET.put('exports/secret.json', '{}');
    const folder = url.slice(0, url.lastIndexOf('/'));
    const paths = [
      `${folder}/..%2f..%2fexports%2fsecret.json`,
      `${folder}/%2e%2e%2f%2e%2e%2fexports/secret.json`,
      `/media/..%5cexports%5csecret.json`,
      `/media/..%2fexports/secret.json`,
    ];
    for (const path of paths) expect([path, (await w.fetch(path)).status]).toEqual([path, 404]);
  });

  it('delivers nothing while the plugin is inactive', async () => {
    const { body } = await upload(new File([png(4, 4)], 'off.png'));
    await w.data(`mutation { deactivatePlugin(name: "media") { status } }`);
    expect((await w.fetch(body.data.uploadMedia.url)).status).toBe(404);
    await w.data(`mutation { activatePlugin(name: "media") { status } }`);
    expect((await w.fetch(body.data.uploadMedia.url)).status).toBe(200);
  });
});
