import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildCms } from '../src/build';
import { defineConfig, definePlugin } from '../src';
import type { CmsConfig } from '../src/types/config';
import { EVENT_LOG_LIMIT, recordEvent } from '../src/log/events';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { countedRun, warmUp } from './d1-counter';
import fixture from './fixtures/config';

/** The worker for a config, with a real ExecutionContext whose waitUntil work is awaited before returning. */
function worker(config: CmsConfig = fixture, vars: Partial<Env> = {}) {
  const handler = createHandler(buildCms(config));
  return async (query: string, headers: Record<string, string> = {}) => {
    const ctx = createExecutionContext();
    const response = await handler.fetch(
      new Request('http://cms.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query }),
      }),
      { ...env, ...vars },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return response;
  };
}

/** The timed steps of `Server-Timing` (the `d1` entry is a count, not a step). */
const stepsOf = (response: Response) =>
  (response.headers.get('server-timing') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.includes(';dur='))
    .map((entry) => entry.split(';')[0]);

const statementsIn = (response: Response) =>
  Number(/d1;desc="(\d+) statements"/.exec(response.headers.get('server-timing') ?? '')?.[1]);

// The fixed order of the pipeline's steps (CORS is Yoga's own, answered before the steps for preflights).
const PIPELINE = ['bootstrap', 'logging', 'security', 'cache', 'auth', 'permissions'];
// A read the compiler covers is answered by its statement (the `compiled` step) instead of the resolvers.
const READ = [...PIPELINE, 'compiled'];

describe('the request pipeline', () => {
  it('runs its steps in the fixed order, each once per request', async () => {
    // Compiled reads on (the suite's compare mode answers with the resolvers, without the compiled step).
    const request = worker(fixture, { COMPILED_READS: 'on' });
    for (const response of [await request('{ __typename }'), await request('{ tags(first: 1) { totalCount } }')]) {
      expect(response.status).toBe(200);
      expect(stepsOf(response)).toEqual(READ);
    }
  });

  it('runs the plugins’ middleware last, when plugins bring some', async () => {
    const tagged = definePlugin({
      name: 'tagged',
      version: '1.0.0',
      envelop: [{ onResponse: ({ response }) => response.headers.set('X-Tagged', '1') }],
    });
    const response = await worker(defineConfig({ ...fixture, plugins: [...(fixture.plugins ?? []), tagged] }))(
      'mutation { __typename }',
    );
    expect([stepsOf(response), response.headers.get('x-tagged')]).toEqual([[...PIPELINE, 'plugins'], '1']);
  });

  it('reports each step with its duration, then the D1 statements the request ran', async () => {
    const timing = (await worker()('{ __typename }')).headers.get('server-timing')!;
    const entries = timing.split(', ');
    for (const entry of entries.slice(0, -2)) expect(entry).toMatch(/^[a-z]+;dur=\d+\.\d$/);
    // Which path read the query's data (the compiled path answers before the pipeline), then the statements.
    expect(entries.slice(-2)).toEqual(['read;desc="resolvers"', expect.stringMatching(/^d1;desc="\d+ statements"$/)]);
  });

  it('sends Server-Timing in development only, unless logging.serverTiming or SERVER_TIMING say so', async () => {
    const production = { ENVIRONMENT: 'production' };
    const timed = async (config: CmsConfig, vars: Record<string, string>) =>
      (await worker(config, vars as Partial<Env>)('{ __typename }')).headers.has('server-timing');
    const configured = (serverTiming: boolean) => defineConfig({ ...fixture, logging: { serverTiming } });
    expect([
      await timed(fixture, { ENVIRONMENT: 'development' }),
      await timed(fixture, production),
      await timed(configured(true), production),
      await timed(configured(true), { ...production, SERVER_TIMING: 'off' }),
      await timed(fixture, { ...production, SERVER_TIMING: 'on' }),
      await timed(configured(false), { ENVIRONMENT: 'development' }),
    ]).toEqual([true, false, true, false, true, false]);
    const odd = defineConfig({ ...fixture, logging: { serverTiming: 'yes' as never } });
    expect(() => buildCms(odd)).toThrow(/serverTiming must be true or false/);
  });

  it('counts every D1 statement of a request, batches included, as the test counter sees them', async () => {
    // Uncached, so that both handlers read from D1 rather than one from the other's KV entry.
    const uncached = defineConfig({ ...fixture, cache: { enabled: false } });
    const request = worker(uncached);
    await request('{ __typename }'); // bootstrap
    expect(statementsIn(await request('{ __typename }'))).toBe(0);
    const handler = createHandler(buildCms(uncached));
    await warmUp(handler);
    const list = '{ tags(first: 3) { totalCount nodes { name } } }';
    const counted = await countedRun(handler, list);
    expect(counted.statements.length).toBeGreaterThan(0);
    expect(statementsIn(await request(list))).toBe(counted.statements.length);
    const admin = await signedIn('admin');
    // A create is one batch (the row and its event), each statement counted.
    const create = await request('mutation { createTag(data: { name: "Counted" }) { id } }', admin.headers);
    expect(statementsIn(create)).toBeGreaterThan(1);
  });
});

