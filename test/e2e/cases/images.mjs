// Image variants through the running worker (issue 13): a 1200×800 PNG uploaded, its `url(width: 300, format: WEBP)`
// is a 300 px WebP made by the IMAGES binding (sharp under wrangler dev), a second fetch a cache hit, a size off the
// allow-list a 400, AUTO negotiated from Accept, and what isn't a readable image a 415, never a 5xx.
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { adminToken, chunk } from '../lib/media.mjs';

/** A real RGB PNG of one colour. */
function solidPng(width, height, [r, g, b]) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits a channel, RGB
  const row = Buffer.alloc(1 + 3 * width);
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + 3 * x);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A WebP's width and height from its header (lossy VP8, lossless VP8L or extended VP8X). */
function webpSize(bytes) {
  assert.equal(bytes.toString('latin1', 8, 12), 'WEBP', 'a WebP file');
  const kind = bytes.toString('latin1', 12, 16);
  if (kind === 'VP8 ') return [bytes.readUInt16LE(26) & 0x3fff, bytes.readUInt16LE(28) & 0x3fff];
  if (kind === 'VP8L') {
    const bits = bytes.readUInt32LE(21);
    return [(bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1];
  }
  return [1 + bytes.readUIntLE(24, 3), 1 + bytes.readUIntLE(27, 3)];
}

async function gql({ url, admin }, query, variables) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${await adminToken(url, admin)}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  assert.equal(response.status, 200);
  return response.json();
}

async function upload(context, bytes, name) {
  const form = new FormData();
  const query = 'mutation U($file: Upload!) { uploadMedia(file: $file) { id url width height placeholder } }';
  form.set('operations', JSON.stringify({ query, variables: { file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([bytes]), name);
  const response = await fetch(`${context.url}/graphql`, {
    method: 'POST',
    body: form,
    headers: {
      authorization: `Bearer ${await adminToken(context.url, context.admin)}`,
      'apollo-require-preflight': 'true',
      accept: 'application/json',
    },
  });
  const body = await response.json();
  assert.ok(body.data?.uploadMedia?.url, `upload failed: ${JSON.stringify(body.errors)}`);
  return body.data.uploadMedia;
}

const refusal = async (response) => [response.status, (await response.json()).errors?.[0]?.extensions?.reason];

export default [
  {
    name: 'url(width: 300, format: WEBP) of a 1200×800 PNG is a 300 px WebP, cached after its first fetch',
    item: 'images',
    timeout: 60_000,
    async run(context) {
      const item = await upload(context, solidPng(1200, 800, [0x33, 0x66, 0xcc]), 'e2e-photo.png');
      assert.deepEqual([item.width, item.height, item.placeholder], [1200, 800, '#3366cc']);
      const { data } = await gql(
        context,
        'query M($id: ID!) { media(where: { id: $id }) { url(width: 300, format: WEBP) } }',
        { id: item.id },
      );
      assert.equal(data.media.url, `${item.url}?w=300&f=webp`);
      // Anyone may fetch a variant, as anyone may fetch the file (its key is unguessable).
      const first = await fetch(`${context.url}${data.media.url}`);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('content-type'), 'image/webp');
      assert.equal(first.headers.get('x-image-cache'), 'MISS');
      assert.equal(first.headers.get('x-content-type-options'), 'nosniff');
      const bytes = Buffer.from(await first.arrayBuffer());
      assert.deepEqual(webpSize(bytes), [300, 200]);
      const second = await fetch(`${context.url}${data.media.url}`);
      assert.equal(second.headers.get('x-image-cache'), 'HIT');
      assert.ok(Buffer.from(await second.arrayBuffer()).equals(bytes), 'the cached variant is the same file');

      const refused = await fetch(`${context.url}${item.url}?w=301&f=webp`);
      assert.deepEqual(await refusal(refused), [400, 'VARIANT_NOT_ALLOWED']);
      const graphqlRefused = await gql(context, 'query M($id: ID!) { media(where: { id: $id }) { url(width: 301) } }', {
        id: item.id,
      });
      assert.equal(graphqlRefused.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');

      const auto = await fetch(`${context.url}${item.url}?w=64&f=auto`, { headers: { accept: 'image/avif,*/*' } });
      assert.deepEqual(
        [auto.status, auto.headers.get('content-type'), auto.headers.get('vary')],
        [200, 'image/avif', 'Accept'],
      );
      await auto.arrayBuffer();
    },
  },
  {
    name: 'a variant of a PDF or of a broken image is a 415, of a missing file a 404, never a 5xx',
    item: 'images',
    async run(context) {
      const pdf = await upload(context, Buffer.from('%PDF-1.4\n%%EOF\n'), 'e2e.pdf');
      assert.deepEqual(await refusal(await fetch(`${context.url}${pdf.url}?w=300`)), [415, 'NOT_AN_IMAGE']);
      const broken = await upload(context, solidPng(50, 50, [9, 9, 9]).subarray(0, 60), 'e2e-broken.png');
      assert.equal(broken.placeholder, null);
      assert.deepEqual(await refusal(await fetch(`${context.url}${broken.url}?w=300`)), [415, 'UNREADABLE_IMAGE']);
      const missing = await fetch(`${context.url}/media/00000000-0000-0000-0000-000000000000/x.png?w=300`);
      assert.equal(missing.status, 404);
      await missing.arrayBuffer();
    },
  },
];
