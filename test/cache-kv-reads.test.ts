import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineConfig } from '../src';
import { buildCms } from '../src/build';
import { createHandler } from '../src/server/handler';
import { AdmittedKeys } from '../src/cache/admitted';
import { TieredCache } from '../src/cache/store';
import { signedIn } from './auth-helpers';
import { isolate } from './cache-helpers';
import fixture from './fixtures/config';
import { countingKv } from './kv-counter';
import { seedBlog } from './reads-seed';

let admin: Record<string, string>;

/** A CMS whose `api` namespace has a version of its own, so only this test's entries are under its KV prefix. */
const withApi = (version: number) =>
  buildCms(defineConfig({ ...fixture, cache: { namespaces: { api: { version } } } }));

/** An isolate of `cms` whose KV binding records what it reads. */
function counted(cms: ReturnType<typeof withApi>, bindings: Record<string, string> = {}) {
  const { kv, reads } = countingKv(env.KV);
  const request = isolate(cms, createHandler(cms), { bindings: { ...bindings, KV: kv } });
  /** The response entries it read in KV (`rc:b:`), not tag versions or the summary of admitted keys. */
  const responseReads = () => reads.filter((key) => key.startsWith('rc:b:'));
  return { request, reads, responseReads };
}

const tags =
  'query Tags($not: ID!) { tags(where: { id: { not: $not } }, orderBy: [{ name: asc }]) { nodes { name } } }';

beforeAll(async () => {
  await seedBlog();
  admin = (await signedIn('admin')).headers;
});

describe('KV reads on a miss', () => {
  it('a key no isolate admitted is not read in KV: 10 misses, no response read, one read of the summary', async () => {
    const { request, reads, responseReads } = counted(withApi(201));
    for (let i = 0; i < 10; i++) {
      const miss = await request(tags, {}, { not: `x${i}` });
      expect([miss.status, miss.source]).toEqual(['MISS', 'database']);
      expect(miss.body.data.tags.nodes.length).toBeGreaterThan(0);
    }
    expect(responseReads()).toEqual([]);
    expect(reads.filter((key) => key === 'rc:admitted')).toHaveLength(1);
  });

  it('a key another isolate admitted is read in KV and found: a KV hit with no D1 statement', async () => {
    const cms = withApi(202);
    const first = isolate(cms);
    expect((await first(tags, {}, { not: 'shared' })).status).toBe('MISS');
    expect((await first(tags, {}, { not: 'shared' })).source).toBe('memory'); // its reuse: KV gets it
    const second = counted(cms);
    await second.request('{ __typename }'); // its bootstrap
    const hit = await second.request(tags, {}, { not: 'shared' });
    expect([hit.status, hit.source, hit.statements.length]).toEqual(['HIT', 'kv', 0]);
    expect(second.responseReads()).toHaveLength(1);
  });

  it("this isolate's own writes are read in KV: with memory off, the repeat is a KV hit", async () => {
    const { request, responseReads } = counted(withApi(203), { CACHE_MEMORY_BYTES: '0' });
    expect((await request(tags, {}, { not: 'own' })).status).toBe('MISS');
    expect(responseReads()).toHaveLength(0);
    const hit = await request(tags, {}, { not: 'own' });
    expect([hit.status, hit.source]).toEqual(['HIT', 'kv']);
    expect(responseReads()).toHaveLength(1);
  });

  it('a key admitted after this isolate read the summary is a miss with fresh data until it reads it again', async () => {
    const cms = withApi(204);
    const late = counted(cms);
    expect((await late.request(tags, {}, { not: 'other' })).status).toBe('MISS'); // reads the summary
    const first = isolate(cms);
    await first(tags, {}, { not: 'late' });
    await first(tags, {}, { not: 'late' }); // admitted to KV now
    const miss = await late.request(tags, {}, { not: 'late' });
    expect([miss.status, miss.source]).toEqual(['MISS', 'database']);
    expect(miss.body.data).toEqual((await first(tags, {}, { not: 'late' })).body.data);
    expect(late.responseReads()).toEqual([]);
  });

  it('invalidation stays exact: an admitted entry changed since is read, refused, and answered fresh', async () => {
    const cms = withApi(205);
    const post = `{ post(where: { id: "p3" }) { title } }`;
    const first = isolate(cms);
    const before = (await first(post)).body.data.post.title;
    await first(post); // admitted
    await first(`mutation { updatePost(where: { id: "p3" }, data: { title: "Gamma, again" }) { title } }`, admin);
    const second = counted(cms);
    const read = await second.request(post);
    expect([read.status, read.body.data.post.title]).toEqual(['MISS', 'Gamma, again']);
    expect(second.responseReads()).toHaveLength(1); // looked up, and refused by the tag's version
    await first(
      `mutation { updatePost(where: { id: "p3" }, data: { title: ${JSON.stringify(before)} }) { title } }`,
      admin,
    );
  });

  it('a summary KV holds that is not ours to read (malformed) reads as empty: misses, never an error', async () => {
    await env.KV.put('rc:admitted', '{"not": "a number"', { expirationTtl: 60 });
    const { request, responseReads } = counted(withApi(206));
    const miss = await request(tags, {}, { not: 'malformed' });
    expect([miss.response.status, miss.status]).toEqual([200, 'MISS']);
    expect(responseReads()).toEqual([]);
    await env.KV.delete('rc:admitted');
  });
});

