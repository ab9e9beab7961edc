import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCms } from '../src/build';
import type { CompiledRead, CompiledReads, CompiledRequest } from '../src/compiled/reads';
import { defineConfig } from '../src/index';
import { compiledReadsMode, compiledTally } from '../src/server/compiled-mode';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { jsonPost } from './cache-helpers';
import fixture from './fixtures/config';
import { seedBlog } from './reads-seed';

// The compiler behind `createCompiledReads` is written elsewhere; these tests drive the plumbing around it with
// compiled reads of their own, handed to `createHandler({ compiled })`. The real compiler is checked by compare mode,
// which the whole suite runs in (vitest.config.ts): every read a test sends that it covers is compared with the
// resolvers'.
const cms = buildCms(fixture);
const LIST = '{ posts(first: 2) { nodes { id title } } }';
// KV is shared by every handler of the file: a test that needs a read no earlier test kept names its operation.
let named = 0;
const freshList = () => `query List${++named} { posts(first: 2) { nodes { id title } } }`;
let admin: Record<string, string>;
let lines: string[] = [];

beforeAll(async () => {
  await seedBlog();
  admin = (await signedIn('admin')).headers;
});
afterEach(() => vi.restoreAllMocks());

/**
 * A compiled read of `LIST` as the compiler would make it: one statement whose result is the field's JSON, published
 * posts only for anonymous callers, newest first. `change` alters what it answers (a test's injected defect).
 */
function fakeCompiled(
  change: { data?: (data: string) => string; tags?: (tags: Set<string>) => Set<string>; covers?: string } = {},
) {
  const runs: CompiledRequest[] = [];
  const compiled: CompiledReads = {
    covers: (query) => query === (change.covers ?? LIST),
    // The pipeline's per-root-field use of the compiler is not this file's subject (test/compiled-pipeline.test.ts).
    runDocument: async () => undefined,
    async run(request): Promise<CompiledRead | undefined> {
      runs.push(request);
      const visible = request.access.viewer.kind === 'anonymous' ? `WHERE status = 'PUBLISHED'` : '';
      const row = await request.db
        .prepare(
          `SELECT json_object('posts', json_object('nodes', json_group_array(json_object('id', id, 'title', title))))
             AS data FROM (SELECT id, title FROM posts ${visible} ORDER BY created_at DESC, id DESC LIMIT 2)`,
        )
        .first<{ data: string }>();
      const data = row!.data;
      const ids = (JSON.parse(data).posts.nodes as Array<{ id: string }>).map(({ id }) => `Post:${id}`);
      const tags = new Set(['PostConnection', 'Post', ...ids]);
      return { data: change.data?.(data) ?? data, tags: change.tags?.(tags) ?? tags, nulls: [] };
    },
  };
  return { compiled, runs };
}

interface Sent {
  query?: string;
  headers?: Record<string, string>;
  bindings?: Partial<Omit<Env, 'ENVIRONMENT'>> & { ENVIRONMENT?: string };
}

/** A POST as clients send it (with its length), through a handler; waits for its waitUntil work (the cache write). */
async function send(handler: ReturnType<typeof createHandler>, { query = LIST, headers = {}, bindings = {} }: Sent) {
  const ctx = createExecutionContext();
  const response = await handler.fetch(
    jsonPost(JSON.stringify({ query }), headers),
    { ...env, ...bindings } as Env,
    ctx,
  );
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  const header = (name: string) => response.headers.get(name);
  return { response, text, header, timing: header('server-timing') ?? '' };
}

/** A handler whose first request (the isolate's bootstrap) has been made. */
async function ready(options: Parameters<typeof createHandler>[1] = {}, bindings: Sent['bindings'] = {}) {
  const handler = createHandler(cms, options);
  await send(handler, { query: '{ __typename }', bindings });
  return handler;
}

const ON = { COMPILED_READS: 'on' };

/** The request log lines written from now on. */
function captureLines() {
  lines = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  return () => lines.map((line) => JSON.parse(line)).filter((line) => line.event === 'request');
}

