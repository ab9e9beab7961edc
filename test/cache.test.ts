import { env } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCms } from '../src/build';
import { defineConfig } from '../src';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { type IsolateOptions, isolate as isolateOf } from './cache-helpers';
import fixture from './fixtures/config';
import { seedBlog } from './reads-seed';

const cms = buildCms(fixture);
let admin: Record<string, string>;

const isolate = (config = cms, handler = createHandler(config), bindings: IsolateOptions['bindings'] = {}) =>
  isolateOf(config, handler, { bindings });

const LIST = `{ posts(orderBy: [{ title: asc }]) { totalCount nodes { id title status author { name } tags { nodes { name } } } } }`;

beforeAll(async () => {
  await seedBlog();
  admin = (await signedIn('admin')).headers;
});

describe('memory and KV tiers', () => {
  it('a second identical query is a memory HIT with 0 D1 statements', async () => {
    const request = isolate();
    await request('{ __typename }'); // bootstrap
    const first = await request(`{ tags(orderBy: [{ name: asc }]) { nodes { name } } }`);
    expect([first.status, first.source]).toEqual(['MISS', 'database']);
    expect(first.statements.length).toBeGreaterThan(0);
    const second = await request(`{ tags(orderBy: [{ name: asc }]) { nodes { name } } }`);
    expect([second.status, second.source]).toEqual(['HIT', 'memory']);
    expect(second.statements).toHaveLength(0);
    expect(second.body.data).toEqual(first.body.data);
    expect(Number(second.ttl)).toBeGreaterThan(0);
  });

  it('once reused, after a new isolate (memory wiped) it is a KV HIT, which fills the new memory', async () => {
    const query = `{ authors(orderBy: [{ name: asc }]) { nodes { name } } }`;
    const first = isolate();
    expect((await first(query)).status).toBe('MISS');
    expect((await first(query)).source).toBe('memory'); // the reuse writes it to KV, after the response
    const fresh = isolate();
    await fresh('{ __typename }');
    const kv = await fresh(query);
    expect([kv.status, kv.source]).toEqual(['HIT', 'kv']);
    expect(kv.statements).toHaveLength(0);
    expect((await fresh(query)).source).toBe('memory');
  });

  describe('the hit path', () => {
    afterEach(() => vi.restoreAllMocks());

    it('writes a stored miss once: the response is the stored text', async () => {
      // The resolvers' miss (a compiled read is JSON text already: it writes none; see compiled-reads.test.ts).
      const request = isolate(cms, createHandler(cms, { compiledReads: false }), { ENVIRONMENT: 'staging' });
      await request('{ __typename }');
      const stringify = vi.spyOn(JSON, 'stringify');
      const miss = await request(`{ tags(orderBy: [{ name: asc }], first: 3) { nodes { name } } }`);
      expect(miss.status).toBe('MISS');
      const written = stringify.mock.results.filter(
        (r) => typeof r.value === 'string' && r.value.startsWith('{"data":{"tags"'),
      );
      expect(written).toHaveLength(1);
      expect(miss.body).toEqual(JSON.parse(written[0]!.value));
    });

    it('sends the stored JSON as it is, without parsing it again (outside development, which adds extensions.cache)', async () => {
      const request = isolate(cms, createHandler(cms), { ENVIRONMENT: 'staging' });
      const query = `{ tags(orderBy: [{ name: desc }]) { nodes { name } } }`;
      const first = await request(query);
      const parse = vi.spyOn(JSON, 'parse');
      const second = await request(query);
      expect(second.status).toBe('HIT');
      expect(second.body).toEqual(first.body);
      expect(parse.mock.calls.filter(([text]) => String(text).startsWith('{"data"'))).toEqual([]);
    });

    it('writes a miss to KV without stringifying the response again (KV holds its text after a header)', async () => {
      // The resolvers' path (compiled reads write no JSON.stringify at all: test/compiled-reads.test.ts).
      const request = isolate(cms, createHandler(cms, { compiledReads: false }), {
        ENVIRONMENT: 'staging',
        CACHE_MEMORY_BYTES: '0',
      });
      await request('{ __typename }');
      const query = `{ tags(orderBy: [{ name: asc }], first: 2) { nodes { name slug } } }`;
      const stringify = vi.spyOn(JSON, 'stringify');
      const miss = await request(query); // memory off: written to KV at once
      expect(miss.status).toBe('MISS');
      const holding = (value: unknown) =>
        typeof value === 'string' && value.includes('data') && value.includes('Drizzle');
      expect(stringify.mock.results.filter((r) => holding(r.value)).map((r) => r.value)).toHaveLength(1);
      stringify.mockRestore();
      const hit = await request(query);
      expect([hit.status, hit.source]).toEqual(['HIT', 'kv']);
      expect(hit.body).toEqual(miss.body);
    });

    it('computes the key of a repeated request without a new digest', async () => {
      const request = isolate();
      const query = `{ tags(orderBy: [{ slug: desc }], first: 2) { nodes { name } } }`;
      await request(query);
      const digest = vi.spyOn(crypto.subtle, 'digest');
      expect((await request(query)).status).toBe('HIT');
      expect(digest).not.toHaveBeenCalled();
      await request(query, {}, { unused: 1 }); // undeclared: the same key, no digest
      expect(digest).not.toHaveBeenCalled();
      await request(`${query} `); // another document text: a new key, hashed once
      expect(digest).toHaveBeenCalledTimes(1);
    });
  });

  it('CACHE_MEMORY_BYTES=0 turns the memory tier off: every repeat is a KV HIT', async () => {
    const query = `{ tags(orderBy: [{ slug: desc }]) { nodes { slug } } }`;
    const kvOnly = isolate(cms, createHandler(cms), { CACHE_MEMORY_BYTES: '0' });
    expect((await kvOnly(query)).status).toBe('MISS');
    for (let i = 0; i < 2; i++) {
      const repeat = await kvOnly(query);
      expect([repeat.status, repeat.source]).toEqual(['HIT', 'kv']);
      expect(repeat.statements).toHaveLength(0);
    }
    const stats = await kvOnly(`{ cacheStats { memory { entries maxBytes } } }`, admin);
    expect(stats.body.data.cacheStats.memory).toEqual({ entries: 0, maxBytes: 0 });
  });

  it('a CACHE_MEMORY_BYTES that is not a whole number is ignored', async () => {
    const query = `{ tags(orderBy: [{ slug: asc }]) { nodes { slug } } }`;
    const request = isolate(cms, createHandler(cms), { CACHE_MEMORY_BYTES: '-1' });
    await request(query);
    expect((await request(query)).source).toBe('memory');
  });

  it('keys the document as sent: another spelling is another entry, with its own answer', async () => {
    const request = isolate();
    await request(`{ tag(where: { id: "t1" }) { name slug } }`);
    expect((await request(`{ tag(where: { id: "t1" }) { name slug } }`)).status).toBe('HIT');
    const reordered = await request(`query {\n  tag(where: { id: "t1" }) {\n    slug\n    name\n  }\n}`);
    expect(reordered.status).toBe('MISS');
    expect(Object.keys(reordered.body.data.tag)).toEqual(['slug', 'name']); // GraphQL answers in the order asked
  });
});

