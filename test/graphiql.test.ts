import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY } from '../src/server/graphiql';
import { workerIn } from './helpers';

const page = { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } };

/** The `src` and `href` values of a page's script and link elements. */
const referenced = (html: string) =>
  [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);

/** The settings the page hands its script, from the JSON data block. */
function configOf(html: string) {
  const block = /<script id="graphiql-config" type="application\/json">([^<]*)<\/script>/.exec(html);
  expect(block).not.toBeNull();
  return JSON.parse(block![1]!) as { endpoint: string; defaultQuery: string; styleNonce: string };
}

describe('GraphiQL, served by the worker (development)', () => {
  const fetch = workerIn('development');

  it('is a page with the title, the sample query and no inline script', async () => {
    const response = await fetch('/graphql', page);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<title>Edge CMS</title>');
    const config = configOf(html);
    expect(config.endpoint).toBe('/graphql');
    expect(config.defaultQuery).toBe(DEFAULT_QUERY);
    expect(config.defaultQuery).toContain('query LatestPosts');
    // Every script is either a file of this origin or data the browser never runs.
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBe(2);
    for (const attributes of scripts) expect(attributes).toMatch(/\bsrc="\/|type="application\/json"/);
    expect(html).not.toMatch(/\son\w+=/i); // no inline event handlers either
  });

  it('loads nothing from outside the worker and carries its own strict policy, with a fresh style nonce', async () => {
    const first = await fetch('/graphql', page);
    const html = await first.text();
    expect(referenced(html).sort()).toEqual(['/graphiql/graphiql.css', '/graphiql/graphiql.js']);
    expect(html).not.toMatch(/(src|href)="[^"]*(https?:)?\/\//);
    const { styleNonce } = configOf(html);
    expect(first.headers.get('content-security-policy')).toBe(
      `default-src 'none'; script-src 'self'; style-src 'self' 'nonce-${styleNonce}'; connect-src 'self'; ` +
        "img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    const second = await fetch('/graphql', page);
    expect(configOf(await second.text()).styleNonce).not.toBe(styleNonce);
  });

  it('renders for a browser GET only: a JSON GET and a POST still reach GraphQL', async () => {
    const get = await fetch('/graphql?query=%7B__typename%7D', { headers: { accept: 'application/json' } });
    expect(await get.json()).toMatchObject({ data: { __typename: 'Query' } });
    const post = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html, application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.headers.get('content-type')).toContain('application/json');
  });

  it('serves the script and stylesheet the page names, from ASSETS, with the headers of any response', async () => {
    const html = await (await fetch('/graphql', page)).text();
    const types: Record<string, string> = { js: 'javascript', css: 'text/css' };
    for (const path of referenced(html)) {
      const response = await fetch(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toContain(types[path.split('.').pop()!]);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-request-id')).toBeTruthy();
      const body = await response.text();
      expect(body.length).toBeGreaterThan(10_000);
      // The bundle asks for nothing outside the page's origin: no fonts or styles from a CDN.
      if (path.endsWith('.css')) expect(body).not.toMatch(/url\(\s*["']?(https?:)?\/\/|@import/);
      const etag = response.headers.get('etag');
      expect(etag).toBeTruthy();
      const again = await fetch(path, { headers: { 'if-none-match': etag! } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
    }
    const head = await fetch('/graphiql/graphiql.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it.each([
    ['a file that is not there', '/graphiql/nope.js', undefined],
    ['the folder', '/graphiql/', undefined],
    ['a way out of the folder', '/graphiql/%2e%2e/wrangler.toml', undefined],
    ['an encoded slash', '/graphiql/..%2f..%2fpackage.json', undefined],
    ['a POST', '/graphiql/graphiql.js', { method: 'POST', body: 'x' }],
    ['a DELETE', '/graphiql/graphiql.js', { method: 'DELETE' }],
  ] as Array<[string, string, RequestInit | undefined]>)('answers the JSON 404 for %s', async (_, path, init) => {
    const response = await fetch(path, init);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('NOT_FOUND');
  });
});

describe('GraphiQL in production', () => {
  const fetch = workerIn('production');

  it('is off: no page, and its files are not served', async () => {
    const response = await fetch('/graphql', page);
    expect(response.headers.get('content-type') ?? '').not.toContain('text/html');
    expect((await response.text()).toLowerCase()).not.toContain('graphiql');
    for (const path of ['/graphiql/graphiql.js', '/graphiql/graphiql.css']) {
      const asset = await fetch(path);
      expect(asset.status, path).toBe(404);
      expect(await asset.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    }
  });
});