describe('logging', () => {
  let lines: string[] = [];
  beforeEach(() => {
    lines = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  });
  afterEach(() => vi.restoreAllMocks());

  it('writes one structured line per request with id, operation, type, status, duration and caller', async () => {
    const admin = await signedIn('admin');
    const response = await worker()('query CountTags { tags { totalCount } }', {
      ...admin.headers,
      'x-request-id': 'log-test-0001',
    });
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.event === 'request');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      level: 'info',
      requestId: 'log-test-0001',
      method: 'POST',
      operation: 'CountTags',
      type: 'query',
      status: response.status,
      userId: admin.id,
    });
    expect(typeof requests[0].durationMs).toBe('number');
    expect(requests[0].d1Statements).toBe(statementsIn(response));
  });

  it('keeps operations slower than the threshold in the event log, readable by admins', async () => {
    const request = worker(defineConfig({ ...fixture, logging: { slowMs: 0 } }));
    await request('query SlowOne { tags { totalCount } }', { 'x-request-id': 'slow-test-0001' });
    const row = await env.DB.prepare(`SELECT * FROM cms_event_log WHERE request_id = 'slow-test-0001'`).first<
      Record<string, unknown>
    >();
    expect(row).toMatchObject({ kind: 'slow', event: 'slow_operation', operation: 'SlowOne' });

    const admin = await signedIn('admin');
    const body = (await (
      await request(
        `{ eventLog(kind: SLOW, first: 100) { kind event operation requestId durationMs at } }`,
        admin.headers,
      )
    ).json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.eventLog).toContainEqual(
      expect.objectContaining({
        kind: 'SLOW',
        event: 'slow_operation',
        operation: 'SlowOne',
        requestId: 'slow-test-0001',
      }),
    );
  });

  const requestLines = () => lines.map((l) => JSON.parse(l)).filter((l) => l.event === 'request');

  it('writes no request line with logging.requests false, and still keeps slow operations', async () => {
    const quiet = worker(defineConfig({ ...fixture, logging: { requests: false, slowMs: 0 } }));
    await quiet('query Quiet { tags { totalCount } }', { 'x-request-id': 'quiet-test-0001' });
    expect(requestLines()).toEqual([]);
    const row = await env.DB.prepare(`SELECT event FROM cms_event_log WHERE request_id = 'quiet-test-0001'`).first();
    expect(row).toEqual({ event: 'slow_operation' });
  });

  it('lets LOG_REQUESTS replace logging.requests per environment, ignoring other values with one warning', async () => {
    await worker(fixture, { LOG_REQUESTS: 'off' })('query Off { __typename }');
    expect(requestLines()).toEqual([]);
    await worker(defineConfig({ ...fixture, logging: { requests: false } }), { LOG_REQUESTS: 'on' })(
      'query On { __typename }',
    );
    expect(requestLines()).toMatchObject([{ operation: 'On' }]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const odd = worker(fixture, { LOG_REQUESTS: 'sometimes' });
    await odd('query Odd { __typename }');
    await odd('query Odd { __typename }');
    // The repeat is a cache hit: no operation ran, and its line still names it.
    expect(requestLines().map((l) => [l.operation, l.type, l.cache])).toEqual([
      ['On', 'query', 'MISS database'],
      ['Odd', 'query', 'MISS database'],
      ['Odd', 'query', 'HIT memory'],
    ]);
    expect(warn.mock.calls.filter(([line]) => String(line).includes('log_requests_ignored'))).toHaveLength(1);
  });

  it('refuses a logging.requests that is not a boolean', () => {
    expect(() => buildCms(defineConfig({ ...fixture, logging: { requests: 'no' as never } }))).toThrow(
      /logging.requests must be true or false/,
    );
  });

  it('does not log fast operations as slow', async () => {
    await worker()('query FastOne { __typename }', { 'x-request-id': 'fast-test-0001' });
    expect(await env.DB.prepare(`SELECT * FROM cms_event_log WHERE request_id = 'fast-test-0001'`).first()).toBeNull();
  });
});

describe('the event log', () => {
  it('is for admins only', async () => {
    const request = worker();
    const anonymous = (await (await request('{ eventLog { id } }')).json()) as any;
    expect(anonymous.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const editor = await signedIn('editor');
    const denied = (await (await request('{ eventLog { id } }', editor.headers)).json()) as any;
    expect(denied.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('pages newest first, filters by kind and event, and bounds the page', async () => {
    const ctx = createExecutionContext();
    for (const n of [1, 2, 3])
      recordEvent(
        { env, waitUntil: (p) => ctx.waitUntil(p) },
        { kind: 'security', event: 'paging_probe', detail: { n } },
      );
    await waitOnExecutionContext(ctx);
    const admin = await signedIn('admin');
    const request = worker();
    const page = async (args: string) =>
      (await (await request(`{ eventLog(${args}) { id event detail } }`, admin.headers)).json()) as any;
    const first = await page('kind: SECURITY, event: "paging_probe", first: 2');
    expect(first.data.eventLog.map((e: any) => e.detail.n)).toEqual([3, 2]);
    const next = await page(`kind: SECURITY, event: "paging_probe", first: 2, before: "${first.data.eventLog[1].id}"`);
    expect(next.data.eventLog.map((e: any) => e.detail.n)).toEqual([1]);
    expect((await page('first: 101')).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it(`stays bounded at ${EVENT_LOG_LIMIT} rows`, async () => {
    // Fill to the bound with one statement, then one more event prunes the oldest.
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${EVENT_LOG_LIMIT})
       INSERT INTO cms_event_log (at, kind, event) SELECT ${Date.now()}, 'security', 'filler' FROM n`,
    ).run();
    const ctx = createExecutionContext();
    recordEvent({ env, waitUntil: (p) => ctx.waitUntil(p) }, { kind: 'security', event: 'bound_probe' });
    await waitOnExecutionContext(ctx);
    const { n } = (await env.DB.prepare('SELECT count(*) AS n FROM cms_event_log').first<{ n: number }>())!;
    expect(n).toBe(EVENT_LOG_LIMIT);
    expect(await env.DB.prepare(`SELECT id FROM cms_event_log WHERE event = 'bound_probe'`).first()).not.toBeNull();
  });
});
