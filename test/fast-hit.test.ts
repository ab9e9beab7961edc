import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCms } from '../src/build';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { jsonPost } from './cache-helpers';
import fixture from './fixtures/config';
import { seedBlog } from './reads-seed';

const cms = buildCms(fixture);
let admin: Record<string, string>;

beforeAll(async () => {
  await seedBlog();
  admin = (await signedIn('admin')).headers;
});
afterEach(() => vi.restoreAllMocks());

interface Call {
  method?: 'GET' | 'POST';
  query: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
  bindings?: Partial<Omit<Env, 'ENVIRONMENT'>> & { ENVIRONMENT?: string };
}

/** Sends a GraphQL request to a handler the way a client would, and waits for its waitUntil work. */
async function send(
  handler: ReturnType<typeof createHandler>,
  { method = 'POST', query, variables, headers = {}, bindings = {} }: Call,
) {
  const request =
    method === 'GET'
      ? new Request(
          `http://cms.test/graphql?${new URLSearchParams({ query, ...(variables ? { variables: JSON.stringify(variables) } : {}) })}`,
          { headers },
        )
      : jsonPost(JSON.stringify({ query, variables }), headers);
  const ctx = createExecutionContext();
  const response = await handler.fetch(request, { ...env, ...bindings } as Env, ctx);
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  return { response, text, timing: response.headers.get('server-timing') ?? '' };
}

/** The second answer to a request (the first fills the cache) from a handler with or without the fast path. */
async function secondAnswer(call: Call, fastHits: boolean) {
  const handler = createHandler(cms, { fastHits });
  await send(handler, { query: '{ __typename }' }); // the isolate's bootstrap
  await send(handler, call);
  return send(handler, call);
}

/** A response's headers without the per-request ones (its id and step timings). */
const headersOf = (response: Response) =>
  Object.fromEntries([...response.headers].filter(([name]) => name !== 'x-request-id' && name !== 'server-timing'));

// The fast path answers before the pipeline: none of the pipeline's steps show in Server-Timing.
const answeredFast = (timing: string) =>
  !/\bauth;/.test(timing) && /^cache;dur=[\d.]+, d1;desc="0 statements"$/.test(timing);

