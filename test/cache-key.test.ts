import { beforeAll, describe, expect, it } from 'vitest';
import { defineConfig } from '../src';
import { buildCms } from '../src/build';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { isolate } from './cache-helpers';
import fixture from './fixtures/config';
import { seedBlog } from './reads-seed';

const cms = buildCms(fixture);
let admin: Record<string, string>;

const titles = (result: { body: { data?: any } }) =>
  result.body.data.posts.nodes.map((n: { title: string }) => n.title);

beforeAll(async () => {
  await seedBlog();
  admin = (await signedIn('admin')).headers;
});

describe('string literals are keyed byte for byte', () => {
  const titled = (text: string) => `{ posts(where: { title: { contains: ${text} } }) { nodes { title } } }`;

  it('a title with two spaces is not one with one space, whichever is asked first', async () => {
    const request = isolate(cms);
    const title = 'A Practical Guide to keys';
    const created = await request(`mutation { createPost(data: { title: "${title}" }) { id } }`, admin);
    await request(`mutation { publishPost(where: { id: "${created.body.data.createPost.id}" }) { id } }`, admin);

    const two = await request(titled('"A  Practical Guide"'));
    expect([two.status, titles(two)]).toEqual(['MISS', []]);
    const one = await request(titled('"A Practical Guide"'));
    expect([one.status, titles(one)]).toEqual(['MISS', [title]]);
    expect(titles(await request(titled('"A  Practical Guide"')))).toEqual([]);
    // A fresh isolate, the other order.
    const other = isolate(cms);
    expect(titles(await other(titled('"A Practical  Guide"')))).toEqual([]);
    expect(titles(await other(titled('"A Practical Guide"')))).toEqual([title]);
  });

  it('block strings and escapes are the values they stand for', async () => {
    const request = isolate(cms);
    expect(titles(await request(titled('"\\u0041lpha"')))).toEqual(['Alpha']);
    expect(titles(await request(titled('"""Alpha """')))).toEqual([]);
    expect(titles(await request(titled('"""Alpha"""')))).toEqual(['Alpha']);
  });
});

describe('variables are keyed as GraphQL coerces them', () => {
  const LIST = 'query List($n: Int = 1) { posts(first: $n, orderBy: [{ title: asc }]) { nodes { title } } }';

  it('a variable the document does not declare makes no new entry', async () => {
    const request = isolate(cms);
    expect((await request(LIST, {}, { n: 2 })).status).toBe('MISS');
    for (let i = 0; i < 3; i++) {
      const hit = await request(LIST, {}, { n: 2, bust: i });
      expect([hit.status, hit.source]).toEqual(['HIT', 'memory']);
    }
  });

  it('a default is its value, an explicit null is not absent, and a value that does not coerce is not cached', async () => {
    const request = isolate(cms);
    const absent = await request(LIST);
    expect([absent.status, titles(absent).length]).toEqual(['MISS', 1]);
    expect((await request(LIST, {}, { n: 1 })).status).toBe('HIT');
    const explicitNull = await request(LIST, {}, { n: null });
    expect(explicitNull.status).toBe('MISS');
    expect(titles(explicitNull).length).toBeGreaterThan(1);
    for (let i = 0; i < 2; i++) {
      const wrong = await request(LIST, {}, { n: '1' });
      expect([wrong.status, wrong.body.errors?.length]).toEqual(['BYPASS', 1]);
    }
  });

  it('the pipeline and the fast path compute the same key', async () => {
    const request = isolate(cms);
    // A CORS request goes through the whole pipeline, which stores the response; the fast path then finds it.
    const stored = await request(LIST, { origin: 'http://localhost:5173' }, { n: 3 });
    expect(stored.status).toBe('MISS');
    const fast = await request(LIST, {}, { n: 3, ignored: 'x' });
    expect([fast.status, fast.source, fast.header('server-timing')]).toEqual([
      'HIT',
      'memory',
      expect.stringContaining('0 statements'),
    ]);
  });
});

describe('the size of one entry', () => {
  const LIST = `{ posts(orderBy: [{ title: asc }]) { nodes { id title slug excerpt } } }`;

  it('a response over cache.maxEntryBytes is sent but not kept', async () => {
    const capped = buildCms(defineConfig({ ...fixture, cache: { maxEntryBytes: 200 } }));
    const request = isolate(capped, createHandler(capped));
    const first = await request(LIST);
    expect(first.body.data.posts.nodes.length).toBeGreaterThan(2);
    for (let i = 0; i < 2; i++) {
      const again = await request(LIST);
      expect([again.status, again.source, again.ttl]).toEqual(['MISS', 'database', null]);
      expect(again.body).toEqual(first.body);
    }
    await request('{ __typename }');
    expect((await request('{ __typename }')).status).toBe('HIT'); // a small one still is
  });

  it('is 512 KiB by default, and must be a whole number', () => {
    expect(cms.cache.maxEntryBytes).toBe(512 * 1024);
    expect(() => buildCms(defineConfig({ ...fixture, cache: { maxEntryBytes: -1 } }))).toThrow(/maxEntryBytes/);
  });
});

describe('memory admission', () => {
  it('one caller sending a hundred and fifty distinct large responses does not evict a popular entry', async () => {
    const small = buildCms(defineConfig({ ...fixture, cache: { memoryBytes: 16 * 1024 } }));
    const request = isolate(small, createHandler(small));
    const popular = `{ tags(orderBy: [{ name: asc }]) { nodes { name } } }`;
    for (let i = 0; i < 4; i++) await request(popular);
    expect((await request(popular)).source).toBe('memory');
    const flood = `query Flood($miss: ID!) {
      posts(where: { id: { not: $miss } }, orderBy: [{ title: asc }]) { nodes { id title slug excerpt views author { name } } }
      authors { nodes { id name } }
    }`;
    for (let i = 0; i < 150; i++) {
      const busting = await request(flood, {}, { miss: `flood-${i}` });
      expect(busting.status).toBe('MISS');
    }
    const after = await request(popular);
    expect([after.status, after.source]).toEqual(['HIT', 'memory']);
    const stats = (await request(`{ cacheStats { memory { bytes maxBytes } kv { writes } } }`, admin)).body.data
      .cacheStats;
    expect(stats.memory.bytes).toBeLessThanOrEqual(stats.memory.maxBytes);
    expect(stats.kv.writes).toBeLessThanOrEqual(1); // one-off responses are not written to KV either
  }, 30_000);

  it('a response asked for again is admitted', async () => {
    const small = buildCms(defineConfig({ ...fixture, cache: { memoryBytes: 16 * 1024 } }));
    const request = isolate(small, createHandler(small));
    const query =
      'query Q($miss: ID!) { posts(where: { id: { not: $miss } }, orderBy: [{ title: asc }]) { nodes { id title slug } } }';
    for (let i = 0; i < 100; i++) await request(query, {}, { miss: `fill-${i}` });
    await request(query, {}, { miss: 'wanted' });
    await request(query, {}, { miss: 'wanted' });
    expect((await request(query, {}, { miss: 'wanted' })).status).toBe('HIT');
  });
});
