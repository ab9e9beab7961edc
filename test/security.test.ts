import { env } from 'cloudflare:test';
import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { CmsConfigError, defineConfig } from '../src';
import { buildCms } from '../src/build';
import type { SecurityConfig } from '../src/types/security';
import fixture from './fixtures/config';
import { type GqlResult, workerIn } from './helpers';

const withSecurity = (security: SecurityConfig) => defineConfig({ ...fixture, security });

const json = (
  query: string,
  headers: Record<string, string> = {},
  variables?: Record<string, unknown>,
): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
  body: JSON.stringify({ query, variables }),
});

async function run(fetch: ReturnType<typeof workerIn>, query: string, headers: Record<string, string> = {}) {
  const response = await fetch('/graphql', json(query, headers));
  return { response, body: (await response.json()) as GqlResult };
}

let sequence = 0;
const requestId = () => `security-test-${Date.now()}-${++sequence}`;

async function eventsOf(id: string) {
  const { results } = await env.DB.prepare('select kind, event, detail from cms_event_log where request_id = ?')
    .bind(id)
    .all<{ kind: string; event: string; detail: string }>();
  return results.map((row) => ({
    kind: row.kind,
    event: row.event,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  }));
}

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;

describe('security headers', () => {
  const expectBaseHeaders = (headers: Headers) => {
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
  };

  it.each([
    ['GraphQL', '/graphql', json('{ __typename }')],
    ['a GraphQL error', '/graphql', json('{ nope }')],
    ['a malformed body', '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }],
    ['health', '/health', undefined],
    ['a 404', '/nope', undefined],
  ])('are on every JSON response: %s', async (_, path, init) => {
    for (const environment of ['development', 'production']) {
      const response = await workerIn(environment)(path, init);
      expectBaseHeaders(response.headers);
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      const hsts = response.headers.get('strict-transport-security');
      if (environment === 'production') expect(hsts).toBe('max-age=31536000; includeSubDomains');
      else expect(hsts).toBeNull(); // localhost stays reachable over plain HTTP
    }
  });

  it('give GraphiQL (development) a strict policy of its own: scripts and styles from the worker, never framed', async () => {
    const response = await workerIn('development')('/graphql', { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type')).toContain('text/html');
    expectBaseHeaders(response.headers);
    expect(response.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; script-src 'self'; style-src 'self' 'nonce-[A-Za-z0-9+/]{22}=='; connect-src 'self'; /,
    );
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('CORS', () => {
  const preflight = (origin: string, method = 'POST') => ({
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'content-type, authorization',
    },
  });

  it('in development, allows local frontends (any localhost port) with credentials', async () => {
    const fetch = workerIn('development');
    const response = await fetch('/graphql', preflight('http://localhost:5173'));
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(response.headers.get('access-control-max-age')).toBe('600');
    const actual = await fetch('/graphql', json('{ __typename }', { origin: 'http://127.0.0.1:3000' }));
    expect(actual.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(actual.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    expect(actual.headers.get('vary')).toContain('Origin');
  });

  it('in development, refuses other origins', async () => {
    const response = await workerIn('development')('/graphql', preflight('https://evil.example'));
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('in production, allows no origin by default', async () => {
    const fetch = workerIn('production');
    for (const origin of ['http://localhost:5173', 'https://app.example.com']) {
      const response = await fetch('/graphql', preflight(origin));
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const actual = await fetch('/graphql', json('{ __typename }', { origin }));
      expect(actual.headers.get('access-control-allow-origin')).toBeNull();
      expect(actual.headers.get('vary')).toContain('Origin');
    }
  });

  it('allows exactly the configured origins, with credentials when configured', async () => {
    const config = withSecurity({
      cors: { origins: ['https://app.example.com', 'https://admin.example.com'], credentials: true, maxAge: 60 },
    });
    const fetch = workerIn('production', config);
    const allowed = await fetch('/graphql', preflight('https://admin.example.com'));
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('access-control-max-age')).toBe('60');
    const actual = await fetch('/graphql', json('{ __typename }', { origin: 'https://app.example.com' }));
    expect(actual.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(await actual.json()).toEqual({ data: { __typename: 'Query' } });
    for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'http://app.example.com']) {
      const refused = await fetch('/graphql', preflight(origin));
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(refused.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('sends no credentials header unless configured', async () => {
    const fetch = workerIn('production', withSecurity({ cors: { origins: ['https://app.example.com'] } }));
    const response = await fetch('/graphql', preflight('https://app.example.com'));
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it("allows any origin with '*', never with credentials", async () => {
    const fetch = workerIn('production', withSecurity({ cors: { origins: '*' } }));
    const response = await fetch('/graphql', preflight('https://anyone.example'));
    expect(response.headers.get('access-control-allow-origin')).toBe('https://anyone.example');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(() => buildCms(withSecurity({ cors: { origins: '*', credentials: true } }))).toThrow(CmsConfigError);
  });

  it('takes CORS_ORIGINS over the config', async () => {
    const config = withSecurity({ cors: { origins: ['https://app.example.com'], credentials: true } });
    const fetch = workerIn('production', config, { CORS_ORIGINS: 'https://a.example, https://b.example/' });
    const b = await fetch('/graphql', preflight('https://b.example'));
    expect(b.headers.get('access-control-allow-origin')).toBe('https://b.example');
    const app = await fetch('/graphql', preflight('https://app.example.com'));
    expect(app.headers.get('access-control-allow-origin')).toBeNull();
    // '*' from the environment drops the configured credentials.
    const star = await workerIn('production', config, { CORS_ORIGINS: '*' })(
      '/graphql',
      preflight('https://c.example'),
    );
    expect(star.headers.get('access-control-allow-origin')).toBe('https://c.example');
    expect(star.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('rejects a configured origin that is not an origin', () => {
    for (const origin of [
      'app.example.com',
      'https://app.example.com/',
      'https://app.example.com/path',
      'ftp://x.example',
    ]) {
      expect(() => buildCms(withSecurity({ cors: { origins: [origin] } }))).toThrow(CmsConfigError);
    }
  });
});

describe('CSRF prevention', () => {
  const body = JSON.stringify({ query: 'mutation { createTag(data: { name: "csrf-tag" }) { id } }' });
  const form = () => {
    const data = new FormData();
    data.set('operations', body);
    data.set('map', '{}');
    return data;
  };
  const simple: Array<[string, () => RequestInit]> = [
    ['text/plain', () => ({ method: 'POST', headers: { 'content-type': 'text/plain' }, body })],
    [
      'a form',
      () => ({
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `query=${encodeURIComponent('mutation { createTag(data: { name: "csrf-tag" }) { id } }')}`,
      }),
    ],
    ['multipart', () => ({ method: 'POST', body: form() })],
    ['no content type', () => ({ method: 'POST', body: new Blob([body]) })],
  ];

  it.each(simple)('blocks a POST a page on another site could send without a preflight: %s', async (_, init) => {
    for (const environment of ['development', 'production']) {
      const id = requestId();
      const request = init();
      const response = await workerIn(environment)('/graphql', {
        ...request,
        headers: { ...(request.headers as object), origin: 'https://evil.example', 'x-request-id': id },
      });
      expect(response.status).toBe(403);
      const result = (await response.json()) as GqlResult;
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain('x-graphql-yoga-csrf');
      expect(await eventsOf(id)).toEqual([
        {
          kind: 'security',
          event: 'csrf_blocked',
          detail: expect.objectContaining({ origin: 'https://evil.example' }),
        },
      ]);
    }
    const { results } = await env.DB.prepare(`select id from tags where name = 'csrf-tag'`).all();
    expect(results).toHaveLength(0);
  });

  it('lets the same request through with a preflight header', async () => {
    const fetch = workerIn('development');
    for (const header of ['x-graphql-yoga-csrf', 'apollo-require-preflight']) {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', [header]: 'true' },
        body: `query=${encodeURIComponent('{ __typename }')}`,
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { data: unknown }).data).toEqual({ __typename: 'Query' });
    }
  });

  it('does not affect JSON POSTs or GET queries', async () => {
    const fetch = workerIn('production');
    expect((await fetch('/graphql', json('{ __typename }'))).status).toBe(200);
    const get = await fetch(`/graphql?query=${encodeURIComponent('{ tags(first: 1) { totalCount } }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(get.status).toBe(200);
    expect(((await get.json()) as GqlResult).errors).toBeUndefined();
  });
});

describe('document limits', () => {
  const expectRejected = (body: GqlResult, limit: string) => {
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', limit });
  };

  it('counts __typename aliases: 200 of them are refused, and logged', async () => {
    const fetch = workerIn('production');
    const id = requestId();
    const { response, body } = await run(fetch, aliases(200), { 'x-request-id': id });
    expect(response.status).toBe(200); // a validation error, never a 5xx
    expectRejected(body, 'aliases');
    expect(body.errors?.[0]?.message).toBe('Aliases limit of 15 exceeded, found 200.');
    expect(await eventsOf(id)).toEqual([
      {
        kind: 'security',
        event: 'document_rejected',
        detail: { limit: 'aliases', message: body.errors?.[0]?.message },
      },
    ]);
    expect((await run(fetch, aliases(15))).body.data).toHaveProperty('a14', 'Query');
  });

  it('is a 400 for a client asking for application/graphql-response+json', async () => {
    const response = await workerIn('production')(
      '/graphql',
      json(aliases(200), { accept: 'application/graphql-response+json' }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as GqlResult).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('limits depth, directives, tokens and cost', async () => {
    const fetch = workerIn('development');
    const deep =
      '{ posts { nodes { author { posts { nodes { author { posts { nodes { author { posts { nodes { title } } } } } } } } } } } }';
    expectRejected((await run(fetch, deep)).body, 'depth');
    expectRejected((await run(fetch, `{ ${'__typename @include(if: true) '.repeat(51)}}`)).body, 'directives');
    expectRejected((await run(fetch, `{ ${'__typename '.repeat(2001)}}`)).body, 'tokens');
    const costly =
      '{ posts(first: 100) { nodes { tags(first: 100) { nodes { posts(first: 100) { nodes { title } } } } } } }';
    expectRejected((await run(fetch, costly)).body, 'cost');
  });

  it('limits the nesting of variables: a deep where is refused, not a stack overflow', async () => {
    const fetch = workerIn('production');
    const nested = (levels: number) =>
      Array.from({ length: levels }).reduce<unknown>((inner) => ({ AND: [inner] }), { title: { equals: 'x' } });
    const query = 'query Q($w: PostWhereInput) { posts(where: $w) { totalCount } }';
    const deep = await fetch('/graphql', json(query, {}, { w: nested(3000) }));
    expect(deep.status).toBe(200);
    expectRejected((await deep.json()) as GqlResult, 'inputDepth');
    const fine = (await fetch('/graphql', json(query, {}, { w: nested(3) }))).json() as Promise<GqlResult>;
    expect((await fine).errors).toBeUndefined();
  });

  it('answers GET variables that are not JSON with a 400, not a 500', async () => {
    const response = await workerIn('production')(
      `/graphql?query=${encodeURIComponent('{ __typename }')}&variables=%7Bnot`,
      { headers: { accept: 'application/json' } },
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as GqlResult).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lets ordinary queries through: a full page with relations, and GraphiQL’s introspection in development', async () => {
    const fetch = workerIn('development');
    const page = `query FeaturedPosts {
      posts(where: { featured: { equals: true } }, orderBy: [{ publishedAt: desc }], first: 100) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id title } }
        nodes { title slug author { name } tags(first: 5, orderBy: [{ name: asc }]) { totalCount nodes { name } } }
      }
    }`;
    expect((await run(fetch, page)).body.errors).toBeUndefined();
    expect(
      (
        await run(
          fetch,
          getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }),
        )
      ).body.errors,
    ).toBeUndefined();
  });

  it('are configurable', async () => {
    const fetch = workerIn('production', withSecurity({ limits: { maxAliases: 250, maxDepth: 2 } }));
    expect((await run(fetch, aliases(200))).body.data).toHaveProperty('a199', 'Query');
    expectRejected((await run(fetch, '{ posts { nodes { title } } }')).body, 'depth');
  });
});

describe('request body limit', () => {
  const bigVariables = (bytes: number) => json('{ __typename }', {}, { padding: 'x'.repeat(bytes) });

  it('answers 413 BAD_USER_INPUT for a body over 100 KiB, and logs it', async () => {
    for (const environment of ['development', 'production']) {
      const id = requestId();
      const init = bigVariables(101 * 1024);
      const response = await workerIn(environment)('/graphql', {
        ...init,
        headers: { ...(init.headers as object), 'x-request-id': id },
      });
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = (await response.json()) as GqlResult;
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toContain('102400 bytes');
      expect(await eventsOf(id)).toEqual([
        { kind: 'security', event: 'body_too_large', detail: expect.objectContaining({ limit: 102400 }) },
      ]);
    }
    expect((await workerIn('production')('/graphql', bigVariables(99 * 1024))).status).toBe(200);
  });

  it('trusts no Content-Length: a chunked body is counted as it is read', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Endless whitespace: only a reader that stops at the limit ever answers.
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await workerIn('production')('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as GqlResult).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(sent).toBeLessThan(200 * 1024);
  });

  it('refuses by Content-Length before reading', async () => {
    const response = await workerIn('production')('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(500 * 1024) },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(413);
  });

  it('reads a body once: no second limiting stream around it', async () => {
    const fetch = workerIn('production');
    await fetch('/graphql', bigVariables(10)); // bootstrap
    const streams = vi.spyOn(globalThis, 'TransformStream');
    expect((await fetch('/graphql', bigVariables(1000))).status).toBe(200);
    expect(streams).not.toHaveBeenCalled();
    streams.mockRestore();
  });

  it('is configurable', async () => {
    const fetch = workerIn('production', withSecurity({ maxBodyBytes: 1000 }));
    expect((await fetch('/graphql', bigVariables(1200))).status).toBe(413);
    expect((await fetch('/graphql', bigVariables(500))).status).toBe(200);
  });
});

describe('introspection and suggestions', () => {
  const typeFields = '{ __type(name: "Post") { name kind fields { name } } }';

  it('are on in development', async () => {
    const fetch = workerIn('development');
    expect((await run(fetch, '{ __schema { queryType { name } } }')).body.data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    expect((await run(fetch, typeFields)).body.data?.__type.fields.length).toBeGreaterThan(3);
    expect((await run(fetch, '{ posts { nodes { titel } } }')).body.errors?.[0]?.message).toContain(
      'Did you mean "title"?',
    );
  });

  it('are off in production, logged; __typename and __type name/kind keep working', async () => {
    const fetch = workerIn('production');
    const id = requestId();
    const schema = await run(fetch, '{ __schema { types { name } } }', { 'x-request-id': id });
    expect(schema.response.status).toBe(200);
    expect(schema.body.data).toBeUndefined();
    expect(schema.body.errors?.[0]?.message).toBe('Introspection is disabled: "__schema" cannot be queried');
    expect(schema.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await eventsOf(id)).toEqual([
      { kind: 'security', event: 'introspection_blocked', detail: { field: '__schema' } },
    ]);

    // Through a fragment too.
    const viaFragment = await run(fetch, '{ __type(name: "Post") { ...T } } fragment T on __Type { fields { name } }');
    expect(viaFragment.body.errors?.[0]?.message).toBe('Introspection is disabled: "__Type.fields" cannot be queried');
    expect((await run(fetch, typeFields)).body.errors?.map((e) => e.message)).toEqual([
      'Introspection is disabled: "__Type.fields" cannot be queried',
    ]);
    expect((await run(fetch, '{ __typename __type(name: "Post") { name kind } }')).body).toEqual({
      data: { __typename: 'Query', __type: { name: 'Post', kind: 'OBJECT' } },
    });

    for (const query of [
      '{ posts { nodes { titel } } }',
      '{ posts(orderBy: [{ title: ascc }]) { totalCount } }',
      '{ postz { totalCount } }',
    ]) {
      const messages = (await run(fetch, query)).body.errors?.map((e) => e.message).join(' ');
      expect(messages).toBeTruthy();
      expect(messages).not.toMatch(/did you mean|title"|"asc"|"posts"/i);
    }
    // Variable values are checked after validation: their suggestions are hidden too.
    const variables = await fetch(
      '/graphql',
      json('query($w: PostWhereInput) { posts(where: $w) { totalCount } }', {}, { w: { titel: { equals: 'x' } } }),
    );
    expect(await variables.text()).not.toMatch(/did you mean/i);
  });

  it('can be turned on in production by configuration', async () => {
    const fetch = workerIn('production', withSecurity({ introspection: true }));
    expect((await run(fetch, '{ __schema { queryType { name } } }')).body.data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    expect((await run(fetch, '{ posts { nodes { titel } } }')).body.errors?.[0]?.message).toContain('Did you mean');
  });
});
