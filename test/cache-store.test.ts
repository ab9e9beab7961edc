import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { MemoryTier } from '../src/cache/memory';
import { normaliseDocument, responseCacheKey } from '../src/cache/key';
import { TieredCache } from '../src/cache/store';

let n = 0;
/** A fresh key prefix per test: KV is shared by the tests of a file. */
const prefix = () => `test-${++n}-${crypto.randomUUID()}:`;

describe('memory tier', () => {
  it('never holds more bytes than its bound, evicting the least recently used', () => {
    const memory = new MemoryTier(1000);
    for (let i = 0; i < 50; i++) {
      memory.set(`k${i}`, 'x'.repeat(90), 60_000, [`T:${i}`]);
      expect(memory.stats().bytes).toBeLessThanOrEqual(1000);
    }
    expect(memory.stats().evictions).toBeGreaterThan(0);
    expect(memory.get('k0')).toBeUndefined();
    expect(memory.get('k49')?.value).toBe('x'.repeat(90));
  });

  it('keeps a recently read entry over an older unread one', () => {
    const memory = new MemoryTier(250); // room for two 91-byte entries (value and key), not three
    memory.set('a', 'x'.repeat(90), 60_000, []);
    memory.set('b', 'x'.repeat(90), 60_000, []);
    memory.get('a');
    memory.set('c', 'x'.repeat(90), 60_000, []);
    expect(memory.get('a')).toBeDefined();
    expect(memory.get('b')).toBeUndefined();
  });

  it('counts bytes as UTF-8, refuses a value larger than the bound, and forgets expired entries', () => {
    let now = 1_000;
    const memory = new MemoryTier(100, () => now);
    memory.set('big', 'é'.repeat(60), 60_000, []); // 120 bytes
    expect(memory.get('big')).toBeUndefined();
    memory.set('short', 'v', 500, []);
    now += 499;
    expect(memory.get('short')?.value).toBe('v');
    now += 1;
    expect(memory.get('short')).toBeUndefined();
    expect(memory.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('drops exactly the entries carrying an invalidated tag', () => {
    const memory = new MemoryTier(10_000);
    memory.set('post42', 'a', 60_000, ['Post:42']);
    memory.set('list', 'b', 60_000, ['Post:42', 'Post:7', 'PostConnection']);
    memory.set('post7', 'c', 60_000, ['Post:7']);
    expect(memory.invalidate(['Post:42'])).toBe(2);
    expect(memory.get('post42')).toBeUndefined();
    expect(memory.get('list')).toBeUndefined();
    expect(memory.get('post7')?.value).toBe('c');
  });
});

describe('memory → KV', () => {
  it('serves from memory, then from KV in a new isolate, which fills its memory', async () => {
    const p = prefix();
    const first = new TieredCache(env.KV, { prefix: p });
    await first.set('q', '{"data":1}', 60_000, ['Post:1'], Date.now());
    expect((await first.get('q'))?.source).toBe('memory');
    const second = new TieredCache(env.KV, { prefix: p }); // a new isolate: empty memory
    expect((await second.get('q'))?.source).toBe('kv');
    expect((await second.get('q'))?.source).toBe('memory');
    expect(second.stats()).toMatchObject({ memory: { hits: 1, misses: 1 }, kv: { enabled: true, hits: 1, misses: 0 } });
  });

  it('an invalidation misses at once in the writing isolate, and in every isolate once it re-reads the version', async () => {
    const p = prefix();
    const writer = new TieredCache(env.KV, { prefix: p, refreshMs: 0 });
    const reader = new TieredCache(env.KV, { prefix: p, refreshMs: 0 });
    const computedAt = Date.now() - 10;
    await writer.set('post42', 'a', 60_000, ['Post:42'], computedAt);
    await writer.set('post7', 'b', 60_000, ['Post:7'], computedAt);
    expect((await reader.get('post42'))?.source).toBe('kv');
    await writer.invalidate(['Post:42']);
    expect(await writer.get('post42')).toBeUndefined();
    expect(await reader.get('post42')).toBeUndefined(); // its memory copy too: the tag's version is newer
    expect((await reader.get('post7'))?.value).toBe('b');
  });

  it('does not store a response computed before an invalidation it may predate', async () => {
    const cache = new TieredCache(env.KV, { prefix: prefix() });
    const startedAt = Date.now() - 5;
    await cache.invalidate(['Post:42']); // a write commits while the read is in flight
    await cache.set('stale', 'old', 60_000, ['Post:42'], startedAt);
    expect(await cache.get('stale')).toBeUndefined();
  });

  it('enforces TTLs shorter than KV keeps anything', async () => {
    let now = Date.now();
    const p = prefix();
    await new TieredCache(env.KV, { prefix: p, now: () => now }).set('q', 'v', 2_000, [], now);
    now += 2_001;
    expect(await new TieredCache(env.KV, { prefix: p, now: () => now }).get('q')).toBeUndefined();
  });

  it('can run on memory alone', async () => {
    const cache = new TieredCache(env.KV, { prefix: prefix(), kv: false });
    await cache.set('q', 'v', 60_000, [], Date.now());
    expect(await new TieredCache(env.KV, { kv: false }).get('q')).toBeUndefined();
    expect(cache.stats().kv.enabled).toBe(false);
  });
});

describe('cache keys', () => {
  const key = (query: string, extra: Partial<Parameters<typeof responseCacheKey>[0]> = {}) => responseCacheKey({ query, scope: 'anonymous', ...extra });

  it('ignore whitespace, comments and the order of fields, arguments and input fields', async () => {
    const a = await key('{ posts(first: 2, where: { title: { contains: "a" }, views: { gt: 1 } }) { nodes { title id } totalCount } }');
    const b = await key(`# the same, written differently
      query {
        posts(where: { views: { gt: 1 }, title: { contains: "a" } }, first: 2) {
          totalCount
          nodes { id title }
        }
      }`);
    expect(a).toBe(b);
  });

  it('differ by document, operation name, variables and scope', async () => {
    const base = await key('query Q($n: Int) { posts(first: $n) { totalCount } }', { variables: { n: 1 } });
    expect(await key('query Q($n: Int) { posts(first: $n) { totalCount } }', { variables: { n: 2 } })).not.toBe(base);
    expect(await key('query Q($n: Int) { posts(first: $n) { totalCount } }', { variables: { n: 1 }, scope: 'role:admin' })).not.toBe(base);
    expect(await key('query Q($n: Int) { posts(first: $n) { totalCount } }', { variables: { n: 1 }, operationName: 'Q' })).not.toBe(base);
    expect(await key('query Q($n: Int) { tags(first: $n) { totalCount } }', { variables: { n: 1 } })).not.toBe(base);
  });

  it('do not depend on the order of variables', async () => {
    expect(await key('{ __typename }', { variables: { a: 1, b: { c: 2, d: 3 } } })).toBe(await key('{ __typename }', { variables: { b: { d: 3, c: 2 }, a: 1 } }));
  });

  it('are null for a document that does not parse', async () => {
    expect(await key('{ posts(')).toBeNull();
    expect(normaliseDocument('{ b a }')).toBe(normaliseDocument('query {\n  a\n  b\n}'));
  });
});
