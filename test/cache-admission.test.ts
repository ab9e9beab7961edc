import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineConfig } from '../src';
import type { CacheNamespaceConfig } from '../src/types/cache';
import { buildCms } from '../src/build';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { isolate, storedEntry } from './cache-helpers';
import fixture from './fixtures/config';
import { seedBlog } from './reads-seed';

let admin: Record<string, string>;

/** A CMS whose `api` namespace has a version of its own, so only this test's entries are under its KV prefix. */
const withApi = (version: number, api: CacheNamespaceConfig = {}) =>
  buildCms(defineConfig({ ...fixture, cache: { namespaces: { api: { ...api, version } } } }));

/** The `api` responses of a namespace version in KV, read directly (`rc:` the cache's prefix, `b:` its responses). */
async function inKv(version: number): Promise<string[]> {
  const { keys } = await env.KV.list({ prefix: `rc:b:api:v${version}:` });
  return Promise.all(keys.map(async ({ name }) => (await storedEntry(name))!.v));
}

const kvStats = async (request: ReturnType<typeof isolate>) =>
  (
    await request(
      `{ cacheStats { memory { hits misses } kv { hits misses writes } namespaces { name kvAdmission } } }`,
      admin,
    )
  ).body.data.cacheStats;

beforeAll(async () => {
  await seedBlog();
  admin = (await signedIn('admin')).headers;
});

describe('KV admission on reuse', () => {
  const query = `{ tags(orderBy: [{ name: asc }]) { nodes { name } } }`;

  it('a response read once stays out of KV; read again, it is written there after the response', async () => {
    const request = isolate(withApi(101));
    const miss = await request(query);
    expect(miss.status).toBe('MISS');
    expect(await inKv(101)).toEqual([]);
    const hit = await request(query);
    expect([hit.status, hit.source]).toEqual(['HIT', 'memory']);
    expect(await inKv(101)).toEqual([JSON.stringify({ data: miss.body.data })]);
    await request(query);
    const stats = await kvStats(request);
    expect(stats.kv).toEqual({ hits: 0, misses: 1, writes: 1 }); // once per isolate, however often it is reused
    expect(stats.memory).toMatchObject({ hits: 2, misses: 1 }); // hits count as they always did
    expect(stats.namespaces.map((n: any) => n.kvAdmission)).toEqual(['reuse', 'reuse', 'reuse']);
  });

  it('20 requests with distinct variables write nothing to KV', async () => {
    const request = isolate(withApi(102));
    const busting =
      'query Busting($bust: ID!) { tags(where: { id: { not: $bust } }, orderBy: [{ name: asc }]) { nodes { name } } }';
    for (let i = 0; i < 20; i++) expect((await request(busting, {}, { bust: String(i) })).status).toBe('MISS');
    expect(await inKv(102)).toEqual([]);
    expect((await kvStats(request)).kv.writes).toBe(0);
  });

  it('MISS → memory HIT → new isolate → KV HIT with 0 D1 statements', async () => {
    const cms = withApi(103);
    const first = isolate(cms);
    expect((await first(query)).status).toBe('MISS');
    expect((await first(query)).source).toBe('memory');
    const fresh = isolate(cms, createHandler(cms));
    await fresh('{ __typename }');
    const kv = await fresh(query);
    expect([kv.status, kv.source, kv.statements.length]).toEqual(['HIT', 'kv', 0]);
  });

  it('without a memory tier, a miss is written to KV at once (CACHE_MEMORY_BYTES=0, or memory: false)', async () => {
    const noMemory = withApi(104);
    await isolate(noMemory, createHandler(noMemory), { bindings: { CACHE_MEMORY_BYTES: '0' } })(query);
    expect(await inKv(104)).toHaveLength(1);
    await isolate(withApi(105, { memory: false }))(query);
    expect(await inKv(105)).toHaveLength(1);
  });

  it("kvAdmission: 'first' writes every miss at once, as before", async () => {
    const cms = withApi(106, { kvAdmission: 'first' });
    const request = isolate(cms);
    expect((await request(query)).status).toBe('MISS');
    expect(await inKv(106)).toHaveLength(1);
    expect((await kvStats(request)).kv.writes).toBe(1);
    expect((await isolate(cms, createHandler(cms))(query)).source).toBe('kv');
  });

  it('an update between the first read and its reuse: the reuse is a MISS, and KV never holds the old answer', async () => {
    const cms = withApi(107);
    const request = isolate(cms);
    const post = `{ post(where: { id: "p3" }) { title } }`;
    expect((await request(post)).body.data.post.title).toBe('Gamma');
    await request(`mutation { updatePost(where: { id: "p3" }, data: { title: "Gamma, revised" }) { title } }`, admin);
    const reuse = await request(post);
    expect([reuse.status, reuse.body.data.post.title]).toEqual(['MISS', 'Gamma, revised']);
    await request(post);
    expect(await inKv(107)).toEqual([JSON.stringify({ data: { post: { title: 'Gamma, revised' } } })]);
  });
});
