import { beforeAll, describe, expect, it } from 'vitest';
import { codes, testWorker } from './helpers';
import { seedBlog } from './reads-seed';

// Legal filters that bind more than D1's 100 parameters: lists are one JSON parameter (json_each), an OR of one
// field's conditions is one list, and what is still too large for one statement is BAD_USER_INPUT, never a 500.

const fakes = (n: number, prefix = 'nope') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(seedBlog);

describe('filters with long lists', () => {
  const w = testWorker();
  const ids = async (where: unknown) => {
    const { body } = await w.gql(
      'query Q($w: PostWhereInput) { posts(where: $w, orderBy: [{ id: asc }]) { nodes { id } } }',
      { w: where },
    );
    expect(body.errors).toBeUndefined();
    return body.data.posts.nodes.map((n: { id: string }) => n.id);
  };

  it('two `in` lists of 90 values, and `notIn` of 500', async () => {
    expect(
      await ids({ id: { in: ['p1', 'p3', 'p4', ...fakes(87)] }, slug: { in: ['alpha', 'gamma', ...fakes(88)] } }),
    ).toEqual(['p1', 'p3']);
    expect(await ids({ id: { notIn: ['p1', ...fakes(499)] } })).toEqual(['p2', 'p3', 'p4', 'p5']);
    expect(await ids({ title: { in: ['ALPHA', ...fakes(200)], mode: 'insensitive' } })).toEqual(['p1', 'p5']);
    expect(await ids({ NOT: [{ id: { in: ['p1', ...fakes(200)] } }] })).toEqual(['p2', 'p3', 'p4', 'p5']);
  });

  it('an OR of 300 `contains`, and of 300 `equals`, also beneath NOT', async () => {
    const contains = ['lph', ...fakes(299)].map((c) => ({ title: { contains: c } }));
    expect(await ids({ OR: contains })).toEqual(['p1', 'p5']);
    expect(await ids({ NOT: [{ OR: contains }] })).toEqual(['p2', 'p3', 'p4']);
    const insensitive = ['LPH', ...fakes(299)].map((c) => ({ title: { contains: c, mode: 'insensitive' } }));
    expect(await ids({ OR: [...insensitive, { views: { equals: 0 } }] })).toEqual(['p1', 'p4', 'p5']);
    const views = [20, ...Array.from({ length: 299 }, (_, i) => 1000 + i)].map((v) => ({ views: { equals: v } }));
    expect(await ids({ OR: views })).toEqual(['p2', 'p3']);
    const edges = ['Al', ...fakes(299)].map((c) => ({ title: { startsWith: c } }));
    expect(await ids({ OR: [...edges, ...['ma', ...fakes(299)].map((c) => ({ title: { endsWith: c } }))] })).toEqual([
      'p1',
      'p3',
      'p5',
    ]);
  });

  it('compares numbers, floats, dates and enums through the JSON list as stored', async () => {
    expect(await ids({ views: { in: [10, ...Array.from({ length: 200 }, (_, i) => 5000 + i)] } })).toEqual([
      'p1',
      'p5',
    ]);
    expect(await ids({ rating: { in: [4.5, 3, 99.25] } })).toEqual(['p1', 'p3']);
    expect(await ids({ rating: { notIn: [4.5] } })).toEqual(['p2', 'p3', 'p4', 'p5']);
    expect(await ids({ createdAt: { in: [iso(1000), iso(3000), iso(99_000)] } })).toEqual(['p1', 'p3']);
    expect(await ids({ publishedAt: { in: [iso(1500)] } })).toEqual(['p1']);
    expect(await ids({ status: { in: ['PUBLISHED', 'ARCHIVED'] } })).toEqual(['p1', 'p3', 'p4']);
    expect(await ids({ OR: [{ createdAt: { equals: iso(2000) } }, { createdAt: { equals: iso(4000) } }] })).toEqual([
      'p2',
      'p4',
    ]);
  });

  it('long lists in relation filters, to-one and to-many', async () => {
    expect(await ids({ tags: { some: { slug: { in: ['graphql', ...fakes(200)] } } } })).toEqual(['p1', 'p2']);
    expect(
      await ids({ tags: { none: { OR: ['Drizzle', ...fakes(200)].map((name) => ({ name: { equals: name } })) } } }),
    ).toEqual(['p1', 'p2', 'p4']);
    expect(
      await ids({ author: { name: { in: ['Grace', ...fakes(150)] } }, id: { in: ['p3', 'p5', ...fakes(150)] } }),
    ).toEqual(['p3', 'p5']);
  });

  it('is BAD_USER_INPUT when one statement still cannot hold the filter, and past 1000 values in a list', async () => {
    const query = 'query Q($w: PostWhereInput) { posts(where: $w) { nodes { id } } }';
    const wide = await w.gql(query, { w: { OR: Array.from({ length: 200 }, (_, i) => ({ views: { gt: i } })) } });
    expect(codes(wide.body)).toEqual(['BAD_USER_INPUT']);
    const long = await w.gql(query, { w: { OR: fakes(1001).map((c) => ({ title: { contains: c } })) } });
    expect(codes(long.body)).toEqual(['BAD_USER_INPUT']);
  });
});