describe('compare mode (the whole suite runs in it)', () => {
  it('is on in the tests, and only in development', () => {
    expect(env.COMPILED_READS).toBe('compare');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(compiledReadsMode({ COMPILED_READS: 'compare', ENVIRONMENT: 'development' })).toBe('compare');
    expect(compiledReadsMode({ COMPILED_READS: 'compare', ENVIRONMENT: 'production' })).toBe('on');
    expect(compiledReadsMode({ COMPILED_READS: 'OFF', ENVIRONMENT: 'production' })).toBe('off');
    expect(compiledReadsMode({ COMPILED_READS: 'sometimes', ENVIRONMENT: 'production' })).toBe('on');
    expect(compiledReadsMode({ ENVIRONMENT: 'production' })).toBe('on');
    expect(warn.mock.calls.map(([line]) => JSON.parse(String(line)).event)).toEqual([
      'compiled_reads_compare_ignored',
      'compiled_reads_ignored',
    ]);
  });

  it('lets the resolvers answer a covered read, and says it compared it with the compiled read', async () => {
    const { compiled, runs } = fakeCompiled();
    const handler = await ready({ compiled });
    const before = compiledTally().compared;
    for (const headers of [{}, admin]) {
      const answer = await send(handler, { headers });
      expect([answer.response.status, answer.header('x-compiled'), answer.header('x-cache-status')]).toEqual([
        200,
        'compared',
        'MISS',
      ]);
      expect(answer.timing).toContain('read;desc="resolvers"');
    }
    expect(runs.map((run) => run.access.viewer.kind)).toEqual(['anonymous', 'user']);
    expect(compiledTally().compared).toBe(before + 2);
    // The second is a memory hit: nothing ran, nothing to compare.
    const hit = await send(handler, {});
    expect([hit.header('x-cache-status'), hit.header('x-compiled')]).toEqual(['HIT', null]);
  });

  it('answers a 500 saying where the data differ when the compiled read is wrong', async () => {
    const query = freshList();
    const { compiled } = fakeCompiled({ covers: query, data: (data) => data.replace('Gamma', 'Gamma!') });
    const answer = await send(await ready({ compiled }), { query });
    expect([answer.response.status, answer.header('x-compiled')]).toEqual([500, 'mismatch']);
    const [error] = JSON.parse(answer.text).errors;
    expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    // The first difference (`"Gamma"` against `"Gamma!"`), with the text around it on both sides.
    expect(error.message).toMatch(/^The compiled read differs from the resolvers: data differ at character 44: /);
    expect(error.message).toContain(String.raw`resolvers "sts\":{\"nodes\":[{\"id\":\"p3\",\"title\":\"Gamma\"},`);
    expect(error.message).toContain(String.raw`compiled "sts\":{\"nodes\":[{\"id\":\"p3\",\"title\":\"Gamma!\"},`);
  });

  it('answers a 500 naming the tags the compiled read would not be invalidated by', async () => {
    const query = freshList();
    const { compiled } = fakeCompiled({
      covers: query,
      tags: (tags) => new Set([...tags].filter((tag) => tag !== 'Post:p1' && tag !== 'PostConnection')),
    });
    const answer = await send(await ready({ compiled }), { query });
    expect(answer.response.status).toBe(500);
    expect(JSON.parse(answer.text).errors[0].message).toMatch(
      /the compiled tags miss 2 of the resolvers': (PostConnection, Post:p1|Post:p1, PostConnection)$/,
    );
  });

  it('notes a read the compiled path would not take as a fallback, and a handler without it as off', async () => {
    const { compiled, runs } = fakeCompiled();
    const handler = await ready({ compiled });
    const without = await ready({ compiled, compiledReads: false });
    const before = compiledTally();
    const other = await send(handler, { query: '{ tags(first: 1) { nodes { name } } }' });
    expect([other.response.status, other.header('x-compiled')]).toEqual([200, 'fallback']);
    const off = await send(without, { query: '{ posts(first: 2) { totalCount } }' });
    expect([off.response.status, off.header('x-compiled')]).toEqual([200, 'off']);
    expect(runs).toHaveLength(0);
    const after = compiledTally();
    expect([after.fallback - before.fallback, after.off - before.off]).toEqual([1, 1]);
  });
});

