import { beforeAll, describe, expect, it } from 'vitest';
import { buildCms } from '../src/build';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { isolate } from './cache-helpers';
import fixture from './fixtures/config';
import { seedBlog } from './reads-seed';

const cms = buildCms(fixture);
let admin: Record<string, string>;

beforeAll(async () => {
  await seedBlog();
  admin = (await signedIn('admin')).headers;
});

describe('HTTP caching of public GET queries', () => {
  const query = `{ tag(where: { id: "t2" }) { name } }`;

  it('carry Cache-Control public with an ETag; a request holding it gets a bodiless 304', async () => {
    const get = isolate(cms, createHandler(cms), { method: 'GET' });
    const first = await get(query);
    expect(first.response.status).toBe(200);
    expect(first.header('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(first.header('vary')).toMatch(/Authorization, Cookie/);
    const etag = first.header('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await get(query, { 'if-none-match': etag! });
    expect([again.response.status, again.body, again.status, again.header('etag')]).toEqual([304, null, 'HIT', etag]);
    expect((await get(query, { 'if-none-match': '"something-else"' })).response.status).toBe(200);
  });

  it('a change gives the next revalidation a new body and ETag', async () => {
    const handler = createHandler(cms); // the same isolate: another one learns of the change within a second
    const get = isolate(cms, handler, { method: 'GET' });
    const etag = (await get(query)).header('etag')!;
    await isolate(cms, handler)(
      `mutation { updateTag(where: { id: "t2" }, data: { name: "Edge computing" }) { name } }`,
      admin,
    );
    const changed = await get(query, { 'if-none-match': etag });
    expect(changed.response.status).toBe(200);
    expect(changed.body.data.tag.name).toBe('Edge computing');
    expect(changed.header('etag')).not.toBe(etag);
  });

  it('signed-in GETs, POSTs, mutations and uncacheable documents are no-store, without an ETag', async () => {
    const get = isolate(cms, createHandler(cms), { method: 'GET' });
    const post = isolate(cms);
    const cases = [
      await get(query, admin),
      await post(query),
      await post(`mutation { purgeCache }`, admin),
      await get(`{ __schema { queryType { name } } }`),
    ];
    for (const result of cases) {
      expect(result.header('cache-control')).toBe('no-store');
      expect(result.header('etag')).toBeNull();
    }
  });
});

describe('extensions.cache', () => {
  it('says in development what the cache did, with the tags of a stored response', async () => {
    const request = isolate(cms);
    const miss = await request(`{ tag(where: { id: "t1" }) { name posts { nodes { title } } } }`);
    expect(miss.body.extensions.cache).toMatchObject({ status: 'MISS', namespace: 'api', stored: true, ttlMs: 60000 });
    expect(miss.body.extensions.cache.tags).toEqual(expect.arrayContaining(['Tag:t1', 'Post:p1', 'Tag', 'Post']));
    const hit = await request(`{ tag(where: { id: "t1" }) { name posts { nodes { title } } } }`);
    expect(hit.body.extensions.cache).toMatchObject({ status: 'HIT', namespace: 'api', source: 'memory' });
    expect(hit.body.data).toEqual(miss.body.data);
    const bypass = await request(`mutation { purgeCache }`, admin);
    expect(bypass.body.extensions.cache).toEqual({ status: 'BYPASS', reason: 'not a query, or introspection' });
  });

  it('is absent outside development, and never stored with a response', async () => {
    const staging = isolate(cms, createHandler(cms), { bindings: { ENVIRONMENT: 'staging' } });
    const query = `{ tag(where: { id: "t3" }) { name } }`;
    expect((await staging(query)).body).toEqual({ data: { tag: { name: 'Drizzle' } } });
    const hit = await staging(query);
    expect([hit.status, hit.body]).toEqual(['HIT', { data: { tag: { name: 'Drizzle' } } }]);
  });
});
