import { beforeAll, describe, expect, it } from 'vitest';
import { CmsConfigError, defineConfig } from '../src';
import { buildCms } from '../src/build';
import { fitsInBytes } from '../src/security/response-size';
import fixture from './fixtures/config';
import { type GqlResult, workerIn } from './helpers';
import { seedBlog } from './reads-seed';

// One response is bounded in size: over `security.limits.maxResponseBytes` it is a clean error, and never cached.

const withLimit = (maxResponseBytes: number) =>
  defineConfig({ ...fixture, security: { limits: { maxResponseBytes } } });
const post = (query: string, accept = 'application/json'): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept },
  body: JSON.stringify({ query }),
});
const LIST = `{ ${Array.from({ length: 8 }, (_, i) => `a${i}: posts { nodes { id title slug excerpt createdAt } }`).join(' ')} }`;

beforeAll(seedBlog);

describe('the response size limit', () => {
  it('replaces a response over the limit with BAD_USER_INPUT, in both profiles and for both media types', async () => {
    for (const profile of ['development', 'production']) {
      const fetch = workerIn(profile, withLimit(1000));
      for (const accept of ['application/json', 'application/graphql-response+json']) {
        const response = await fetch('/graphql', post(LIST, accept));
        expect(response.status).toBe(200);
        const body = (await response.json()) as GqlResult;
        expect(body.data).toBeNull();
        expect(body.errors).toEqual([
          {
            message: 'The response is larger than the limit of 1000 bytes; ask for fewer items or fields',
            extensions: { code: 'BAD_USER_INPUT', limit: 'responseBytes' },
          },
        ]);
      }
      const small = (await (await fetch('/graphql', post('{ posts(first: 1) { nodes { id } } }'))).json()) as GqlResult;
      expect(small.errors).toBeUndefined();
    }
  });

  it('never caches a response over the limit', async () => {
    const fetch = workerIn('production', withLimit(1000));
    const query = LIST.replace('a0:', 'first:');
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch('/graphql', post(query));
      statuses.push(response.headers.get('x-cache-status'));
      expect(((await response.json()) as GqlResult).errors?.[0]?.extensions?.limit).toBe('responseBytes');
    }
    expect(statuses).not.toContain('HIT');
  });

  it('bounds introspection and signed-in responses too (not only cached ones)', async () => {
    const fetch = workerIn('development', withLimit(5000));
    const body = (await (
      await fetch('/graphql', post('{ __schema { types { name fields { name } } } }'))
    ).json()) as GqlResult;
    expect(body.errors?.[0]?.extensions?.limit).toBe('responseBytes');
  });

  it('has a default of 2 MiB, counts UTF-8 bytes, and refuses a limit of 0 when the config is built', () => {
    expect(buildCms(fixture).security.limits.maxResponseBytes).toBe(2 * 1024 * 1024);
    expect(fitsInBytes('é'.repeat(10), 20)).toBe(true);
    expect(fitsInBytes('é'.repeat(11), 20)).toBe(false);
    expect(fitsInBytes('€'.repeat(7), 20)).toBe(false);
    expect(() => buildCms(withLimit(0))).toThrow(CmsConfigError);
    expect(() => buildCms(withLimit(1.5))).toThrow(CmsConfigError);
  });
});
