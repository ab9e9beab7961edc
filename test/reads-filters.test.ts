import { beforeAll, describe, expect, it } from 'vitest';
import { codes, testWorker } from './helpers';
import { seedBlog } from './reads-seed';

const w = testWorker();
beforeAll(seedBlog);

/** The ids a `where` selects from a list, in created order. */
async function ids(where: unknown, list = 'posts', type = 'Post'): Promise<string[]> {
  const d = await w.data(
    `query ($where: ${type}WhereInput) { ${list}(where: $where, orderBy: [{createdAt: asc}], first: 100) { totalCount nodes { id } } }`,
    { where },
  );
  const found = d[list].nodes.map((n: { id: string }) => n.id);
  // The count is the same predicate run separately: it must agree with the rows.
  expect(d[list].totalCount).toBe(found.length);
  return found;
}

const insensitive = 'insensitive';

// Titles: p1 "Alpha", p2 "beta", p3 "Gamma", p4 "delta", p5 "Alpha". Byte order: "Alpha" < "Gamma" < "beta" < "delta".
describe('string operators (Post.title)', () => {
  it.each([
    [{ equals: 'Alpha' }, ['p1', 'p5']],
    [{ equals: 'alpha' }, []],
    [{ equals: 'alpha', mode: insensitive }, ['p1', 'p5']],
    [{ equals: 'alpha', mode: 'default' }, []],
    [{ not: 'Alpha' }, ['p2', 'p3', 'p4']],
    [{ not: 'alpha' }, ['p1', 'p2', 'p3', 'p4', 'p5']],
    [{ not: 'ALPHA', mode: insensitive }, ['p2', 'p3', 'p4']],
    [{ in: ['Alpha', 'beta'] }, ['p1', 'p2', 'p5']],
    [{ in: ['ALPHA', 'BETA'] }, []],
    [{ in: ['ALPHA', 'BETA'], mode: insensitive }, ['p1', 'p2', 'p5']],
    [{ in: [] }, []],
    [{ notIn: ['Alpha', 'beta'] }, ['p3', 'p4']],
    [{ notIn: ['ALPHA', 'GAMMA'], mode: insensitive }, ['p2', 'p4']],
    [{ notIn: [] }, ['p1', 'p2', 'p3', 'p4', 'p5']],
    [{ contains: 'lph' }, ['p1', 'p5']],
    [{ contains: 'LPH' }, []],
    [{ contains: 'LPH', mode: insensitive }, ['p1', 'p5']],
    [{ contains: '%' }, []],
    [{ contains: '_' }, []],
    [{ startsWith: 'A' }, ['p1', 'p5']],
    [{ startsWith: 'a' }, []],
    [{ startsWith: 'a', mode: insensitive }, ['p1', 'p5']],
    [{ startsWith: 'G', mode: insensitive }, ['p3']],
    [{ endsWith: 'ma' }, ['p3']],
    [{ endsWith: 'MA' }, []],
    [{ endsWith: 'MA', mode: insensitive }, ['p3']],
    [{ endsWith: 'ta' }, ['p2', 'p4']],
    [{ lt: 'beta' }, ['p1', 'p3', 'p5']],
    [{ lt: 'beta', mode: insensitive }, ['p1', 'p5']],
    [{ lte: 'beta' }, ['p1', 'p2', 'p3', 'p5']],
    [{ lte: 'BETA', mode: insensitive }, ['p1', 'p2', 'p5']],
    [{ gt: 'beta' }, ['p4']],
    [{ gt: 'BETA', mode: insensitive }, ['p3', 'p4']],
    [{ gte: 'beta' }, ['p2', 'p4']],
    [{ gte: 'BETA', mode: insensitive }, ['p2', 'p3', 'p4']],
    [{ startsWith: 'A', endsWith: 'a' }, ['p1', 'p5']],
    [{ gte: 'B', lt: 'e' }, ['p2', 'p3', 'p4']],
  ])('title %j → %j', async (filter, expected) => {
    expect(await ids({ title: filter })).toEqual(expected);
  });

  it('applies every operator of one object (AND), insensitive for all of them', async () => {
    expect(await ids({ title: { startsWith: 'a', endsWith: 'A', not: 'x', mode: insensitive } })).toEqual(['p1', 'p5']);
  });
});

