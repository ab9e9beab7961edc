import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildCms } from '../src/build';
import { operationCost } from '../src/security/operation-cost';
import fixture from './fixtures/config';
import { type GqlResult, workerIn } from './helpers';

// Page sizes given as variables count like page sizes written in the document (issue 10).

const post = (query: string, variables?: Record<string, unknown>, accept = 'application/json'): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept },
  body: JSON.stringify({ query, variables }),
});

/** 15 aliased lists of posts, each with its tags: `size` is `$n` or a literal. */
const wide = (size: string, declared = '$n: Int') =>
  `query Wide${declared ? `(${declared})` : ''} { ${Array.from({ length: 15 }, (_, i) => `a${i}: posts(first: ${size}) { nodes { title tags(first: ${size}) { nodes { name } } } }`).join(' ')} }`;

async function send(fetch: ReturnType<typeof workerIn>, init: RequestInit) {
  const response = await fetch('/graphql', init);
  return { status: response.status, body: (await response.json()) as GqlResult };
}

describe('the cost limit with page sizes given as variables', () => {
  const fetch = workerIn('production');

  it('refuses `first: $n` with n = 100 exactly as `first: 100` in the document', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const literal = await send(fetch, post(wide('100', ''), {}, accept));
      const variable = await send(fetch, post(wide('$n'), { n: 100 }, accept));
      expect(literal.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'cost' });
      expect(variable.status).toBe(literal.status);
      expect(variable.body).toEqual(literal.body);
      expect(variable.body.data).toBeUndefined();
    }
  });

  it('counts defaults, `last`, nested connections and fragments', async () => {
    const rejected = async (query: string, variables?: Record<string, unknown>) =>
      expect((await send(fetch, post(query, variables))).body.errors?.[0]?.extensions?.limit).toBe('cost');
    await rejected(wide('$n', '$n: Int = 100'));
    await rejected(wide('$n', '$n: Int! = 1'), { n: 100 });
    await rejected(wide('$n').replaceAll('first:', 'last:'), { n: 100 });
    const nested =
      'query N($a: Int, $b: Int, $c: Int) { posts(first: $a) { nodes { tags(first: $b) { nodes { posts(first: $c) { nodes { title } } } } } } }';
    await rejected(nested, { a: 100, b: 100, c: 100 });
    const fragments =
      'query F($n: Int) { ...L } fragment L on Query { posts(first: $n) { nodes { ...T } } } fragment T on Post { tags(first: $n) { nodes { name } } }';
    await rejected(fragments, { n: 100 });
  });

  it('lets the same documents through with small page sizes, and leaves bad variables to the execution', async () => {
    const small = await send(fetch, post(wide('$n'), { n: 2 }));
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data?.a14?.nodes).toEqual([]);
    const wrongType = await send(fetch, post(wide('$n'), { n: 'many' }));
    expect(wrongType.body.errors?.[0]?.message).toMatch(/Int cannot represent/);
  });

  it('estimates like graphql-armor, with every page at the size it will have', () => {
    const { schema } = buildCms(fixture);
    const cost = (query: string, variables: Record<string, unknown> = {}) =>
      operationCost(schema, parse(query), undefined, variables, 20);
    const page = 2 + 1.5 * (2 + 1.5); // a connection's `nodes { id }`, per item
    expect(cost('{ posts(first: 100) { nodes { id } } }')).toBe(page * 100); // as armor counts it
    expect(cost('query($n: Int = 100) { posts(first: $n) { nodes { id } } }')).toBe(page * 100);
    expect(cost('query($n: Int) { posts(first: $n) { nodes { id } } }', { n: 0 })).toBe(page);
    // No size, or null, is the default page (armor counted one item).
    expect(cost('query($n: Int) { posts(first: $n) { nodes { id } } }', { n: null })).toBe(page * 20);
    expect(cost('{ posts { nodes { id } } }')).toBe(page * 20);
    expect(cost('{ posts(first: null) { nodes { id } } }')).toBe(page * 20);
    // Nested default pages multiply, through fragments and inline fragments too; objects that are not lists don't.
    const tags = (2 + 1.5 * (2 + 1.5)) * 20;
    expect(cost('{ posts(first: 1) { nodes { tags { nodes { name } } } } }')).toBe(2 + 1.5 * (2 + 1.5 * tags));
    expect(cost('{ posts(first: 1) { nodes { ...T } } } fragment T on Post { tags { nodes { name } } }')).toBe(
      2 + 1.5 * (2 + 1.5 * (1 + 1.5 * (2 + 1.5 * tags))),
    );
    expect(cost('{ posts(first: 1) { nodes { ... on Post { author { name } } } } }')).toBe(
      2 + 1.5 * (2 + 1.5 * (2 + 1.5 * (2 + 1.5))),
    );
  });

  it('refuses nested lists that ask for no size when their default pages multiply past the limit', async () => {
    const nested = (alias: string) =>
      `${alias}: posts(first: 50) { nodes { tags { nodes { posts { nodes { title } } } } } }`;
    const query = `{ ${['a', 'b'].map(nested).join(' ')} }`;
    const result = await send(fetch, post(query));
    expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'cost' });
    expect(result.body.data).toBeUndefined();
    // One default page of a list is well within the limit.
    const single = await send(fetch, post('{ posts { nodes { title tags { nodes { name } } } } }'));
    expect(single.body.errors).toBeUndefined();
  });
});
