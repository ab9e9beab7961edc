import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { MemoryTier } from '../src/cache/memory';
import { type KeyArgs, responseCacheKey } from '../src/cache/key';
import { buildCms } from '../src/build';
import fixture from './fixtures/config';
import { TieredCache } from '../src/cache/store';
import { storedEntry } from './cache-helpers';

let n = 0;
/** A fresh key prefix per test: KV is shared by the tests of a file. */
const prefix = () => `test-${++n}-${crypto.randomUUID()}:`;
/** Writes to KV at the first store (by default a response reaches KV when it is reused). */
const first = { kvAdmission: 'first' } as const;

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

  it('admits a new entry over a more frequently read one only when it is read as often', () => {
    const memory = new MemoryTier(250); // two 91-byte entries
    memory.set('popular', 'x'.repeat(84), 60_000, []);
    for (let i = 0; i < 3; i++) memory.get('popular');
    memory.set('other', 'x'.repeat(86), 60_000, []);
    for (let i = 0; i < 50; i++) {
      memory.get(`flood${i}`); // the miss's lookup
      memory.set(`flood${i}`, 'x'.repeat(85), 60_000, []);
    }
    expect(memory.peek('popular')).toBeDefined();
    // The flood cycles through the other place.
    expect([memory.peek('flood48'), memory.peek('flood49')].filter(Boolean)).toHaveLength(1);
    for (let i = 0; i < 4; i++) memory.get('newcomer');
    expect(memory.set('newcomer', 'x'.repeat(84), 60_000, [])).not.toBe('not admitted');
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
  it('serves from memory, then (once reused) from KV in a new isolate, which fills its memory', async () => {
    const p = prefix();
    const one = new TieredCache(env.KV, { prefix: p });
    await one.set('q', '{"data":1}', 60_000, ['Post:1'], Date.now());
    expect((await one.get('q'))?.source).toBe('memory'); // without waitUntil, the hit waits for its KV write
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
    await writer.set('post42', 'a', 60_000, ['Post:42'], computedAt, first);
    await writer.set('post7', 'b', 60_000, ['Post:7'], computedAt, first);
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
    await new TieredCache(env.KV, { prefix: p, now: () => now }).set('q', 'v', 2_000, [], now, first);
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

describe('KV admission on reuse', () => {
  /** What KV holds for a key, read directly. */
  const stored = (p: string, key: string) => storedEntry(`${p}b:${key}`);
  /** Collects a request's after-response work, as its ExecutionContext would. */
  const afterResponse = () => {
    const work: Promise<unknown>[] = [];
    return { work, waitUntil: (promise: Promise<unknown>) => void work.push(promise), done: () => Promise.all(work) };
  };

  it('a response goes to memory only, and to KV once, after its first hit, with its own time, tags and expiry', async () => {
    let now = Date.now();
    const p = prefix();
    const cache = new TieredCache(env.KV, { prefix: p, now: () => now });
    const computedAt = now - 5;
    await cache.set('q', 'v', 60_000, ['Post:1'], computedAt);
    expect(await stored(p, 'q')).toBeNull();
    const expiresAt = now + 60_000;
    now += 10_000;
    const first = afterResponse();
    expect((await cache.get('q', {}, first))?.source).toBe('memory');
    expect(first.work).toHaveLength(1); // the write runs after the hit, not before it
    await first.done();
    expect(await stored(p, 'q')).toEqual({ v: 'v', at: computedAt, exp: expiresAt, tags: ['Post:1'] });
    const second = afterResponse();
    expect((await cache.get('q', {}, second))?.source).toBe('memory');
    expect(second.work).toHaveLength(0);
    expect(cache.stats()).toMatchObject({ memory: { hits: 2, misses: 0 }, kv: { hits: 0, misses: 0, writes: 1 } });
  });

  it.each([
    ['memory off (bound 0)', { memoryBytes: 0 }, {}],
    ['a namespace without memory', {}, { memory: false }],
    ['a value larger than the memory bound', { memoryBytes: 10 }, {}],
    ["kvAdmission: 'first'", {}, { kvAdmission: 'first' as const }],
  ])('writes at the first store with %s', async (_, options, tiers) => {
    const p = prefix();
    const cache = new TieredCache(env.KV, { prefix: p, ...options });
    await cache.set('q', 'a value of 26 bytes or so.', 60_000, [], Date.now(), tiers);
    expect((await stored(p, 'q'))?.v).toBe('a value of 26 bytes or so.');
    expect(cache.stats().kv.writes).toBe(1);
  });

  it('a key whose memory entry went before its reuse goes to KV at its next miss, if the doorkeeper still knows it', async () => {
    const p = prefix();
    const cache = new TieredCache(env.KV, { prefix: p, memoryBytes: 250, doorkeeperKeys: 3 }); // two 91-byte entries, three keys
    const value = 'x'.repeat(90);
    for (const key of ['a', 'b', 'c']) await cache.set(key, value, 60_000, [], Date.now()); // c evicts a
    expect(cache.memory.get('a')).toBeUndefined();
    await cache.set('a', value, 60_000, [], Date.now()); // a's second miss
    expect((await stored(p, 'a'))?.v).toBe(value);
    for (const key of ['d', 'e', 'f']) await cache.set(key, value, 60_000, [], Date.now()); // the doorkeeper forgets b
    await cache.set('b', value, 60_000, [], Date.now());
    expect(await stored(p, 'b')).toBeNull();
    await cache.get('a');
    expect(cache.stats().kv.writes).toBe(1); // a was written at its miss, not again at its hit
  });

  it('concurrent misses of one key write it once: the second store is its reuse', async () => {
    const p = prefix();
    const cache = new TieredCache(env.KV, { prefix: p });
    for (let i = 0; i < 3; i++) await cache.set('q', `v${i}`, 60_000, [], Date.now());
    expect((await stored(p, 'q'))?.v).toBe('v1');
    expect((await cache.get('q'))?.value).toBe('v2');
    expect(cache.stats().kv.writes).toBe(1);
  });

  it('an entry invalidated between its hit and its write is not written', async () => {
    const p = prefix();
    const cache = new TieredCache(env.KV, { prefix: p, refreshMs: 0 });
    await cache.set('q', 'old', 60_000, ['Post:42'], Date.now() - 5);
    const work: Promise<unknown>[] = [];
    const hit = await cache.get(
      'q',
      {},
      {
        waitUntil(write) {
          work.push(write, cache.invalidate(['Post:42'])); // a write commits while the hit's response leaves
        },
      },
    );
    expect(hit?.value).toBe('old');
    await Promise.all(work);
    expect(await stored(p, 'q')).toBeNull();
    expect(cache.stats().kv.writes).toBe(0);
  });

  it('an entry written at its reuse stays stale for an invalidation made after it was computed', async () => {
    const p = prefix();
    const reader = new TieredCache(env.KV, { prefix: p, refreshMs: 60_000 });
    const computedAt = Date.now() - 5;
    for (const key of ['warm', 'q']) await reader.set(key, key, 60_000, ['Post:42'], computedAt);
    await reader.get('warm'); // the reader learns Post:42's version, and trusts it for a minute
    await new TieredCache(env.KV, { prefix: p }).invalidate(['Post:42']); // another isolate's write
    expect((await reader.get('q'))?.value).toBe('q'); // stale within the refresh interval, and now in KV…
    expect((await stored(p, 'q'))?.at).toBe(computedAt);
    expect(await new TieredCache(env.KV, { prefix: p }).get('q')).toBeUndefined(); // …where its version makes it a miss
  });
});

describe('cache keys', () => {
  const schema = buildCms(fixture).schema;
  const key = async (query: string, extra: Partial<KeyArgs> = {}) => {
    const keyed = await responseCacheKey({ schema, query, scope: 'anonymous', ...extra });
    return 'key' in keyed ? keyed.key : keyed.bypass;
  };
  const Q = 'query Q($n: Int) { posts(first: $n) { totalCount } }';

  it('are the document as sent: whitespace, comments and order make other entries, never shared ones', async () => {
    const a = await key('{ posts(first: 2) { totalCount } }');
    expect(await key('{ posts(first: 2) { totalCount } }')).toBe(a);
    expect(await key('{ posts(first:  2) { totalCount } }')).not.toBe(a);
    expect(await key('{ posts(first: 2) { totalCount } } # a comment')).not.toBe(a);
    expect(await key('{ posts(where: { title: { contains: "a  b" } }) { totalCount } }')).not.toBe(
      await key('{ posts(where: { title: { contains: "a b" } }) { totalCount } }'),
    );
  });

  it('differ by document, operation name, variables and scope', async () => {
    const base = await key(Q, { variables: { n: 1 } });
    expect(await key(Q, { variables: { n: 2 } })).not.toBe(base);
    expect(await key(Q, { variables: { n: 1 }, scope: 'role:admin' })).not.toBe(base);
    expect(await key(Q, { variables: { n: 1 }, operationName: 'Q' })).not.toBe(base);
    expect(await key('query Q($n: Int) { tags(first: $n) { totalCount } }', { variables: { n: 1 } })).not.toBe(base);
  });

  it('hold only the declared variables, as GraphQL coerces them', async () => {
    expect(await key(Q, { variables: { n: 1, other: 2 } })).toBe(await key(Q, { variables: { n: 1 } }));
    expect(await key(Q, { variables: { n: null } })).not.toBe(await key(Q));
    expect(await key('query Q($n: Int = 3) { posts(first: $n) { totalCount } }')).toBe(
      await key('query Q($n: Int = 3) { posts(first: $n) { totalCount } }', { variables: { n: 3 } }),
    );
    const byId = 'query Q($id: ID!) { post(where: { id: $id }) { title } }';
    expect(await key(byId, { variables: { id: 10 } })).toBe(await key(byId, { variables: { id: '10' } }));
    expect(await key(byId, { variables: { id: '10' } })).not.toBe(await key(byId, { variables: { id: '10 ' } }));
    const at = 'query Q($at: DateTime) { posts(where: { createdAt: { lt: $at } }) { totalCount } }';
    expect(await key(at, { variables: { at: '2026-01-01T00:00:00Z' } })).not.toBe(
      await key(at, { variables: { at: '2026-01-01T00:00:01Z' } }),
    );
    expect(await key(Q, { variables: { n: '1' } })).toBe('variables do not coerce');
  });

  it('are no key for a document that does not parse, or names no operation it holds', async () => {
    expect(await key('{ posts(')).toBe('does not parse');
    expect(await key(Q, { operationName: 'R' })).toBe('no operation to run');
    expect(await key('query A { __typename } query B { __typename }')).toBe('no operation to run');
  });
});