describe('nullable fields: isNull and negation (Post.excerpt: p2 and p5 have none)', () => {
  it.each([
    [{ isNull: true }, ['p2', 'p5']],
    [{ isNull: false }, ['p1', 'p3', 'p4']],
    [{ equals: 'Third' }, ['p3']],
    // an item without a value is "not Third" too: `not` is the complement of `equals`
    [{ not: 'Third' }, ['p1', 'p2', 'p4', 'p5']],
    [{ notIn: ['Third', 'fourth'] }, ['p1', 'p2', 'p5']],
    [{ contains: 'o' }, ['p1', 'p4']],
  ])('excerpt %j → %j', async (filter, expected) => {
    expect(await ids({ excerpt: filter })).toEqual(expected);
  });

  it('NOT is the complement of its filter, items without a value included', async () => {
    expect(await ids({ NOT: [{ excerpt: { equals: 'Third' } }] })).toEqual(['p1', 'p2', 'p4', 'p5']);
    expect(await ids({ NOT: [{ excerpt: { contains: 'o' } }] })).toEqual(['p2', 'p3', 'p5']);
    expect(await ids({ NOT: [{ rating: { gt: 2 } }] })).toEqual(['p2', 'p4', 'p5']);
    expect(await ids({ NOT: [{ OR: [{ rating: { gt: 4 } }, { excerpt: { equals: 'fourth' } }] }] })).toEqual([
      'p2',
      'p3',
      'p5',
    ]);
    expect(await ids({ NOT: [{ NOT: [{ rating: { gt: 2 } }] }] })).toEqual(['p1', 'p3']);
  });

  it('isNull on numbers, booleans, dates and to-one relations', async () => {
    expect(await ids({ rating: { isNull: true } })).toEqual(['p2', 'p5']);
    expect(await ids({ rating: { isNull: false } })).toEqual(['p1', 'p3', 'p4']);
    expect(await ids({ publishedAt: { isNull: true } })).toEqual(['p2', 'p4', 'p5']);
    expect(await ids({ publishedAt: { isNull: false } })).toEqual(['p1', 'p3']);
    expect(await ids({ featured: { isNull: false } })).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });
});

// views: p1 10, p2 20, p3 20, p4 0, p5 10. rating: p1 4.5, p3 3, p4 1.5, others null.
describe('number operators', () => {
  it.each([
    ['views', { equals: 10 }, ['p1', 'p5']],
    ['views', { not: 10 }, ['p2', 'p3', 'p4']],
    ['views', { in: [0, 20] }, ['p2', 'p3', 'p4']],
    ['views', { notIn: [0, 20] }, ['p1', 'p5']],
    ['views', { lt: 10 }, ['p4']],
    ['views', { lte: 10 }, ['p1', 'p4', 'p5']],
    ['views', { gt: 10 }, ['p2', 'p3']],
    ['views', { gte: 10 }, ['p1', 'p2', 'p3', 'p5']],
    ['views', { gt: 0, lt: 20 }, ['p1', 'p5']],
    ['rating', { equals: 4.5 }, ['p1']],
    ['rating', { not: 4.5 }, ['p2', 'p3', 'p4', 'p5']],
    ['rating', { in: [1.5, 3] }, ['p3', 'p4']],
    ['rating', { notIn: [1.5, 3] }, ['p1', 'p2', 'p5']],
    ['rating', { lt: 3 }, ['p4']],
    ['rating', { lte: 3 }, ['p3', 'p4']],
    ['rating', { gt: 1.5 }, ['p1', 'p3']],
    ['rating', { gte: 1.5 }, ['p1', 'p3', 'p4']],
    ['version', { equals: 1 }, ['p1', 'p2', 'p3', 'p4', 'p5']],
    ['version', { gt: 1 }, []],
  ])('%s %j → %j', async (field, filter, expected) => {
    expect(await ids({ [field]: filter })).toEqual(expected);
  });
});