describe('invalidation', () => {
  it('an update of a post makes every response holding it a MISS, while an unrelated response stays a HIT', async () => {
    const request = isolate();
    const holding = `{ post(where: { id: "p1" }) { title } }`;
    const nested = `{ author(where: { id: "a1" }) { name } tag(where: { id: "t1" }) { posts { nodes { title } } } }`;
    const unrelated = `{ post(where: { id: "p3" }) { title } author(where: { id: "a3" }) { name } }`;
    for (const q of [holding, nested, unrelated]) await request(q, admin);
    for (const q of [holding, nested, unrelated]) expect((await request(q, admin)).status).toBe('HIT');

    const update = await request(
      `mutation { updatePost(where: { id: "p1" }, data: { title: "Alpha, revised" }) { title } }`,
      admin,
    );
    expect(update.status).toBe('BYPASS');
    const after = await request(holding, admin);
    expect([after.status, after.body.data.post.title]).toEqual(['MISS', 'Alpha, revised']);
    expect((await request(nested, admin)).status).toBe('MISS');
    expect((await request(unrelated, admin)).status).toBe('HIT');
    // Another isolate learns of it from KV (within its refresh interval; here its memory was empty).
    expect((await isolate()(holding, admin)).body.data.post.title).toBe('Alpha, revised');
  });

  it('a response is tagged with every item it holds, at any depth, and its data holds only what was asked', async () => {
    const request = isolate();
    const edges = `{ posts(orderBy: [{ title: asc }]) { edges { node { title author { name } tags { nodes { name } } } } } }`;
    const miss = await request(edges);
    const nodes = miss.body.data.posts.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(1);
    for (const node of nodes) expect(Object.keys(node)).toEqual(['title', 'author', 'tags']);
    const ids = await request(
      `{ posts(orderBy: [{ title: asc }]) { nodes { id author { id } tags { nodes { id } } } } }`,
    );
    const expected = ids.body.data.posts.nodes.flatMap((n: any) => [
      `Post:${n.id}`,
      `Author:${n.author.id}`,
      ...n.tags.nodes.map((t: any) => `Tag:${t.id}`),
    ]);
    expect(miss.body.extensions.cache.tags).toEqual(
      expect.arrayContaining(['PostConnection', 'PostEdge', 'Post', 'Author', 'TagConnection', 'Tag', ...expected]),
    );
    expect(miss.body.extensions.cache.tags).not.toContain('Author:a3'); // no posts: not in the response

    expect((await request(edges)).status).toBe('HIT');
    await request(`mutation { updateAuthor(where: { id: "a1" }, data: { name: "Ada L." }) { name } }`, admin);
    const after = await request(edges);
    expect(after.status).toBe('MISS');
    expect(after.body.data.posts.edges.map((e: any) => e.node.author.name)).toContain('Ada L.');
  });

  it('a created post appears in the next list read', async () => {
    const request = isolate();
    const before = await request(LIST, admin);
    expect((await request(LIST, admin)).status).toBe('HIT');
    await request(`mutation { createPost(data: { title: "Brand new" }) { id } }`, admin);
    const after = await request(LIST, admin);
    expect(after.status).toBe('MISS');
    expect(after.body.data.posts.totalCount).toBe(before.body.data.posts.totalCount + 1);
    expect(after.body.data.posts.nodes.map((n: any) => n.title)).toContain('Brand new');
  });

  it('a lookup that found nothing is a MISS once the item exists', async () => {
    const request = isolate();
    const lookup = `{ post(where: { slug: "soon-here" }) { title } }`;
    expect((await request(lookup, admin)).body.data.post).toBeNull();
    expect((await request(lookup, admin)).status).toBe('HIT');
    await request(`mutation { createPost(data: { title: "Soon here" }) { slug } }`, admin);
    expect((await request(lookup, admin)).body.data.post).toEqual({ title: 'Soon here' });
  });

  it('a bulk write invalidates every response holding an item of its type', async () => {
    const request = isolate();
    const one = `{ post(where: { id: "p3" }) { views } }`;
    await request(one, admin);
    expect((await request(one, admin)).status).toBe('HIT');
    const { body } = await request(
      `mutation { updatePosts(where: { id: { equals: "p3" } }, data: { views: 99 }) { count } }`,
      admin,
    );
    expect(body.data.updatePosts.count).toBe(1);
    expect((await request(one, admin)).body.data.post.views).toBe(99);
  });
});

