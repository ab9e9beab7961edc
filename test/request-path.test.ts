import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineConfig, definePlugin } from '../src';
import { buildCms } from '../src/build';
import { createHandler } from '../src/server/handler';
import { jsonPost } from './cache-helpers';
import fixture from './fixtures/config';

// One request path (CONVENTIONS §15): whichever way a request is answered — from memory before the pipeline, by the
// pipeline (success, error, refusal, revalidation), by `/health`, a plugin's route, a route that throws, or the 404 —
// its response leaves through the one finishing step: the same request id, security headers and `Vary`, and one log
// line.

const routes = definePlugin({
  name: 'path-routes',
  version: '1.0.0',
  routes: {
    '/fine/': async () =>
      new Response('fine', {
        headers: { 'content-type': 'text/plain', 'cross-origin-resource-policy': 'cross-origin' },
      }),
    // Response.redirect() (like fetch()) makes a response whose headers can't be changed.
    '/moved/': async () => Response.redirect('https://elsewhere.test/', 302),
    '/boom/': async () => {
      throw new Error('the route failed');
    },
  },
});
const cms = buildCms(defineConfig({ ...fixture, plugins: [...fixture.plugins, routes] }));

const LIST = '{ tags(first: 2, orderBy: [{ name: asc }]) { nodes { name } } }';
const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
});
afterEach(() => vi.restoreAllMocks());

/** The request lines written for a request id. */
const linesOf = (id: string) =>
  lines.map((line) => JSON.parse(line)).filter((line) => line.event === 'request' && line.requestId === id);

// The fast path answers before the pipeline: none of the pipeline's steps show in Server-Timing.
const answeredFast = (response: Response) =>
  /^cache;dur=[\d.]+, d1;desc="0 statements"$/.test(response.headers.get('server-timing') ?? '');

let sequence = 0;

/** A handler in production with Server-Timing on (it tells which path answered), and a sender with a fresh id. */
function worker(fastHits: boolean) {
  const handler = createHandler(cms, { fastHits });
  const bindings = { ...env, ENVIRONMENT: 'production', SERVER_TIMING: 'on' } as unknown as Env;
  return async (request: Request) => {
    const id = `request-path-${++sequence}`;
    const sent = new Request(request, { headers: new Headers(request.headers) });
    sent.headers.set('x-request-id', id);
    const ctx = createExecutionContext();
    const response = await handler.fetch(sent, bindings, ctx);
    await response.arrayBuffer();
    await waitOnExecutionContext(ctx);
    return { id, response };
  };
}

const get = (query: string, headers: Record<string, string> = {}) =>
  new Request(`http://cms.test/graphql?${new URLSearchParams({ query })}`, { headers });
const path = (at: string) => new Request(`http://cms.test${at}`);

