import { describe, expect, it } from 'vitest';
import { defineConfig } from '../src';
import fixture from './fixtures/config';
import { testWorker, workerIn } from './helpers';

const post = (query: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
  body: JSON.stringify({ query }),
});

// Reading tags runs SQL against a table that does not exist: it fails inside the database driver, an error nobody
// expected (the bootstrap's model check passes, so the failure happens during the request).
const broken = defineConfig({
  ...fixture,
  collections: fixture.collections.map((c) =>
    c.name === 'Tag'
      ? {
          ...c,
          hooks: {
            beforeRead: async ({ ctx }) => void (await ctx.env.DB.prepare('select * from "ghost_archive"').all()),
          },
        }
      : c,
  ),
});

describe('GET /graphql for a browser', () => {
  it('serves GraphiQL in development', async () => {
    const response = await testWorker().fetch('/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<title>Edge CMS</title>');
    expect(html.toLowerCase()).toContain('graphiql');
  });

  it('does not serve GraphiQL in production', async () => {
    const response = await workerIn('production')('/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).not.toBe(200);
    expect(response.headers.get('content-type') ?? '').not.toContain('text/html');
    expect((await response.text()).toLowerCase()).not.toContain('graphiql');
  });

  it('still answers GraphQL over GET in production', async () => {
    const response = await workerIn('production')('/graphql?query=%7B__typename%7D', {
      headers: { accept: 'application/json' },
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('GraphQL over GET', () => {
  it('runs queries only: a mutation is refused and writes nothing', async () => {
    const w = testWorker();
    const query = encodeURIComponent('mutation { createTag(data: { name: "via-get" }) { id } }');
    const response = await w.fetch(`/graphql?query=${query}`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(405);
    const { tags } = await w.data(`{ tags(where: { name: { equals: "via-get" } }) { totalCount } }`);
    expect(tags.totalCount).toBe(0);
  });
});

describe('GET /health', () => {
  it('answers ok without touching the database', async () => {
    // No DB binding at all: a health check that queried it would fail.
    const response = await workerIn('production', fixture, { DB: undefined })('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('other paths', () => {
  it('answer a JSON 404', async () => {
    const response = await testWorker().fetch('/nope', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('NOT_FOUND');
    expect(body.errors[0]?.message).toContain('/graphql');
  });
});

describe('X-Request-Id', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const paths: Array<[string, string, RequestInit | undefined]> = [
    ['GraphQL', '/graphql', post('{ __typename }')],
    ['GraphiQL', '/graphql', { headers: { accept: 'text/html' } }],
    ['a malformed request', '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }],
    ['health', '/health', undefined],
    ['a 404', '/nope', undefined],
  ];

  it.each(paths)('is on every response: %s', async (_, path, init) => {
    const response = await testWorker().fetch(path, init);
    expect(response.headers.get('x-request-id')).toMatch(UUID);
  });

  it.each(paths)('honours a well-formed incoming id: %s', async (_, path, init) => {
    const headers = new Headers(init?.headers);
    headers.set('x-request-id', 'edge-test.0001:abc');
    const response = await testWorker().fetch(path, { ...init, headers });
    expect(response.headers.get('x-request-id')).toBe('edge-test.0001:abc');
  });

  it('replaces an incoming id that is not well formed', async () => {
    for (const bad of ['short', 'has spaces in it', 'x'.repeat(200), '<script>alert(1)</script>']) {
      const response = await testWorker().fetch('/graphql', post('{ __typename }', { 'x-request-id': bad }));
      expect(response.headers.get('x-request-id')).toMatch(UUID);
    }
  });

  it('differs between requests', async () => {
    const w = testWorker();
    const [a, b] = await Promise.all([w.fetch('/health'), w.fetch('/health')]);
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });
});

describe('unexpected errors', () => {
  it('are masked in production: no message, stack or SQL', async () => {
    const response = await workerIn('production', broken)('/graphql', post('{ tags { totalCount nodes { name } } }'));
    const text = await response.text();
    const body = JSON.parse(text) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.message).toBe('Unexpected error.');
    expect(body.errors[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(text).not.toMatch(/select |from "|stack|sqlite|drizzle|originalError/i);
  });

  it('show their cause in development, where the developer needs it', async () => {
    const response = await workerIn('development', broken)('/graphql', post('{ tags { totalCount } }'));
    const body = (await response.json()) as {
      errors: Array<{ extensions: { code: string; originalError?: { message: string } } }>;
    };
    expect(body.errors[0]?.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(body.errors[0]?.extensions.originalError?.message).toMatch(/ghost_archive/);
  });

  it('are masked under any ENVIRONMENT other than development', async () => {
    const response = await workerIn('staging', broken)('/graphql', post('{ tags { totalCount } }'));
    expect(await response.text()).not.toMatch(/originalError|select|stack/i);
  });
});