// createdAt: p<n> at n seconds after the epoch; publishedAt: p1 1.5s, p3 3.5s.
describe('date operators (DateTime input parsed from variables and literals)', () => {
  const t = (ms: number) => new Date(ms).toISOString();
  it.each([
    ['createdAt', { equals: t(2000) }, ['p2']],
    ['createdAt', { not: t(2000) }, ['p1', 'p3', 'p4', 'p5']],
    ['createdAt', { in: [t(1000), t(5000)] }, ['p1', 'p5']],
    ['createdAt', { notIn: [t(1000), t(5000)] }, ['p2', 'p3', 'p4']],
    ['createdAt', { lt: t(2000) }, ['p1']],
    ['createdAt', { lte: t(2000) }, ['p1', 'p2']],
    ['createdAt', { gt: t(4000) }, ['p5']],
    ['createdAt', { gte: t(4000) }, ['p4', 'p5']],
    // another offset names the same instant
    ['createdAt', { equals: '1970-01-01T01:00:03+01:00' }, ['p3']],
    ['updatedAt', { gte: t(3000), lt: t(5000) }, ['p3', 'p4']],
    ['publishedAt', { gt: t(2000) }, ['p3']],
    ['publishedAt', { lt: t(2000) }, ['p1']],
    ['publishedAt', { not: t(1500) }, ['p2', 'p3', 'p4', 'p5']],
  ])('%s %j → %j', async (field, filter, expected) => {
    expect(await ids({ [field]: filter })).toEqual(expected);
  });

  it('parses DateTime literals in the document', async () => {
    const d = await w.data(
      `{ posts(where: {createdAt: {gt: "1970-01-01T00:00:02.500Z"}}, orderBy: [{createdAt: asc}]) { nodes { id } } }`,
    );
    expect(d.posts.nodes.map((n: any) => n.id)).toEqual(['p3', 'p4', 'p5']);
  });

  it('rejects a DateTime without a time zone, or that is no date', async () => {
    const bad = await w.gql(`{ posts(where: {createdAt: {gt: "1970-01-01 00:00:02"}}) { nodes { id } } }`);
    expect(bad.body.errors?.[0]?.message).toMatch(/DateTime/);
    const viaVariable = await w.gql(`query ($w: PostWhereInput) { posts(where: $w) { nodes { id } } }`, {
      w: { createdAt: { gt: 'yesterday' } },
    });
    expect(viaVariable.body.errors?.[0]?.message).toMatch(/DateTime/);
    expect(viaVariable.body.data ?? null).toBeNull();
  });
});

describe('boolean, enum, id and status filters', () => {
  it.each([
    [{ featured: { equals: true } }, ['p1', 'p4']],
    [{ featured: { equals: false } }, ['p2', 'p3', 'p5']],
    [{ featured: { not: true } }, ['p2', 'p3', 'p5']],
    [{ featured: { not: false } }, ['p1', 'p4']],
    [{ status: { equals: 'PUBLISHED' } }, ['p1', 'p3']],
    [{ status: { not: 'DRAFT' } }, ['p1', 'p3', 'p4']],
    [{ status: { in: ['DRAFT', 'ARCHIVED'] } }, ['p2', 'p4', 'p5']],
    [{ status: { notIn: ['DRAFT', 'ARCHIVED'] } }, ['p1', 'p3']],
    [{ id: { equals: 'p3' } }, ['p3']],
    [{ id: { not: 'p3' } }, ['p1', 'p2', 'p4', 'p5']],
    [{ id: { in: ['p1', 'p4', 'nope'] } }, ['p1', 'p4']],
    [{ id: { notIn: ['p1', 'p4'] } }, ['p2', 'p3', 'p5']],
  ])('%j → %j', async (where, expected) => {
    expect(await ids(where)).toEqual(expected);
  });

  it('rejects an enum value that is not one of the options', async () => {
    const r = await w.gql(`{ posts(where: {status: {equals: LIVE}}) { nodes { id } } }`);
    expect(r.body.errors?.length).toBeGreaterThan(0);
  });
});

