import { describe, expect, it } from 'vitest';
import { buildCms } from '../src/build';
import { CmsConfigError } from '../src/errors';
import { sha256Hex } from '../src/security/hash';
import type { CmsConfig } from '../src/types/config';
import fixture from './fixtures/config';
import { signedIn } from './auth-helpers';
import { codes, testWorker, workerIn } from './helpers';
import manifest from './persisted/generated/persisted-documents.json';

const TITLES = 'query Titles { posts(first: 3, orderBy: [{ title: asc }]) { totalCount nodes { title } } }';
const json = { 'content-type': 'application/json', accept: 'application/json' };
const apq = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

/** A fresh document (so no earlier test registered it) and its hash. */
async function freshDocument(label = 'x') {
  const query = `query Fresh_${label}_${crypto.randomUUID().replace(/-/g, '')} { posts(first: 1) { totalCount } }`;
  return { query, hash: await sha256Hex(query) };
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

const postJson = (fetch: Fetch, body: unknown, headers: Record<string, string> = {}) =>
  fetch('/graphql', { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) });

const getWith = (fetch: Fetch, params: Record<string, string>) =>
  fetch(`/graphql?${new URLSearchParams(params)}`, { headers: { accept: 'application/json' } });

describe('automatic persisted queries', () => {
  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND (200), then registers the document sent with it', async () => {
    const { fetch } = testWorker(fixture, { as: 'anonymous' });
    const { query, hash } = await freshDocument();
    const unknown = await postJson(fetch, { extensions: apq(hash) });
    expect(unknown.status).toBe(200);
    const body = (await unknown.json()) as any;
    expect(body.errors).toEqual([
      expect.objectContaining({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }),
    ]);
    const registered = await postJson(fetch, { query, extensions: apq(hash) });
    expect(registered.status).toBe(200);
    const data = ((await registered.json()) as any).data;
    expect(data.posts.totalCount).toBeTypeOf('number');
    const byHash = await postJson(fetch, { extensions: apq(hash) });
    expect(await byHash.json()).toMatchObject({ data });
    // Another isolate (its own memory) finds it in KV.
    const elsewhere = testWorker(fixture, { as: 'anonymous' });
    expect(await (await getWith(elsewhere.fetch, { extensions: JSON.stringify(apq(hash)) })).json()).toMatchObject({
      data,
    });
  });

  it('answers a hashed GET like a plain GET: cached, and from memory the second time', async () => {
    const { fetch } = testWorker(fixture, { as: 'anonymous' });
    const { query, hash } = await freshDocument('get');
    await postJson(fetch, { query, extensions: apq(hash) });
    const params = { extensions: JSON.stringify(apq(hash)) };
    const first = await getWith(fetch, params);
    const second = await getWith(fetch, params);
    expect(first.status).toBe(200);
    expect(second.headers.get('x-cache-status')).toBe('HIT');
    expect(second.headers.get('x-cache-source')).toBe('memory');
    expect(second.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(((await second.json()) as any).data).toEqual(((await first.json()) as any).data);
    // The same answer as the whole document by GET: the cache keys the document the hash stands for.
    const whole = await getWith(fetch, { query });
    expect(whole.headers.get('x-cache-status')).toBe('HIT');
  });

  it("never lets a hash read another caller's cached answer", async () => {
    const worker = testWorker(fixture);
    const { headers } = await signedIn('admin');
    const query = `query Drafts_${crypto.randomUUID().slice(0, 8)} { posts(where: { status: { equals: DRAFT } }) { totalCount } }`;
    const hash = await sha256Hex(query);
    await worker.data('mutation { createPost(data: { title: "Persisted draft" }) { id } }');
    await postJson(worker.fetch, { query, extensions: apq(hash) }, headers);
    const get = (extra: Record<string, string>) =>
      worker.fetch(`/graphql?${new URLSearchParams({ extensions: JSON.stringify(apq(hash)) })}`, {
        headers: { accept: 'application/json', ...extra },
      });
    // The admin's answer is cached (memory, same isolate), then an anonymous caller sends the same hash.
    await get(headers);
    const asAdmin = await get(headers);
    expect(asAdmin.headers.get('x-cache-status')).toBe('HIT');
    expect(((await asAdmin.json()) as any).data.posts.totalCount).toBeGreaterThan(0);
    const anonymous = await get({});
    expect(((await anonymous.json()) as any).data.posts.totalCount).toBe(0);
  });

  it('refuses a document that is not the one its hash names, and registers nothing', async () => {
    const { fetch } = testWorker(fixture, { as: 'anonymous' });
    const { hash } = await freshDocument('a');
    const other = await freshDocument('b');
    const mismatch = await postJson(fetch, { query: other.query, extensions: apq(hash) });
    expect(mismatch.status).toBe(400);
    const body = (await mismatch.json()) as any;
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors[0].message).toMatch(/does not match its hash/);
    expect(codes((await (await postJson(fetch, { extensions: apq(hash) })).json()) as any)).toEqual([
      'PERSISTED_QUERY_NOT_FOUND',
    ]);
  });

  it('registers only documents that parse, validate and pass the limits', async () => {
    const { fetch } = testWorker(fixture, { as: 'anonymous' });
    const deep = `query Deep { posts { nodes { author { posts { nodes { author { posts { nodes { author { posts { nodes { author { name } } } } } } } } } } } } }`;
    for (const [query, code] of [
      ['query Broken { posts { ', 'GRAPHQL_PARSE_FAILED'],
      [`query Unknown_${crypto.randomUUID().slice(0, 6)} { nothingHere }`, 'GRAPHQL_VALIDATION_FAILED'],
      [deep, 'BAD_USER_INPUT'],
    ] as const) {
      const hash = await sha256Hex(query);
      const sent = (await (await postJson(fetch, { query, extensions: apq(hash) })).json()) as any;
      expect(codes(sent), query).toEqual([code]);
      const again = (await (await postJson(fetch, { extensions: apq(hash) })).json()) as any;
      expect(codes(again), query).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    }
  });

  it('answers malformed asks with a 400 and a code, never a 5xx', async () => {
    const { fetch } = testWorker(fixture, { as: 'anonymous' });
    const { hash } = await freshDocument();
    const bodies: unknown[] = [
      { extensions: { persistedQuery: { version: 2, sha256Hash: hash } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: 42 } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: hash.toUpperCase() } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: hash.slice(1) } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(90_000) } } },
      { extensions: { persistedQuery: { version: 1 } } },
      { extensions: { persistedQuery: 'yes' } },
      { extensions: { persistedQuery: [hash] } },
      { extensions: 'persistedQuery' },
      { extensions: [apq(hash)] },
      { query: TITLES, extensions: 7 },
      { documentId: 12 },
      { documentId: 'sha256:nothex' },
      { documentId: `sha256:${hash}`, extensions: apq(hash) },
      { documentId: `sha256:${(await freshDocument('id')).hash}`, query: TITLES },
    ];
    for (const body of bodies) {
      const response = await postJson(fetch, body);
      const shown = JSON.stringify(body).slice(0, 120);
      expect(response.status, shown).toBe(400);
      expect(codes((await response.json()) as any), shown).toEqual(['BAD_USER_INPUT']);
    }
    for (const extensions of ['{"persistedQuery":', 'null]', '{"persistedQuery":{"version":1,"sha256Hash":null}}']) {
      const response = await getWith(fetch, { extensions });
      expect(response.status, extensions).toBe(400);
      expect(codes((await response.json()) as any), extensions).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('refuses a mutation sent by hash over GET, as any mutation by GET', async () => {
    const { fetch } = testWorker(fixture);
    const query = `mutation M_${crypto.randomUUID().slice(0, 6)} { logout }`;
    const hash = await sha256Hex(query);
    await postJson(fetch, { query, extensions: apq(hash) });
    const response = await getWith(fetch, { extensions: JSON.stringify(apq(hash)) });
    expect(response.status).toBe(405);
  });

  it('writes at most kvWritesPerMinute new documents to KV per isolate; past that, memory only', async () => {
    const config: CmsConfig = { ...fixture, persistedDocuments: { kvWritesPerMinute: 1 } };
    const here = testWorker(config, { as: 'anonymous' });
    const [first, second] = [await freshDocument('kv1'), await freshDocument('kv2')];
    for (const { query, hash } of [first, second]) await postJson(here.fetch, { query, extensions: apq(hash) });
    for (const { hash } of [first, second])
      expect(codes((await (await postJson(here.fetch, { extensions: apq(hash) })).json()) as any)).toEqual([]);
    const elsewhere = testWorker(config, { as: 'anonymous' });
    expect(codes((await (await postJson(elsewhere.fetch, { extensions: apq(first.hash) })).json()) as any)).toEqual([]);
    expect(codes((await (await postJson(elsewhere.fetch, { extensions: apq(second.hash) })).json()) as any)).toEqual([
      'PERSISTED_QUERY_NOT_FOUND',
    ]);
  });

  it('can be switched off: a hash alone is then never found, and nothing is registered', async () => {
    const off: CmsConfig = { ...fixture, persistedDocuments: { automatic: false } };
    const { fetch } = testWorker(off, { as: 'anonymous' });
    const { query, hash } = await freshDocument();
    expect((await (await postJson(fetch, { query, extensions: apq(hash) })).json()) as any).toHaveProperty('data');
    expect(codes((await (await postJson(fetch, { extensions: apq(hash) })).json()) as any)).toEqual([
      'PERSISTED_QUERY_NOT_FOUND',
    ]);
  });
});