describe('memory hits answered before the pipeline', () => {
  const LIST =
    'query Titles($first: Int) { posts(first: $first, orderBy: [{ title: asc }]) { nodes { title author { name } } } }';
  const cases: Array<[string, Call]> = [
    ['an anonymous POST', { query: LIST, variables: { first: 2 } }],
    ['an anonymous GET (public: ETag, Cache-Control)', { method: 'GET', query: LIST, variables: { first: 3 } }],
    ['a signed-in admin', { query: LIST, variables: { first: 2 }, headers: {} }],
    [
      'Accept: application/graphql-response+json',
      { query: LIST, headers: { accept: 'application/graphql-response+json' } },
    ],
    [
      'Accept: application/json, then the other',
      { query: LIST, headers: { accept: 'application/json, application/graphql-response+json' } },
    ],
    // Server-Timing (off in production by default) tells which path answered.
    [
      'production (the stored text, HSTS)',
      { query: LIST, variables: { first: 1 }, bindings: { ENVIRONMENT: 'production', SERVER_TIMING: 'on' } },
    ],
    ['development (extensions.cache)', { query: '{ __typename }', bindings: { ENVIRONMENT: 'development' } }],
    // Cross-origin reads (a browser's): the CORS headers Yoga's CORS step would set, for each kind of policy.
    [
      "a local frontend's cross-origin POST (development: credentials)",
      { query: LIST, variables: { first: 5 }, headers: { origin: 'http://localhost:5173' } },
    ],
    [
      'a cross-origin GET (public: ETag, Vary)',
      { method: 'GET', query: LIST, variables: { first: 6 }, headers: { origin: 'http://127.0.0.1:3000' } },
    ],
    [
      'an origin CORS does not allow (production by default: no CORS headers)',
      {
        query: LIST,
        variables: { first: 7 },
        headers: { origin: 'https://evil.example' },
        bindings: { ENVIRONMENT: 'production', SERVER_TIMING: 'on' },
      },
    ],
    [
      'an origin of CORS_ORIGINS',
      {
        query: LIST,
        variables: { first: 8 },
        headers: { origin: 'https://admin.example.com' },
        bindings: {
          ENVIRONMENT: 'production',
          SERVER_TIMING: 'on',
          CORS_ORIGINS: 'https://app.example.com,https://admin.example.com',
        },
      },
    ],
    [
      'an origin CORS_ORIGINS does not list',
      {
        query: LIST,
        variables: { first: 9 },
        headers: { origin: 'https://elsewhere.example' },
        bindings: { ENVIRONMENT: 'production', SERVER_TIMING: 'on', CORS_ORIGINS: 'https://app.example.com' },
      },
    ],
    [
      'CORS_ORIGINS=*',
      {
        query: LIST,
        variables: { first: 10 },
        headers: { origin: 'https://any.example' },
        bindings: { ENVIRONMENT: 'production', SERVER_TIMING: 'on', CORS_ORIGINS: '*' },
      },
    ],
  ];

  for (const [name, call] of cases) {
    it(`answer ${name} exactly as the pipeline does`, async () => {
      const withAdmin = name === 'a signed-in admin' ? { ...call, headers: admin } : call;
      const fast = await secondAnswer(withAdmin, true);
      const full = await secondAnswer(withAdmin, false);
      expect(full.response.headers.get('x-cache-status')).toBe('HIT');
      expect(answeredFast(fast.timing)).toBe(true);
      expect(answeredFast(full.timing)).toBe(false);
      expect(fast.response.status).toBe(full.response.status);
      // The entries were stored a few milliseconds apart: the time they have left may differ by that.
      const ttlFree = (text: string) => text.replace(/"ttlMs":\d+/, '"ttlMs":0');
      expect(ttlFree(fast.text)).toBe(ttlFree(full.text));
      expect(
        Math.abs(Number(fast.response.headers.get('x-cache-ttl')) - Number(full.response.headers.get('x-cache-ttl'))),
      ).toBeLessThanOrEqual(1);
      expect({ ...headersOf(fast.response), 'x-cache-ttl': '' }).toEqual({
        ...headersOf(full.response),
        'x-cache-ttl': '',
      });
      expect(fast.response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  }

  it('send no Server-Timing in production unless SERVER_TIMING turns it on', async () => {
    const call: Call = { query: LIST, variables: { first: 4 }, bindings: { ENVIRONMENT: 'production' } };
    for (const fastHits of [true, false]) {
      const answer = await secondAnswer(call, fastHits);
      const { headers } = answer.response;
      expect([headers.get('x-cache-status'), headers.has('server-timing')]).toEqual(['HIT', false]);
    }
  });

  it('answer a GET revalidation with a bodiless 304', async () => {
    const handler = createHandler(cms);
    const call: Call = { method: 'GET', query: '{ tags(first: 2, orderBy: [{ name: asc }]) { nodes { name } } }' };
    await send(handler, { query: '{ __typename }' });
    const etag = (await send(handler, call)).response.headers.get('etag')!;
    const again = await send(handler, { ...call, headers: { 'if-none-match': etag } });
    expect([again.response.status, again.text, again.response.headers.get('etag'), answeredFast(again.timing)]).toEqual(
      [304, '', etag, true],
    );
  });

  it('write the request line with the operation and what the cache did', async () => {
    const handler = createHandler(cms);
    const call: Call = {
      query: 'query TagNames { tags(first: 1) { nodes { name } } }',
      headers: { 'x-request-id': 'fast-line-0001' },
    };
    await send(handler, { query: '{ __typename }' });
    await send(handler, call);
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    const hit = await send(handler, call);
    expect(answeredFast(hit.timing)).toBe(true);
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([
      {
        event: 'request',
        requestId: 'fast-line-0001',
        method: 'POST',
        operation: 'TagNames',
        type: 'query',
        status: 200,
        d1Statements: 0,
        userId: null,
        cache: 'HIT memory',
      },
    ]);
  });

  it('leave to the pipeline what it alone handles: other media types, extensions, bad tokens, a first request', async () => {
    const handler = createHandler(cms);
    const query = '{ tags(first: 1) { nodes { name } } }';
    const first = await send(handler, { query });
    expect(answeredFast(first.timing)).toBe(false); // the isolate's first request bootstraps it
    await send(handler, { query });
    // A browser's cross-origin request is answered here, with the CORS headers (compared above); its preflight and a
    // simple POST (CSRF) are the pipeline's.
    const cors = await send(handler, {
      query,
      headers: { origin: 'http://localhost:5173' },
      bindings: { ENVIRONMENT: 'development' },
    });
    expect([
      answeredFast(cors.timing),
      cors.response.headers.get('x-cache-status'),
      cors.response.headers.get('access-control-allow-origin'),
    ]).toEqual([true, 'HIT', 'http://localhost:5173']);
    const preflight = await handler.fetch(
      new Request('http://cms.test/graphql', {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
      }),
      { ...env, ENVIRONMENT: 'development' } as Env,
    );
    expect([preflight.status, preflight.headers.get('access-control-allow-methods')]).toEqual([204, 'GET, POST']);
    const simple = await handler.fetch(
      new Request('http://cms.test/graphql', {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'text/plain', 'content-length': '20' },
        body: JSON.stringify({ query: '{ __typename }' }),
      }),
      env,
    );
    expect(simple.status).toBe(403);
    const stream = await send(handler, { query, headers: { accept: 'text/event-stream' } });
    expect(answeredFast(stream.timing)).toBe(false);
    const rejected = await send(handler, { query, headers: { authorization: 'Bearer not-a-token' } });
    expect([answeredFast(rejected.timing), JSON.parse(rejected.text).errors[0].extensions.code]).toEqual([
      false,
      'UNAUTHENTICATED',
    ]);
    // A body of unknown length (chunked) is the pipeline's to read within the limit.
    const chunked = await handler.fetch(
      new Request('http://cms.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      }),
      env,
    );
    expect([chunked.headers.get('x-cache-status'), answeredFast(chunked.headers.get('server-timing') ?? '')]).toEqual([
      'HIT',
      false,
    ]);
    const extended = await handler.fetch(jsonPost(JSON.stringify({ query, extensions: { x: 1 } })), env);
    expect([extended.status, answeredFast(extended.headers.get('server-timing') ?? '')]).toEqual([200, false]);
    expect(((await extended.json()) as any).data.tags.nodes).toHaveLength(1);
  });

  it('a miss read by the fast path reaches the pipeline whole', async () => {
    const handler = createHandler(cms);
    await send(handler, { query: '{ __typename }' });
    const miss = await send(handler, {
      query: 'query One($id: ID!) { tag(where: { id: $id }) { id name } }',
      variables: { id: 't1' },
    });
    expect([miss.response.headers.get('x-cache-status'), JSON.parse(miss.text).data.tag.id]).toEqual(['MISS', 't1']);
  });
});