describe('AND / OR / NOT', () => {
  it.each([
    [{ AND: [{ views: { equals: 10 } }, { title: { equals: 'Alpha' } }] }, ['p1', 'p5']],
    [{ AND: [{ views: { equals: 10 } }, { status: { equals: 'DRAFT' } }] }, ['p5']],
    [{ OR: [{ views: { equals: 0 } }, { title: { equals: 'beta' } }] }, ['p2', 'p4']],
    [{ OR: [] }, []],
    [{ AND: [] }, ['p1', 'p2', 'p3', 'p4', 'p5']],
    [{ NOT: [] }, ['p1', 'p2', 'p3', 'p4', 'p5']],
    [{ NOT: [{ status: { equals: 'DRAFT' } }] }, ['p1', 'p3', 'p4']],
    // NOT takes a list: none of its entries may hold
    [{ NOT: [{ status: { equals: 'DRAFT' } }, { views: { equals: 0 } }] }, ['p1', 'p3']],
    [
      {
        OR: [
          { AND: [{ views: { equals: 20 } }, { status: { equals: 'PUBLISHED' } }] },
          { NOT: [{ views: { gt: 0 } }] },
        ],
      },
      ['p3', 'p4'],
    ],
    // fields beside AND/OR/NOT must hold too
    [{ title: { equals: 'Alpha' }, OR: [{ status: { equals: 'DRAFT' } }, { views: { gt: 100 } }] }, ['p5']],
    [{ views: { equals: 20 }, NOT: [{ title: { equals: 'beta' } }] }, ['p3']],
  ])('%j → %j', async (where, expected) => {
    expect(await ids(where)).toEqual(expected);
  });

  it('accepts NOT as a single object too (GraphQL list input coercion)', async () => {
    const d = await w.data(
      `{ posts(where: {NOT: {status: {equals: DRAFT}}}, orderBy: [{createdAt: asc}]) { nodes { id } } }`,
    );
    expect(d.posts.nodes.map((n: any) => n.id)).toEqual(['p1', 'p3', 'p4']);
  });

  it('rejects null operator values and null fields with BAD_USER_INPUT', async () => {
    expect(codes((await w.gql(`{ posts(where: {title: {equals: null}}) { nodes { id } } }`)).body)).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes((await w.gql(`{ posts(where: {title: null}) { nodes { id } } }`)).body)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('relation filters', () => {
  it('to-one: the related item matches', async () => {
    expect(await ids({ author: { name: { equals: 'Ada' } } })).toEqual(['p1', 'p2']);
    expect(await ids({ author: { name: { in: ['Ada', 'Grace'] }, bio: { isNull: true } } })).toEqual(['p3', 'p5']);
    expect(await ids({ author: { name: { equals: 'Linus' } } })).toEqual([]);
    expect(await ids({ NOT: [{ author: { name: { equals: 'Ada' } } }] })).toEqual(['p3', 'p4', 'p5']);
    expect(await ids({ OR: [{ author: { name: { equals: 'Ada' } } }, { views: { equals: 0 } }] })).toEqual([
      'p1',
      'p2',
      'p4',
    ]);
  });

  it('to-one: id, and items without a related item', async () => {
    expect(await ids({ author: { id: { equals: 'a2' } } })).toEqual(['p3', 'p5']);
    // an empty related filter asks for "has an author"
    expect(await ids({ author: {} })).toEqual(['p1', 'p2', 'p3', 'p5']);
    expect(await ids({ NOT: [{ author: {} }] })).toEqual(['p4']);
  });

  // Post.tags: p1 {GraphQL, Edge}, p2 {GraphQL}, p3 {Edge, Drizzle}, p4 {}, p5 {Drizzle}
  it.each([
    [{ some: { name: { equals: 'Edge' } } }, ['p1', 'p3']],
    [{ some: { name: { in: ['GraphQL', 'Drizzle'] } } }, ['p1', 'p2', 'p3', 'p5']],
    [{ some: {} }, ['p1', 'p2', 'p3', 'p5']],
    [{ none: { name: { equals: 'Edge' } } }, ['p2', 'p4', 'p5']],
    [{ none: {} }, ['p4']],
    // every holds for items without related items (p4)
    [{ every: { name: { equals: 'GraphQL' } } }, ['p2', 'p4']],
    [{ every: { name: { in: ['Edge', 'Drizzle'] } } }, ['p3', 'p4', 'p5']],
    [{ every: { name: { equals: 'Nope' } } }, ['p4']],
    [{ some: { name: { equals: 'Edge' } }, every: { name: { in: ['Edge', 'Drizzle'] } } }, ['p3']],
    [{ some: { name: { equals: 'GraphQL' } }, none: { name: { equals: 'Edge' } } }, ['p2']],
  ])('Post.tags %j → %j', async (filter, expected) => {
    expect(await ids({ tags: filter })).toEqual(expected);
  });

  it('every counts a related item whose field is null as not matching', async () => {
    // Grace (a2) has no bio; "every post's author has a bio" must not hold for posts by Grace.
    // Reverse: Author.posts, every post's excerpt equals "Third": Grace has p3 (Third) and p5 (no excerpt) → false.
    expect(await ids({ posts: { every: { excerpt: { equals: 'Third' } } } }, 'authors', 'Author')).toEqual(['a3']);
    expect(await ids({ posts: { every: { excerpt: { isNull: false } } } }, 'authors', 'Author')).toEqual(['a3']);
    expect(await ids({ posts: { every: { rating: { gt: 2 } } } }, 'authors', 'Author')).toEqual(['a3']);
  });

  it('reverse to-many: Author.posts some/every/none', async () => {
    expect(await ids({ posts: { some: { title: { equals: 'Gamma' } } } }, 'authors', 'Author')).toEqual(['a2']);
    expect(await ids({ posts: { some: {} } }, 'authors', 'Author')).toEqual(['a1', 'a2']);
    expect(await ids({ posts: { none: {} } }, 'authors', 'Author')).toEqual(['a3']);
    expect(await ids({ posts: { none: { status: { equals: 'PUBLISHED' } } } }, 'authors', 'Author')).toEqual(['a3']);
    expect(await ids({ posts: { every: { views: { gte: 10 } } } }, 'authors', 'Author')).toEqual(['a1', 'a2', 'a3']);
    expect(await ids({ posts: { every: { title: { equals: 'Alpha' } } } }, 'authors', 'Author')).toEqual(['a3']);
    expect(await ids({ posts: { every: { status: { in: ['PUBLISHED', 'DRAFT'] } } } }, 'authors', 'Author')).toEqual([
      'a1',
      'a2',
      'a3',
    ]);
  });

  it('reverse to-many through a join table: Tag.posts some/every/none', async () => {
    const tags = (where: unknown) => ids(where, 'tags', 'Tag');
    expect(await tags({ posts: { some: { title: { equals: 'Alpha' } } } })).toEqual(['t1', 't2', 't3']);
    expect(await tags({ posts: { some: { status: { equals: 'DRAFT' } } } })).toEqual(['t1', 't3']);
    expect(await tags({ posts: { none: { status: { equals: 'DRAFT' } } } })).toEqual(['t2', 't4']);
    expect(await tags({ posts: { every: { status: { equals: 'PUBLISHED' } } } })).toEqual(['t2', 't4']);
    expect(await tags({ posts: { none: {} } })).toEqual(['t4']);
  });

  it('relation filters nest across levels', async () => {
    // posts whose author wrote some post tagged Drizzle: Grace's p3 and p5
    expect(await ids({ author: { posts: { some: { tags: { some: { name: { equals: 'Drizzle' } } } } } } })).toEqual([
      'p3',
      'p5',
    ]);
    // tags carried by some post of Ada's
    expect(await ids({ posts: { some: { author: { name: { equals: 'Ada' } } } } }, 'tags', 'Tag')).toEqual([
      't1',
      't2',
    ]);
    expect(await ids({ tags: { some: { posts: { some: { id: { equals: 'p5' } } } } } })).toEqual(['p3', 'p5']);
  });

  it('filters nested connections: where, orderBy, first and totalCount per parent', async () => {
    const d = await w.data(`{
      posts(orderBy: [{createdAt: asc}], where: {id: {in: ["p1", "p3", "p4"]}}) {
        nodes {
          id
          tags(where: {name: {not: "GraphQL"}}, orderBy: [{name: asc}], first: 1) { totalCount nodes { name } pageInfo { hasNextPage } }
          all: tags(orderBy: [{name: desc}]) { totalCount nodes { name } }
        }
      }
    }`);
    expect(d.posts.nodes).toEqual([
      {
        id: 'p1',
        tags: { totalCount: 1, nodes: [{ name: 'Edge' }], pageInfo: { hasNextPage: false } },
        all: { totalCount: 2, nodes: [{ name: 'GraphQL' }, { name: 'Edge' }] },
      },
      {
        id: 'p3',
        tags: { totalCount: 2, nodes: [{ name: 'Drizzle' }], pageInfo: { hasNextPage: true } },
        all: { totalCount: 2, nodes: [{ name: 'Edge' }, { name: 'Drizzle' }] },
      },
      {
        id: 'p4',
        tags: { totalCount: 0, nodes: [], pageInfo: { hasNextPage: false } },
        all: { totalCount: 0, nodes: [] },
      },
    ]);
  });

  it('filters reverse connections: Author.posts and Tag.posts', async () => {
    const d = await w.data(`{
      authors(orderBy: [{name: asc}]) { nodes { name posts(where: {views: {gte: 10}}, orderBy: [{views: desc}]) { totalCount nodes { id } } } }
      tags(where: {name: {equals: "Drizzle"}}) { nodes { posts(orderBy: [{createdAt: desc}]) { totalCount nodes { id } } } }
    }`);
    expect(d.authors.nodes).toEqual([
      { name: 'Ada', posts: { totalCount: 2, nodes: [{ id: 'p2' }, { id: 'p1' }] } },
      { name: 'Grace', posts: { totalCount: 2, nodes: [{ id: 'p3' }, { id: 'p5' }] } },
      { name: 'Linus', posts: { totalCount: 0, nodes: [] } },
    ]);
    expect(d.tags.nodes).toEqual([{ posts: { totalCount: 2, nodes: [{ id: 'p5' }, { id: 'p3' }] } }]);
  });
});

describe('where limits', () => {
  it('rejects more than 1000 values in a list with BAD_USER_INPUT', async () => {
    const r = await w.gql(`query ($w: PostWhereInput) { posts(where: $w) { nodes { id } } }`, {
      w: { id: { in: Array.from({ length: 1001 }, (_, i) => `x${i}`) } },
    });
    expect(codes(r.body)).toEqual(['BAD_USER_INPUT']);
  });

  it('rejects filters nested deeper than the limit with BAD_USER_INPUT', async () => {
    let where: Record<string, unknown> = { id: { equals: 'p1' } };
    for (let i = 0; i < 10; i++) where = { AND: [where] };
    const r = await w.gql(`query ($w: PostWhereInput) { posts(where: $w) { nodes { id } } }`, { w: where });
    expect(codes(r.body)).toEqual(['BAD_USER_INPUT']);
  });
});