describe('the summary of admitted keys', () => {
  let n = 0;
  const prefix = () => `admitted-${++n}-${crypto.randomUUID()}:`;
  const first = { kvAdmission: 'first' } as const;

  it('an isolate learns of keys admitted elsewhere when it reads the summary again, after refreshMs', async () => {
    let now = Date.now();
    const p = prefix();
    const reader = new TieredCache(env.KV, { prefix: p, now: () => now, admittedRefreshMs: 5_000 });
    expect(await reader.get('q')).toBeUndefined(); // reads the (empty) summary
    await new TieredCache(env.KV, { prefix: p, now: () => now }).set('q', 'v', 60_000, [], now - 1, first);
    expect(await reader.get('q')).toBeUndefined(); // a lost hit: the summary it knows is recent
    now += 5_000;
    const work: Promise<unknown>[] = [];
    expect(await reader.get('q', {}, { waitUntil: (p) => void work.push(p) })).toBeUndefined(); // re-reads after
    await Promise.all(work);
    expect((await reader.get('q'))?.source).toBe('kv');
  });

  it('an isolate whose keys a concurrent write of the summary dropped writes them again at its next read', async () => {
    const p = prefix();
    const writer = new TieredCache(env.KV, { prefix: p, admittedRefreshMs: 0, admittedFlushMs: 0 });
    await writer.set('mine', 'v', 60_000, [], Date.now() - 1, first);
    await env.KV.put(`${p}admitted`, '{}', { expirationTtl: 60 }); // another isolate's write won
    expect(await new TieredCache(env.KV, { prefix: p }).get('mine')).toBeUndefined(); // lost, for now
    const work: Promise<unknown>[] = [];
    await writer.get('other', {}, { waitUntil: (p) => void work.push(p) });
    await Promise.all(work);
    expect((await new TieredCache(env.KV, { prefix: p }).get('mine'))?.source).toBe('kv');
  });

  it('records each admitted key with its expiry, and an isolate reading it later forgets the expired ones', async () => {
    const p = prefix();
    const now = Date.now();
    const writer = new TieredCache(env.KV, { prefix: p, admittedFlushMs: 0 });
    await writer.set('short', 'v', 60_000, [], now - 1, first);
    await writer.set('long', 'v', 3_600_000, [], now - 1, first);
    const stored = JSON.parse((await env.KV.get(`${p}admitted`))!) as Record<string, number>;
    expect(Object.keys(stored).sort()).toEqual(['long', 'short']);
    expect(stored.long! - stored.short!).toBeGreaterThan(3_000);
    const later = new TieredCache(env.KV, { prefix: p, now: () => now + 61_000 });
    expect(await later.get('short')).toBeUndefined();
    expect((await later.get('long'))?.source).toBe('kv');
  });

  it('holds at most maxKeys, dropping those expiring soonest: a dropped key is not read (a lost hit)', async () => {
    const key = `${prefix()}admitted`;
    const now = Date.now();
    const writer = new AdmittedKeys(env.KV, { key, maxKeys: 2, flushMs: 0 });
    await writer.add('soonest', now + 60_000);
    await writer.add('latest', now + 600_000);
    await writer.add('middle', now + 300_000);
    expect(Object.keys(JSON.parse((await env.KV.get(key))!)).sort()).toEqual(['latest', 'middle']);
    const reader = new AdmittedKeys(env.KV, { key });
    expect(await reader.mayHold('soonest')).toBe(false);
    expect(await reader.mayHold('latest')).toBe(true);
  });
});