describe('a covered read memory does not hold, with compiled reads on', () => {
  it('is answered by the compiled read: one statement, the same body and headers as the resolvers', async () => {
    const query = freshList();
    const { compiled } = fakeCompiled({ covers: query });
    const logged = captureLines();
    const full = await send(await ready({ compiled, compiledReads: false }, ON), { query, bindings: ON });
    // Another operation name: its own cache entry, which the resolvers' answer above did not fill.
    const other = query.replace(/List\d+/, (name) => `${name}b`);
    compiled.covers = (text) => text === other;
    const fast = await send(await ready({ compiled }, ON), {
      query: other,
      bindings: ON,
      headers: { 'x-request-id': 'compiled-1' },
    });
    expect(fast.timing).toMatch(/^cache;dur=[\d.]+, read;desc="compiled", d1;desc="1 statements"$/);
    expect(full.timing).toContain('read;desc="resolvers"');
    // Development adds extensions.cache alike (what was kept, for how long, under which tags).
    const ttlFree = (text: string) => text.replace(/"ttlMs":\d+/, '"ttlMs":0');
    expect(ttlFree(fast.text)).toBe(ttlFree(full.text));
    expect(JSON.parse(fast.text).extensions.cache).toMatchObject({ status: 'MISS', stored: true });
    expect(JSON.parse(fast.text).extensions.cache.tags.sort()).toEqual(
      ['Post', 'Post:p1', 'Post:p3', 'PostConnection', 'cms:everything'].sort(),
    );
    // Both read on the primary's session (the answer fills the cache), whose bookmark goes back to the client.
    expect([fast.header('x-d1-bookmark'), full.header('x-d1-bookmark')]).toEqual([
      expect.stringMatching(/^[0-9a-f]+(-[0-9a-f]+)+$/),
      expect.stringMatching(/^[0-9a-f]+(-[0-9a-f]+)+$/),
    ]);
    expect([fast.header('x-cache-status'), fast.header('x-cache-source'), fast.header('content-type')]).toEqual([
      'MISS',
      'database',
      'application/json; charset=utf-8',
    ]);
    expect(logged().find((line) => line.requestId === 'compiled-1')).toMatchObject({
      operation: other.split(' ')[1],
      type: 'query',
      status: 200,
      d1Statements: 1,
      cache: 'MISS database',
      read: 'compiled',
    });
  });

  it('answers in production with the stored text, as the resolvers do', async () => {
    const query = freshList();
    const { compiled } = fakeCompiled({ covers: query });
    const production = { ...ON, ENVIRONMENT: 'production', SERVER_TIMING: 'on' };
    const handler = await ready({ compiled }, production);
    // The compiled JSON is spliced into the answer as text: the data is never written by JSON.stringify.
    const stringify = vi.spyOn(JSON, 'stringify');
    const compiledAnswer = await send(handler, { query, bindings: production });
    const written = stringify.mock.results.filter((r) => typeof r.value === 'string' && r.value.includes('"Gamma"'));
    expect(written).toEqual([]);
    stringify.mockRestore();
    // The second handler's answer is the resolvers' (the entry in KV is a miss's answer with another name).
    const renamed = query.replace(/List\d+/, (name) => `${name}b`);
    const resolved = await send(await ready({ compiled, compiledReads: false }, production), {
      query: renamed,
      bindings: production,
    });
    expect(resolved.timing).toContain('read;desc="resolvers"');
    expect(compiledAnswer.timing).toContain('read;desc="compiled"');
    expect(compiledAnswer.text).toBe(resolved.text);
    expect(compiledAnswer.text).toBe(
      '{"data":{"posts":{"nodes":[{"id":"p3","title":"Gamma"},{"id":"p1","title":"Alpha"}]}}}',
    );
  });

  it('answers a GET with the headers the resolvers give it: public, its ETag, a 304 on revalidation', async () => {
    const query = freshList();
    const renamed = query.replace(/List\d+/, (name) => `${name}b`);
    const { compiled } = fakeCompiled({ covers: query });
    const get = async (handler: ReturnType<typeof createHandler>, text: string, headers: Record<string, string> = {}) =>
      handler.fetch(new Request(`http://cms.test/graphql?${new URLSearchParams({ query: text })}`, { headers }), {
        ...env,
        ...ON,
      } as Env);
    const compiledAnswer = await get(await ready({ compiled }, ON), query);
    const resolved = await get(await ready({ compiled, compiledReads: false }, ON), renamed);
    expect(compiledAnswer.headers.get('server-timing')).toContain('read;desc="compiled"');
    expect(resolved.headers.get('server-timing')).toContain('read;desc="resolvers"');
    const shared = (response: Response) =>
      ['cache-control', 'vary', 'content-type', 'x-cache-status', 'x-cache-source'].map((h) => response.headers.get(h));
    expect(shared(compiledAnswer)).toEqual(shared(resolved));
    expect(shared(compiledAnswer)[0]).toBe('public, max-age=0, must-revalidate');
    // The ETag is the hash of the kept text: the same data, the same tag (development adds only extensions.cache).
    const etag = compiledAnswer.headers.get('etag')!;
    expect(etag).toBe(resolved.headers.get('etag'));
    const again = await get(await ready({ compiled }, ON), query, { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });

  it('reads for the signed-in caller, keeps the answer, and a write invalidates it', async () => {
    const { compiled, runs } = fakeCompiled();
    const handler = await ready({ compiled }, ON);
    const first = await send(handler, { headers: admin, bindings: ON });
    expect([first.header('x-cache-status'), runs.at(-1)?.access.viewer.kind]).toEqual(['MISS', 'user']);
    expect(first.timing).toContain('read;desc="compiled"');
    // An admin's draft (p5, the newest) is in their list, not in an anonymous one.
    expect(JSON.parse(first.text).data.posts.nodes.map((n: { id: string }) => n.id)).toEqual(['p5', 'p4']);
    const again = await send(handler, { headers: admin, bindings: ON });
    expect([again.header('x-cache-status'), again.header('x-cache-source'), runs.length]).toEqual(['HIT', 'memory', 1]);
    // Another isolate finds it in KV (the admin namespace stays in memory only): anonymous entries are in KV.
    await send(handler, { bindings: ON });
    const elsewhere = await send(await ready({ compiled }, ON), { bindings: ON });
    expect([elsewhere.header('x-cache-status'), elsewhere.header('x-cache-source')]).toEqual(['HIT', 'kv']);
    expect(elsewhere.timing).not.toContain('read;');
    const write = await send(handler, {
      query: 'mutation { updatePost(where: { id: "p5" }, data: { title: "Epsilon" }) { id } }',
      headers: admin,
      bindings: ON,
    });
    expect(JSON.parse(write.text).errors).toBeUndefined();
    const after = await send(handler, { headers: admin, bindings: ON });
    expect([after.header('x-cache-status'), after.timing.includes('read;desc="compiled"')]).toEqual(['MISS', true]);
    expect(JSON.parse(after.text).data.posts.nodes[0]).toEqual({ id: 'p5', title: 'Epsilon' });
  });
});

describe('the pipeline answers, as if the compiled path did not exist', () => {
  const resolvers = (answer: { timing: string }) => expect(answer.timing).toContain('read;desc="resolvers"');

  it('a document the compiler does not cover', async () => {
    const { compiled, runs } = fakeCompiled();
    const logged = captureLines();
    const answer = await send(await ready({ compiled }, ON), {
      query: 'query One { tags(first: 1) { nodes { name } } }',
      bindings: ON,
    });
    resolvers(answer);
    expect(runs).toHaveLength(0);
    expect(logged().at(-1)).toMatchObject({ operation: 'One', read: 'resolvers' });
  });

  it('a covered read the compiler gives back, or fails on', async () => {
    for (const run of [async () => undefined, async () => Promise.reject(new Error('compiler bug'))]) {
      const handler = await ready({ compiled: { covers: () => true, run, runDocument: async () => undefined } }, ON);
      const answer = await send(handler, { bindings: ON });
      resolvers(answer);
      expect([answer.response.status, answer.header('x-cache-status')]).toEqual([200, 'MISS']);
      expect(JSON.parse(answer.text).data.posts.nodes).toHaveLength(2);
    }
  });

  it('a covered document over a limit: the pipeline answers its error', async () => {
    const { compiled, runs } = fakeCompiled();
    const strict = buildCms(defineConfig({ ...fixture, security: { limits: { maxDepth: 2 } } }));
    const handler = createHandler(strict, { compiled });
    await send(handler, { query: '{ __typename }', bindings: ON });
    const answer = await send(handler, { bindings: ON });
    expect(JSON.parse(answer.text).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth' });
    expect(runs).toHaveLength(0);
  });

  it('a covered document whose variables make it cost more than the limit: the pipeline answers its error', async () => {
    const SIZED = 'query Sized($n: Int) { posts(first: $n) { nodes { id title } } }';
    const { compiled, runs } = fakeCompiled({ covers: SIZED });
    const strict = buildCms(defineConfig({ ...fixture, security: { limits: { maxCost: 300 } } }));
    const handler = createHandler(strict, { compiled });
    await send(handler, { query: '{ __typename }', bindings: ON });
    const sent = (n: number) =>
      handler.fetch(jsonPost(JSON.stringify({ query: SIZED, variables: { n } })), { ...env, ...ON } as Env);
    const over = await sent(100);
    expect((await over.json<any>()).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost' });
    expect(runs).toHaveLength(0);
    const within = await sent(2);
    expect([within.headers.get('server-timing'), runs.length]).toEqual([expect.stringContaining('compiled'), 1]);
  });

  it('compiled reads turned off, by the handler option or COMPILED_READS=off', async () => {
    const { compiled, runs } = fakeCompiled();
    resolvers(await send(await ready({ compiled, compiledReads: false }, ON), { bindings: ON }));
    const off = { COMPILED_READS: 'off' };
    resolvers(await send(await ready({ compiled }, off), { bindings: off }));
    expect(runs).toHaveLength(0);
  });

  it("a cross-origin read is answered compiled, with the CORS headers Yoga gives the resolvers' answer", async () => {
    const { compiled, runs } = fakeCompiled({ covers: 'query Cors { posts(first: 2) { nodes { id title } } }' });
    const query = 'query Cors { posts(first: 2) { nodes { id title } } }';
    const headers = { origin: 'http://localhost:5173' };
    const bindings = { ...ON, ENVIRONMENT: 'development' };
    const fast = await send(await ready({ compiled }, bindings), { query, headers, bindings });
    const full = await send(await ready({ compiled, compiledReads: false }, bindings), {
      query: query.replace('Cors', 'CorsResolved'),
      headers,
      bindings,
    });
    expect(fast.timing).toContain('read;desc="compiled"');
    expect(full.timing).toContain('read;desc="resolvers"');
    expect(runs).toHaveLength(1);
    const cors = (answer: { response: Response }) =>
      [...answer.response.headers].filter(([name]) => name.startsWith('access-control-') || name === 'vary');
    expect(cors(fast)).toEqual(cors(full));
    expect(fast.header('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('a request with a D1 bookmark, or a body of unknown length', async () => {
    const { compiled, runs } = fakeCompiled();
    const handler = await ready({ compiled }, ON);
    const bookmark = await send(handler, {
      headers: { 'x-d1-bookmark': '00000001-00000002-00000003-abcdef' },
      bindings: ON,
    });
    expect([bookmark.header('x-cache-status'), bookmark.timing.includes('read;desc="resolvers"')]).toEqual([
      'BYPASS',
      true,
    ]);
    const ctx = createExecutionContext();
    const unknownLength = new Request('http://cms.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ posts(first: 2) { nodes { title id } } }' }),
    });
    const response = await handler.fetch(unknownLength, { ...env, ...ON } as Env, ctx);
    await waitOnExecutionContext(ctx);
    expect(response.headers.get('server-timing')).toContain('read;desc="resolvers"');
    expect(runs).toHaveLength(0);
  });
});

describe('a compiled answer kept in the cache', () => {
  it('tags a covered single item that is null with its list, as the resolvers do', async () => {
    const ONE = '{ post(where: { id: "nope" }) { id title } }';
    const compiled: CompiledReads = {
      covers: (query) => query === ONE,
      run: async () => ({ data: '{"post":null}', tags: new Set(), nulls: ['post'] }),
      runDocument: async () => undefined,
    };
    // Compare mode: the resolvers' tags (PostConnection for the absence) must all be among the compiled path's.
    const answer = await send(await ready({ compiled }), { query: ONE });
    expect([answer.response.status, answer.header('x-compiled')]).toEqual([200, 'compared']);
    expect(JSON.parse(answer.text).extensions.cache.tags).toContain('PostConnection');
  });
});
