// Media delivery and upload under hostile and careless input (issue 10): malformed paths and conditional headers,
// absurd image dimensions, RFC 9110 ranges and preconditions, attachments for what isn't an image, `..` in names.
import assert from 'node:assert/strict';
import { randomFillSync } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { adminToken, chunk } from '../lib/media.mjs';

/** A valid noisy grey PNG of the given size; `claimed` rewrites the header's size afterwards (a lying header). */
function png(width, height, claimed = [width, height]) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = randomFillSync(Buffer.alloc((width + 1) * height)); // noise: a file of some size
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0;
  const bytes = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  bytes.writeUInt32BE(claimed[0], 16);
  bytes.writeUInt32BE(claimed[1], 20);
  return bytes;
}
/** A GIF header claiming a size (logical screen), with a minimal body. */
function gif(width, height) {
  const bytes = Buffer.from('GIF89a\0\0\0\0\0\0\0;', 'latin1');
  bytes.writeUInt16LE(width, 6);
  bytes.writeUInt16LE(height, 8);
  return Buffer.concat([bytes, Buffer.alloc(16)]);
}
const pdf = () => Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Uploads a file as the admin (GraphQL multipart request spec, with the CSRF header); returns the JSON body. */
async function upload({ url, admin }, bytes, name) {
  const form = new FormData();
  form.set(
    'operations',
    JSON.stringify({
      query: 'mutation U($file: Upload!) { uploadMedia(file: $file) { id url size width height } }',
      variables: { file: null },
    }),
  );
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([bytes]), name);
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    body: form,
    headers: {
      authorization: `Bearer ${await adminToken(url, admin)}`,
      'apollo-require-preflight': 'true',
      accept: 'application/json',
    },
  });
  assert.ok(response.status < 500, `upload answered ${response.status}`);
  return response.json();
}
async function uploaded(context, bytes, name) {
  const body = await upload(context, bytes, name);
  assert.ok(body.data?.uploadMedia?.url, `upload failed: ${JSON.stringify(body.errors)}`);
  return body.data.uploadMedia;
}
const unique = (name) => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}-${name}`;

/** The security headers every response carries. */
function assertSecure(response, what) {
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.ok(response.headers.get('content-security-policy')?.includes("default-src 'none'"), `${what}: CSP`);
}

export default [
  {
    name: 'a path or conditional header that can not be read is a clean 4xx or the normal answer, never a 5xx',
    item: 'media-crash',
    async run(context) {
      const { url } = context;
      for (const path of ['/media/%', '/media/%E0%A4%A', '/media/x/%ZZ', '/%', '/%E0%A4%A', '/graphq%']) {
        const response = await fetch(`${url}${path}`);
        assert.ok(response.status >= 400 && response.status < 500, `${path} answered ${response.status}`);
        assertSecure(response, path);
        await response.arrayBuffer();
      }
      // Longer than an R2 key may be: R2 throws on those, the worker answers 404.
      for (const headers of [{}, { 'if-none-match': '*' }, { range: 'bytes=0-1', 'if-range': 'zzz' }]) {
        for (const method of ['GET', 'HEAD']) {
          const response = await fetch(`${url}/media/${'a'.repeat(3000)}`, { method, headers });
          assert.equal(response.status, 404, `${method} of a 3000-character key answered ${response.status}`);
          assertSecure(response, 'a 3000-character key');
          await response.arrayBuffer();
        }
      }
      const file = await uploaded(context, png(4, 3), unique('conditional.png'));
      const list = Array.from({ length: 800 }, (_, i) => `"tag-${i}"`).join(', ');
      const cases = [
        ['if-none-match', 'zzz', 200],
        ['if-none-match', 'W/', 200],
        ['if-none-match', '"', 200],
        ['if-none-match', list, 200],
        ['if-none-match', '\u0000'.replace('\u0000', 'a\tb'), 200],
        ['if-match', 'zzz', 412],
        ['if-match', 'W/', 412],
        ['if-match', '"', 412],
        ['if-match', list, 412],
        ['if-modified-since', 'zzz', 200],
        ['if-unmodified-since', 'zzz', 200],
        ['if-range', 'zzz', 200],
      ];
      for (const [name, value, status] of cases) {
        const response = await fetch(`${url}${file.url}`, { headers: { [name]: value } });
        assert.equal(response.status, status, `${name}: ${value.slice(0, 40)} answered ${response.status}`);
        assertSecure(response, name);
        await response.arrayBuffer();
      }
    },
  },
  {
    name: 'an image whose header claims absurd dimensions is refused at upload, and nothing is stored',
    item: 'media-dimensions',
    async run(context) {
      const before = await fetch(
        `${context.url}/graphql?query=${encodeURIComponent('{ mediaItems { totalCount } }')}`,
        { headers: { authorization: `Bearer ${await adminToken(context.url, context.admin)}` } },
      );
      assert.equal(before.status, 200);
      for (const [bytes, name] of [
        [png(2, 2, [100000, 100000]), 'huge.png'],
        [png(2, 2, [0, 0]), 'empty.png'],
        [gif(0, 5), 'zero.gif'],
        [png(2, 2, [2 ** 31 - 1, 1]), 'wide.png'],
      ]) {
        const body = await upload(context, bytes, unique(name));
        assert.equal(body.data?.uploadMedia ?? null, null, `${name} was stored`);
        const code = body.errors?.[0]?.extensions?.code;
        assert.ok(['VALIDATION_FAILED', 'BAD_USER_INPUT'].includes(code), `${name}: ${JSON.stringify(body.errors)}`);
        assert.match(body.errors[0].message, /dimension|pixel|size/i);
      }
      const fine = await uploaded(context, png(3, 2), unique('fine.png'));
      assert.deepEqual([fine.width, fine.height], [3, 2]);
    },
  },
  {
    name: 'Range follows RFC 9110: 416 when unsatisfiable, 200 when invalid, suffix and open ranges, If-Range',
    item: 'media-range',
    async run(context) {
      const bytes = png(40, 40);
      const file = await uploaded(context, bytes, unique('ranges.png'));
      const size = bytes.length;
      const get = (headers) => fetch(`${context.url}${file.url}`, { headers });
      const whole = await get({});
      const etag = whole.headers.get('etag');
      assert.equal(whole.status, 200);
      await whole.arrayBuffer();

      for (const range of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, 'bytes=-0']) {
        const response = await get({ range });
        assert.equal(response.status, 416, `${range}`);
        assert.equal(response.headers.get('content-range'), `bytes */${size}`, range);
        assertSecure(response, range);
        await response.arrayBuffer();
      }
      for (const range of ['bytes=abc', 'items=0-1', 'bytes=5-2', 'bytes=', 'bytes=--1', 'bytes=0-1,3-4']) {
        const response = await get({ range });
        assert.equal(response.status, 200, `${range} answered ${response.status}`);
        assert.equal(response.headers.get('content-range'), null, range);
        assert.equal((await response.arrayBuffer()).byteLength, size, range);
      }
      const cases = [
        ['bytes=-50', size - 50, size - 1],
        ['bytes=100-', 100, size - 1],
        ['bytes=0-0', 0, 0],
        [`bytes=10-${size * 4}`, 10, size - 1],
        [`bytes=-${size * 2}`, 0, size - 1],
        ['BYTES=5-9', 5, 9],
        ['bytes= 5-9 ', 5, 9],
      ];
      for (const [range, first, last] of cases) {
        const response = await get({ range });
        assert.equal(response.status, 206, `${range} answered ${response.status}`);
        assert.equal(response.headers.get('content-range'), `bytes ${first}-${last}/${size}`, range);
        assert.equal(response.headers.get('content-length'), String(last - first + 1), range);
        assert.deepEqual(Buffer.from(await response.arrayBuffer()), bytes.subarray(first, last + 1), range);
      }
      const current = await get({ range: 'bytes=0-9', 'if-range': etag });
      assert.equal(current.status, 206);
      await current.arrayBuffer();
      for (const ifRange of ['"stale"', `W/${etag}`, 'zzz']) {
        const stale = await get({ range: 'bytes=0-9', 'if-range': ifRange });
        assert.equal(stale.status, 200, `If-Range ${ifRange}`);
        assert.equal((await stale.arrayBuffer()).byteLength, size);
      }
    },
  },
  {
    name: 'an unparsable date condition is ignored, and RFC 9110 precedence holds',
    item: 'media-conditional',
    async run(context) {
      const file = await uploaded(context, png(5, 5), unique('dates.png'));
      const get = async (headers) => {
        const response = await fetch(`${context.url}${file.url}`, { headers });
        await response.arrayBuffer();
        return response;
      };
      const { headers } = await get({});
      const etag = headers.get('etag');
      const future = new Date(Date.now() + 86_400_000).toUTCString();
      const past = 'Sun, 06 Nov 1994 08:49:37 GMT';
      const expect = [
        [{ 'if-unmodified-since': 'not a date' }, 200],
        [{ 'if-modified-since': 'not a date' }, 200],
        [{ 'if-unmodified-since': '1' }, 200],
        [{ 'if-modified-since': '2' }, 200],
        [{ 'if-unmodified-since': past }, 412],
        [{ 'if-modified-since': future }, 304],
        [{ 'if-match': etag, 'if-unmodified-since': past }, 200], // If-Match wins over If-Unmodified-Since
        [{ 'if-match': '"other"', 'if-unmodified-since': future }, 412],
        [{ 'if-none-match': '"other"', 'if-modified-since': future }, 200], // If-None-Match wins over If-Modified-Since
        [{ 'if-none-match': etag, 'if-modified-since': past }, 304],
        [{ 'if-none-match': `W/${etag}` }, 304],
        [{ 'if-none-match': '*' }, 304],
        [{ 'if-match': '*' }, 200],
        [{ 'if-match': `W/${etag}` }, 412], // If-Match compares strongly
      ];
      for (const [conditions, status] of expect) {
        const response = await get(conditions);
        assert.equal(response.status, status, `${JSON.stringify(conditions)} answered ${response.status}`);
      }
    },
  },
  {
    name: 'what is not an image or video is delivered as an attachment, with nosniff and a sandboxing CSP',
    item: 'media-disposition',
    async run(context) {
      const file = await uploaded(context, pdf(), unique('report "final".pdf'));
      const response = await fetch(`${context.url}${file.url}`);
      assert.equal(response.status, 200);
      await response.arrayBuffer();
      const disposition = response.headers.get('content-disposition') ?? '';
      assert.match(disposition, /^attachment; filename="[^"\\/]+"/, disposition);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.match(
        response.headers.get('content-security-policy') ?? '',
        /default-src 'none'.*sandbox|sandbox.*default-src 'none'/,
      );
      const image = await uploaded(context, png(2, 2), unique('inline.png'));
      const inline = await fetch(`${context.url}${image.url}`);
      await inline.arrayBuffer();
      assert.ok(!/attachment/.test(inline.headers.get('content-disposition') ?? ''), 'an image is shown inline');
    },
  },
  {
    name: 'a file name with .. inside is delivered; traversal reaches nothing',
    item: 'media-dotdot',
    async run(context) {
      for (const name of ['my..report.pdf', 'a..b.png']) {
        const file = await uploaded(context, name.endsWith('.pdf') ? pdf() : png(2, 2), unique(name));
        assert.ok(file.url.includes('..'), file.url);
        const response = await fetch(`${context.url}${file.url}`);
        assert.equal(response.status, 200, `${file.url} answered ${response.status}`);
        await response.arrayBuffer();
        const folder = file.url.slice(0, file.url.lastIndexOf('/'));
        for (const path of [
          `${folder}/..%2f..%2fexports`,
          `${folder}/%2e%2e%2f%2e%2e%2fx`,
          `${folder}/..%5c..%5cx`,
          `${folder}/..\\..\\x`,
          '/media/..%2fexports%2fx.json',
          '/media/%2e%2e%2fexports%2fx.json',
        ]) {
          const bad = await fetch(`${context.url}${path}`);
          assert.ok(bad.status >= 400 && bad.status < 500, `${path} answered ${bad.status}`);
          await bad.arrayBuffer();
        }
      }
    },
  },
];
