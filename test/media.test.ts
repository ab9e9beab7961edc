import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './auth-helpers';
import { defineConfig, definePlugin } from '../src';
import { codes, testWorker } from './helpers';
import fixture from './fixtures/config';

const uploaded: string[] = [];
const watcher = definePlugin({ name: 'upload-watcher', version: '1.0.0', events: { afterUpload: ({ item }) => void uploaded.push(String(item.filename)) } });
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

/** An upload through the GraphQL multipart request spec, as upload clients send it. */
async function upload(file: File, headers: Record<string, string> = admin, alt = 'A test image') {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: 'mutation Up($file: Upload!, $alt: String) { uploadMedia(file: $file, alt: $alt) { id filename mimeType size width height alt url } }', variables: { file: null, alt } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', file);
  const response = await w.fetch('/graphql', { method: 'POST', body: form, headers: { 'apollo-require-preflight': 'true', accept: 'application/json', ...headers } });
  return { response, body: (await response.json()) as any };
}

const objects = async () => (await env.MEDIA_BUCKET.list({ prefix: 'media/' })).objects.length;

beforeAll(async () => {
  admin = (await signedIn('admin')).headers;
});

describe('the media plugin', () => {
  it('stores an upload in R2, with its type and size read from the content, and delivers it', async () => {
    const bytes = png(640, 480, 1000);
    const { body } = await upload(new File([bytes], 'holiday photo.png', { type: 'application/octet-stream' }));
    const item = body.data.uploadMedia;
    expect(item).toMatchObject({ filename: 'holiday photo.png', mimeType: 'image/png', size: 1000, width: 640, height: 480, alt: 'A test image' });
    expect(item.url).toMatch(/^\/media\/[0-9a-f-]{36}\/holiday-photo\.png$/);

    const file = await w.fetch(item.url);
    expect([file.status, file.headers.get('content-type'), file.headers.get('cache-control'), file.headers.get('accept-ranges')]).toEqual([200, 'image/png', 'public, max-age=31536000, immutable', 'bytes']);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    expect([file.headers.get('cross-origin-resource-policy'), file.headers.get('x-content-type-options')]).toEqual(['cross-origin', 'nosniff']);

    const part = await w.fetch(item.url, { headers: { range: 'bytes=100-199' } });
    expect([part.status, part.headers.get('content-range'), part.headers.get('content-length')]).toEqual([206, 'bytes 100-199/1000', '100']);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));

    const again = await w.fetch(item.url, { headers: { 'if-none-match': file.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await w.data(`{ mediaItems { totalCount } }`)).mediaItems.totalCount).toBe(1);
    expect(uploaded).toEqual(['holiday photo.png']); // the afterUpload event hook
  });

  it('refuses a file too large or of another type cleanly: nothing stored, no item', async () => {
    const before = await objects();
    const large = await upload(new File([png(10, 10, 200 * 1024 + 1)], 'big.png'));
    expect([codes(large.body), large.body.errors[0].extensions.fieldErrors[0].code]).toEqual([['VALIDATION_FAILED'], 'TOO_LARGE']);
    const script = await upload(new File(['<script>alert(1)</script> not an image at all'], 'evil.png', { type: 'image/png' }));
    expect([codes(script.body), script.body.errors[0].extensions.fieldErrors[0].code]).toEqual([['VALIDATION_FAILED'], 'UNSUPPORTED_TYPE']);
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
    const direct = await w.gql(`mutation { createMedia(data: { filename: "x", mimeType: "image/png", size: 1, key: "media/x" }) { id } }`);
    expect(codes(direct.body)).toEqual(['BAD_USER_INPUT']);
    const { body } = await upload(new File([png(3, 3)], 'fixed.png'));
    const change = await w.gql(`mutation U($id: ID!) { updateMedia(where: { id: $id }, data: { size: 5, alt: "new" }) { id } }`, { id: body.data.uploadMedia.id });
    expect([codes(change.body), change.body.errors![0]!.extensions!.fieldErrors[0].path]).toEqual([['VALIDATION_FAILED'], ['data', 'size']]);
    const anonymous = await upload(new File([png(3, 3)], 'anon.png'), {});
    expect(codes(anonymous.body)).toEqual(['UNAUTHENTICATED']);
    const viewer = await upload(new File([png(3, 3)], 'viewer.png'), (await signedIn('viewer')).headers);
    expect(codes(viewer.body)).toEqual(['FORBIDDEN']);
  });

  it('delivers nothing while the plugin is inactive', async () => {
    const { body } = await upload(new File([png(4, 4)], 'off.png'));
    await w.data(`mutation { deactivatePlugin(name: "media") { status } }`);
    expect((await w.fetch(body.data.uploadMedia.url)).status).toBe(404);
    await w.data(`mutation { activatePlugin(name: "media") { status } }`);
    expect((await w.fetch(body.data.uploadMedia.url)).status).toBe(200);
  });
});