const trusted: CmsConfig = { ...fixture, persistedDocuments: { manifest } };
const [titlesId, titlesDocument] = Object.entries(manifest).find(([, document]) =>
  document.startsWith('query TrustedPostTitles'),
)!;
const bareTitlesId = titlesId.replace('sha256:', '');

describe('trusted documents', () => {
  it('run by hash in every profile, as extensions.persistedQuery or a documentId', async () => {
    for (const environment of ['development', 'production']) {
      const fetch = workerIn(environment, trusted);
      for (const body of [
        { extensions: apq(bareTitlesId), variables: { first: 2 } },
        { extensions: apq(titlesId), variables: { first: 2 } },
        { documentId: titlesId, variables: { first: 2 } },
      ]) {
        const result = (await (await postJson(fetch, body)).json()) as any;
        expect(result.errors, `${environment} ${JSON.stringify(body)}`).toBeUndefined();
        expect(result.data.posts.nodes.length).toBeLessThanOrEqual(2);
      }
      const byGet = await getWith(fetch, { documentId: titlesId, variables: '{"first":1}' });
      expect(((await byGet.json()) as any).data.posts.nodes.length).toBeLessThanOrEqual(1);
    }
  });

  it('are the only documents production runs: anything else is PERSISTED_QUERY_ONLY, and nothing registers', async () => {
    const fetch = workerIn('production', trusted);
    const { query, hash } = await freshDocument();
    for (const response of [
      await postJson(fetch, { query: TITLES }),
      await getWith(fetch, { query: TITLES }),
      await postJson(fetch, { query, extensions: apq(hash) }),
      await postJson(fetch, { query: `${titlesDocument} `, extensions: apq(bareTitlesId) }),
    ]) {
      const body = (await response.json()) as any;
      expect(codes(body)).toEqual([expect.stringMatching(/^PERSISTED_QUERY_ONLY$|^BAD_USER_INPUT$/)]);
      expect(response.status).toBe(400);
      expect(body.data).toBeUndefined();
    }
    expect(codes((await (await postJson(fetch, { query: TITLES })).json()) as any)).toEqual(['PERSISTED_QUERY_ONLY']);
    expect(codes((await (await postJson(fetch, { extensions: apq(hash) })).json()) as any)).toEqual([
      'PERSISTED_QUERY_NOT_FOUND',
    ]);
    // A trusted document answered from memory by hash is still refused when sent whole (the fast path included).
    const byHash = { extensions: JSON.stringify(apq(bareTitlesId)), variables: '{"first":1}' };
    await getWith(fetch, byHash);
    expect((await getWith(fetch, byHash)).headers.get('x-cache-status')).toBe('HIT');
    const whole = await getWith(fetch, { query: titlesDocument, variables: '{"first":1}' });
    expect(codes((await whole.json()) as any)).toEqual(['PERSISTED_QUERY_ONLY']);
    // The trusted document itself, sent whole with its hash, runs.
    const withHash = (await (
      await postJson(fetch, { query: titlesDocument, extensions: apq(bareTitlesId), variables: { first: 1 } })
    ).json()) as any;
    expect(withHash.errors).toBeUndefined();
  });

  it('leave development open unless enforced, and enforce: true closes it', async () => {
    expect(
      ((await (await postJson(workerIn('development', trusted), { query: TITLES })).json()) as any).data,
    ).toBeTruthy();
    const closed = workerIn('development', { ...fixture, persistedDocuments: { manifest, enforce: true } });
    expect(codes((await (await postJson(closed, { query: TITLES })).json()) as any)).toEqual(['PERSISTED_QUERY_ONLY']);
  });

  it('turn a bad manifest into a startup error naming the entry', async () => {
    const [id, document] = [titlesId, titlesDocument];
    const broken = 'query { posts {';
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ [id]: `${document} ` }, /not the hash of its document/],
      [{ 'sha256:xyz': document }, /is not a document hash/],
      [{ [id]: 42 }, /must be the document's text/],
      [{ [`sha256:${await sha256Hex(broken)}`]: broken }, /does not parse/],
      [{ [await sha256Hex(broken)]: broken }, /does not parse/],
    ];
    for (const [entries, message] of bad)
      expect(() =>
        buildCms({ ...fixture, persistedDocuments: { manifest: entries as Record<string, string> } }),
      ).toThrow(message);
    expect(() => buildCms({ ...fixture, persistedDocuments: { enforce: true } })).toThrow(CmsConfigError);
    expect(() => buildCms({ ...fixture, persistedDocuments: { ttlSeconds: 5 } })).toThrow(/at least 60/);
  });
});