describe('visibility', () => {
  it('anonymous callers and admins never share an entry: a cached admin response never shows drafts to anonymous', async () => {
    const request = isolate();
    const asAdmin = await request(LIST, admin);
    expect(asAdmin.body.data.posts.nodes.some((n: any) => n.status === 'DRAFT')).toBe(true);
    expect((await request(LIST, admin)).status).toBe('HIT');
    const anonymous = await request(LIST);
    expect(anonymous.status).toBe('MISS');
    expect(anonymous.body.data.posts.nodes.every((n: any) => n.status === 'PUBLISHED')).toBe(true);
    const again = await request(LIST);
    expect(again.status).toBe('HIT');
    expect(again.body.data).toEqual(anonymous.body.data);
    expect(JSON.stringify(again.body)).not.toContain('DRAFT');
  });

  it('private fields cached for an admin stay null for anonymous callers', async () => {
    const request = isolate();
    const query = `{ author(where: { id: "a1" }) { name email } }`;
    expect((await request(query, admin)).body.data.author.email).toBe('ada@example.com');
    expect((await request(query)).body.data.author.email).toBeNull();
    expect((await request(query)).body.data.author.email).toBeNull();
  });

  it('two signed-in editors do not share entries', async () => {
    const request = isolate();
    const a = (await signedIn('editor')).headers;
    const b = (await signedIn('editor')).headers;
    await request(`{ me { email } }`, a);
    const other = await request(`{ me { email } }`, b);
    expect(other.status).not.toBe('HIT');
    await request(`{ tags { totalCount } }`, a);
    expect((await request(`{ tags { totalCount } }`, b)).status).toBe('MISS');
  });

  it('a change of the permission matrix invalidates every cached response', async () => {
    const request = isolate();
    await request(`{ tags { totalCount } }`);
    expect((await request(`{ tags { totalCount } }`)).status).toBe('HIT');
    await request(
      `mutation { setPermission(role: "viewer", collection: "Tag", action: READ, allowed: true) { allowed } }`,
      admin,
    );
    expect((await request(`{ tags { totalCount } }`)).status).toBe('MISS');
  });
});

