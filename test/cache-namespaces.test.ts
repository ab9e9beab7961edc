import { beforeAll, describe, expect, it } from 'vitest';
import { defineConfig } from '../src';
import type { CacheConfig } from '../src/types/cache';
import { buildCms } from '../src/build';
import { signedIn } from './auth-helpers';
import { isolate } from './cache-helpers';
import fixture from './fixtures/config';
import { seedBlog } from './reads-seed';

const cms = buildCms(fixture);
const withCache = (cache: CacheConfig) => buildCms(defineConfig({ ...fixture, cache }));
let admin: Record<string, string>;

beforeAll(async () => {
  await seedBlog();
  admin = (await signedIn('admin')).headers;
});

describe('namespaces', () => {
  it('a document reading no content is static: one entry for every caller', async () => {
    const request = isolate(cms);
    const first = await request(`{ __typename }`);
    expect(first.body.extensions.cache).toMatchObject({ status: 'MISS', namespace: 'static', stored: true });
    const asAdmin = await request(`{ __typename }`, admin);
    expect([asAdmin.status, asAdmin.body.extensions.cache.namespace]).toEqual(['HIT', 'static']);
    expect(Number(asAdmin.ttl)).toBeGreaterThan(3000); // an hour by default
  });

  it('admins’ reads are their own namespace, kept out of KV by default; anonymous reads go to api and KV', async () => {
    const query = `{ authors(orderBy: [{ name: desc }]) { nodes { name } } }`;
    const first = isolate(cms);
    expect((await first(query, admin)).body.extensions.cache.namespace).toBe('admin');
    expect((await first(query)).body.extensions.cache.namespace).toBe('api');
    // Each read again, so each goes to KV if its namespace keeps anything there (see cache-admission.test.ts).
    expect([(await first(query, admin)).status, (await first(query)).status]).toEqual(['HIT', 'HIT']);
    const fresh = isolate(cms); // memory wiped
    expect([(await fresh(query)).status, (await fresh(query, admin)).status]).toEqual(['HIT', 'MISS']);
    expect((await fresh(query, admin)).source).toBe('memory');
  });

  it('an event a namespace does not invalidate on leaves its entries to their TTL; the others drop theirs', async () => {
    const request = isolate(withCache({ namespaces: { api: { invalidateOn: ['create'] } } }));
    const query = `{ tag(where: { id: "t4" }) { name } }`;
    await request(query);
    await request(query, admin);
    await request(`mutation { updateTag(where: { id: "t4" }, data: { name: "Renamed" }) { name } }`, admin);
    const stale = await request(query);
    expect([stale.status, stale.body.data.tag.name]).toEqual(['HIT', 'Unused']); // api ignores updates
    const fresh = await request(query, admin);
    expect([fresh.status, fresh.body.data.tag.name]).toEqual(['MISS', 'Renamed']); // admin invalidates on all events
    await request(`mutation { createTag(data: { name: "Newcomer" }) { id } }`, admin);
    const list = `{ tags { totalCount } }`;
    await request(list);
    await request(`mutation { createTag(data: { name: "Second newcomer" }) { id } }`, admin);
    expect((await request(list)).status).toBe('MISS'); // api invalidates on create
  });

  it('a new version of a namespace orphans its entries everywhere, KV included', async () => {
    const query = `{ tags(orderBy: [{ slug: desc }]) { nodes { slug } } }`;
    const first = isolate(withCache({ namespaces: { api: { version: 7 } } }));
    await first(query);
    await first(query); // reused: written to KV
    expect((await isolate(withCache({ namespaces: { api: { version: 7 } } }))(query)).source).toBe('kv');
    const bumped = isolate(withCache({ namespaces: { api: { version: 8 } } }));
    expect([(await bumped(query)).status, (await bumped(query)).status]).toEqual(['MISS', 'HIT']);
  });

  it('tiers and TTL per namespace: memory off reads KV every time, a TTL of 0 keeps nothing', async () => {
    const query = `{ authors(orderBy: [{ name: asc }]) { totalCount } }`;
    const kvOnly = isolate(withCache({ namespaces: { api: { memory: false, version: 21 } } }));
    await kvOnly(query);
    expect([(await kvOnly(query)).source, (await kvOnly(query)).source]).toEqual(['kv', 'kv']);
    const never = isolate(withCache({ namespaces: { admin: { ttlMs: 0 } } }));
    await never(query, admin);
    const again = await never(query, admin);
    expect([again.status, again.body.extensions.cache.stored]).toEqual(['MISS', false]);
  });

  it('cacheStats shows each namespace’s settings and lookups', async () => {
    const request = isolate(cms);
    await request(`{ tags(first: 3) { totalCount } }`);
    await request(`{ tags(first: 3) { totalCount } }`);
    const { body } = await request(
      `{ cacheStats { namespaces { name ttlMs memory kv invalidateOn version hits misses stores } } }`,
      admin,
    );
    const [api, adminNs, staticNs] = body.data.cacheStats.namespaces;
    expect(api).toMatchObject({ name: 'api', ttlMs: 60000, kv: true, hits: 1, misses: 1, stores: 1 });
    expect(api.invalidateOn).toEqual(['create', 'update', 'delete', 'publish', 'permissions']);
    expect(adminNs).toMatchObject({ name: 'admin', kv: false, memory: true });
    expect(staticNs).toMatchObject({ name: 'static', invalidateOn: [], ttlMs: 3600000 });
  });
});

describe('cache config mistakes are config errors', () => {
  it.each([
    [{ namespaces: { public: {} } }, /cache.namespaces.public is not a namespace/],
    [{ namespaces: { api: { invalidateOn: ['edit'] } } }, /"edit" is not an event/],
    [{ namespaces: { admin: { ttlMs: -1 } } }, /cache.namespaces.admin.ttlMs must be a whole number/],
    [{ namespaces: { static: { kv: 'yes' } } }, /cache.namespaces.static.kv must be true or false/],
    [{ namespaces: { api: { kvAdmission: 'second' } } }, /cache.namespaces.api.kvAdmission must be 'reuse' or 'first'/],
    [{ ttlMs: 5000 }, /cache.ttlMs is not a cache setting/],
    [{ memoryBytes: 1.5 }, /cache.memoryBytes must be a whole number/],
  ])('%j', (cache, message) => {
    expect(() => withCache(cache as CacheConfig)).toThrow(message);
  });
});
