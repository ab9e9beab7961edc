import { describe, expect, it } from 'vitest';
import { workerIn } from './helpers';

// Request errors graphql-js raises without a code (variables that don't coerce, an operation the schema can't run)
// get BAD_USER_INPUT, in both profiles, under either JSON media type (the status stays Yoga's: 200 or 400).
const post = (fetch: ReturnType<typeof workerIn>, body: unknown, accept = 'application/json') =>
  fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify(body),
  });

const CASES: [string, unknown][] = [
  ['a string for an Int', { query: 'query($n: Int) { posts(first: $n) { totalCount } }', variables: { n: 'x' } }],
  ['an Int out of 32 bits', { query: 'query($n: Int) { posts(first: $n) { totalCount } }', variables: { n: 2 ** 31 } }],
  ['a missing required variable', { query: 'query($s: String!) { post(where: { slug: $s }) { id } }', variables: {} }],
  [
    'null for a non-null variable',
    { query: 'query($s: String!) { post(where: { slug: $s }) { id } }', variables: { s: null } },
  ],
  [
    'a list for an input object',
    { query: 'query($w: PostWhereInput) { posts(where: $w) { totalCount } }', variables: { w: [1] } },
  ],
  ['a subscription', { query: 'subscription { __typename }' }],
];

describe('request errors carry a code', () => {
  for (const profile of ['development', 'production']) {
    for (const [name, body] of CASES) {
      it(`${name} is BAD_USER_INPUT in ${profile}`, async () => {
        const fetch = workerIn(profile);
        for (const accept of ['application/json', 'application/graphql-response+json']) {
          const response = await post(fetch, body, accept);
          expect([200, 400]).toContain(response.status);
          const result = (await response.json()) as { data?: unknown; errors: { extensions?: { code?: string } }[] };
          expect(result.data).toBeUndefined();
          expect(result.errors.map((e) => e.extensions?.code)).toEqual(result.errors.map(() => 'BAD_USER_INPUT'));
        }
      });
    }
  }

  it('leaves the codes of parse and validation errors as Yoga gives them', async () => {
    const fetch = workerIn('production');
    const parse = (await (await post(fetch, { query: '{ posts(' })).json()) as {
      errors: { extensions: { code: string } }[];
    };
    expect(parse.errors[0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const validation = (await (await post(fetch, { query: '{ nope }' })).json()) as {
      errors: { extensions: { code: string } }[];
    };
    expect(validation.errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