describe('every response leaves through the finishing step', () => {
  type Kind = [name: string, at: string, answer: () => Promise<{ id: string; response: Response }>];
  const kinds: Kind[] = [];
  const fast = worker(true);
  const full = worker(false);

  beforeAll(async () => {
    for (const send of [fast, full]) {
      await send(jsonPost(JSON.stringify({ query: '{ __typename }' }))); // the isolate's bootstrap
      await send(jsonPost(JSON.stringify({ query: LIST }))); // the entries the hits read
      await send(get(LIST));
    }
  });

  const etagOf = async (send: typeof fast) => (await send(get(LIST))).response.headers.get('etag')!;
  kinds.push(
    ['a memory hit on the fast path', '/graphql', () => fast(jsonPost(JSON.stringify({ query: LIST })))],
    ['a memory hit in the pipeline', '/graphql', () => full(jsonPost(JSON.stringify({ query: LIST })))],
    ['a 304 on the fast path', '/graphql', async () => fast(get(LIST, { 'if-none-match': await etagOf(fast) }))],
    ['a 304 from the pipeline', '/graphql', async () => full(get(LIST, { 'if-none-match': await etagOf(full) }))],
    ['a pipeline success', '/graphql', () => fast(jsonPost(JSON.stringify({ query: 'mutation { __typename }' })))],
    ['a pipeline error', '/graphql', () => fast(jsonPost(JSON.stringify({ query: '{ nope }' })))],
    [
      'a 413 from the body limit',
      '/graphql',
      () => fast(jsonPost(JSON.stringify({ query: LIST, variables: { padding: 'x'.repeat(101 * 1024) } }))),
    ],
    ['/health', '/health', () => fast(path('/health'))],
    ['a 404 of the media route', '/media/no/such-file.png', () => fast(path('/media/no/such-file.png'))],
    ['a plugin route', '/fine/now', () => fast(path('/fine/now'))],
    ['a plugin route that throws', '/boom/now', () => fast(path('/boom/now'))],
    ['a plugin route answering with immutable headers', '/moved/now', () => fast(path('/moved/now'))],
    ['a path nobody serves', '/nope', () => fast(path('/nope'))],
  );

  it.each(kinds)('%s', async (name, at, answer) => {
    const { id, response } = await answer();
    const graphql = at === '/graphql';
    const { headers } = response;
    expect(headers.get('x-request-id')).toBe(id);
    for (const [header, value] of Object.entries(BASE_HEADERS)) expect(headers.get(header), header).toBe(value);
    expect(headers.get('content-security-policy')).toMatch(/^default-src 'none'; frame-ancestors 'none'/);
    // Only GraphQL answers depend on Origin (CORS); a public GET answer also on the caller's credentials. An answer
    // no cache may keep, to a request without Origin, says nothing of it.
    const kept = headers.get('cache-control') !== 'no-store';
    const vary = name.includes('304') ? 'Origin, Authorization, Cookie' : graphql && kept ? 'Origin' : null;
    expect(headers.get('vary')).toBe(vary);
    if (name.includes('fast path')) expect(answeredFast(response)).toBe(true);
    if (name.includes('pipeline')) expect(headers.get('server-timing')).toMatch(/^bootstrap;dur=/);
    // One line, with the status sent (a 304's too), and the path of an answer outside GraphQL.
    const written = linesOf(id);
    expect(written).toHaveLength(1);
    expect([written[0].status, written[0].path]).toEqual([response.status, graphql ? undefined : at]);
  });

  it('keeps the resource policy a route sets for itself, and the status it answered with', async () => {
    const { response } = await fast(path('/fine/now'));
    expect([response.status, response.headers.get('cross-origin-resource-policy')]).toEqual([200, 'cross-origin']);
    const moved = await fast(path('/moved/now'));
    expect([moved.response.status, moved.response.headers.get('location')]).toEqual([302, 'https://elsewhere.test/']);
    const failed = await fast(path('/boom/now'));
    expect([failed.response.status, failed.response.headers.get('cross-origin-resource-policy')]).toEqual([
      500,
      'same-origin',
    ]);
  });
});

describe('one request path in the source', () => {
  const sources = import.meta.glob<string>('../src/**/*.ts', { query: '?raw', import: 'default', eager: true });

  it('keeps per-request values in the request state only', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    const scattered = Object.entries(sources)
      .filter(([file, text]) => file !== '../src/request/state.ts' && /new WeakMap<\s*Request\b/.test(text))
      .map(([file]) => file);
    expect(scattered).toEqual([]);
  });

  it('lets a pipeline plugin file export its useX and its options type only', () => {
    const exported = Object.entries(sources)
      .filter(([file]) => /\/server\/plugins\/use-[a-z-]+\.ts$/.test(file))
      .flatMap(([file, text]) =>
        [...text.matchAll(/^export (?:async )?(function|const|let|class|interface|type|enum) (\w+)/gm)].map(
          ([, kind, name]) => `${file.split('/').pop()} ${kind} ${name}`,
        ),
      );
    expect(exported.length).toBeGreaterThan(10);
    expect(exported.filter((entry) => !/ (function use[A-Z]\w*|(interface|type) \w+Options)$/.test(entry))).toEqual([]);
  });
});