describe('what is never cached', () => {
  it('mutations, introspection and responses with errors', async () => {
    const request = isolate();
    expect((await request(`mutation { createTag(data: { name: "Never cached" }) { id } }`, admin)).status).toBe(
      'BYPASS',
    );
    await request(`{ __schema { queryType { name } } }`);
    expect((await request(`{ __schema { queryType { name } } }`)).status).toBe('BYPASS');
    const failing = `{ posts(first: 1000) { totalCount } }`;
    expect((await request(failing)).body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await request(failing)).status).toBe('MISS');
  });

  it('nothing when the cache is off, and a collection can opt out', async () => {
    const off = isolate(buildCms(defineConfig({ ...fixture, cache: { enabled: false } })));
    await off(`{ tags { totalCount } }`);
    expect((await off(`{ tags { totalCount } }`)).status).toBe('BYPASS');
    const noTags = isolate(
      buildCms(
        defineConfig({
          ...fixture,
          collections: fixture.collections.map((c) => (c.name === 'Tag' ? { ...c, cache: { ttlMs: 0 } } : c)),
        }),
      ),
    );
    await noTags(`{ tags { totalCount nodes { name } } }`);
    expect((await noTags(`{ tags { totalCount nodes { name } } }`)).status).toBe('MISS');
    await noTags(`{ authors { totalCount } }`);
    expect((await noTags(`{ authors { totalCount } }`)).status).toBe('HIT');
  });
});

describe('the CMS’s own queries', () => {
  it('are never cached: two admins each get their own `me`, and the event log is always fresh', async () => {
    const request = isolate();
    const first = (await signedIn('admin')).headers;
    const second = (await signedIn('admin')).headers;
    const a = await request(`{ me { email } tags { totalCount } }`, first);
    const b = await request(`{ me { email } tags { totalCount } }`, second);
    expect(a.status).toBe('BYPASS');
    expect(b.status).toBe('BYPASS');
    expect(a.body.data.me.email).not.toBe(b.body.data.me.email);
    expect((await request(`{ ...Root } fragment Root on Query { me { email } }`, first)).status).toBe('BYPASS');
    await request(`{ eventLog(first: 1) { id } }`, first);
    expect((await request(`{ eventLog(first: 1) { id } }`, first)).status).toBe('BYPASS');
  });
});

describe('cache administration', () => {
  it('admins read the stats of the answering isolate and purge by tag or everything', async () => {
    const request = isolate();
    await request(`{ tags { totalCount } }`);
    await request(`{ tags { totalCount } }`);
    await request(`{ authors { totalCount } }`);
    const { body } = await request(
      `{ cacheStats { memory { hits misses entries bytes maxBytes evictions } kv { enabled hits misses } } }`,
      admin,
    );
    expect(body.data.cacheStats.memory).toMatchObject({
      hits: 1,
      entries: 2,
      maxBytes: 50 * 1024 * 1024,
      evictions: 0,
    });
    expect(body.data.cacheStats.memory.bytes).toBeGreaterThan(0);
    expect(body.data.cacheStats.kv.enabled).toBe(true);

    await request(`mutation { purgeCache(tags: ["TagConnection"]) }`, admin);
    expect((await request(`{ tags { totalCount } }`)).status).toBe('MISS');
    expect((await request(`{ authors { totalCount } }`)).status).toBe('HIT');
    await request(`mutation { purgeCache }`, admin);
    expect((await request(`{ authors { totalCount } }`)).status).toBe('MISS');
  });

  it('is for admins only', async () => {
    const request = isolate();
    expect((await request(`{ cacheStats { kv { hits } } }`)).body.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    const editor = (await signedIn('editor')).headers;
    expect((await request(`mutation { purgeCache }`, editor)).body.errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('a collection named like one of the CMS’s own types is a config error', () => {
    expect(() => buildCms(defineConfig({ collections: [{ name: 'CacheStats', fields: {} }] }))).toThrow(
      /"CacheStats" is taken twice/,
    );
  });
});

describe('scheduled publishes', () => {
  it('leave the cache when they come due, on the cron run after', async () => {
    const handler = createHandler(cms);
    const request = isolate(cms, handler);
    const published = `{ posts(where: { title: { equals: "Scheduled" } }) { totalCount } }`;
    const { createPost } = (await request(`mutation { createPost(data: { title: "Scheduled" }) { id } }`, admin)).body
      .data;
    const soon = new Date(Date.now() + 1500).toISOString();
    await request(
      `mutation P($id: ID!, $at: DateTime) { publishPost(where: { id: $id }, at: $at) { status } }`,
      admin,
      { id: createPost.id, at: soon },
    );
    expect((await request(published)).body.data.posts.totalCount).toBe(0); // not yet public, and now cached
    expect((await request(published)).status).toBe('HIT');
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await request(published)).body.data.posts.totalCount).toBe(0); // due, but the cached answer stands…
    await handler.scheduled({ scheduledTime: Date.now(), cron: '* * * * *', noRetry() {} } as ScheduledController, env);
    const after = await request(published); // …until the cron run drops it
    expect([after.status, after.body.data.posts.totalCount]).toEqual(['MISS', 1]);
  });
});
