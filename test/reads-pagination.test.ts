import { beforeAll, describe, expect, it } from 'vitest';
import { codes, testWorker } from './helpers';
import { seedBlog } from './reads-seed';

const w = testWorker();
beforeAll(seedBlog);

interface Page {
  totalCount: number;
  edges: Array<{ cursor: string; node: { id: string } }>;
  nodes: Array<{ id: string }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const PAGE = `totalCount edges { cursor node { id } } nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;

async function page(args: Record<string, unknown>): Promise<Page> {
  const d = await w.data(
    `query ($where: PostWhereInput, $orderBy: [PostOrderByInput!], $first: Int, $after: String, $last: Int, $before: String, $skip: Int) {
      posts(where: $where, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before, skip: $skip) { ${PAGE} }
    }`,
    args,
  );
  const p = d.posts as Page;
  // nodes and edges are the same items, and the page's cursors are its first and last edges'
  expect(p.nodes.map((n) => n.id)).toEqual(p.edges.map((e) => e.node.id));
  expect(p.pageInfo.startCursor).toBe(p.edges[0]?.cursor ?? null);
  expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)?.cursor ?? null);
  return p;
}

const ids = (p: Page) => p.nodes.map((n) => n.id);

/** Walks a whole list forwards with first/after, checking each page's flags; returns every id in order. */
async function walkForward(orderBy: unknown, size: number, where?: unknown) {
  const seen: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 20; i++) {
    const p = await page({ orderBy, first: size, after, where });
    seen.push(...ids(p));
    expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
    if (!p.pageInfo.hasNextPage) return seen;
    expect(p.nodes).toHaveLength(size);
    after = p.pageInfo.endCursor;
  }
  throw new Error('did not reach the end');
}

/** Walks a whole list backwards with last/before; returns every id in list order. */
async function walkBackward(orderBy: unknown, size: number, where?: unknown) {
  const seen: string[] = [];
  let before: string | null = null;
  for (let i = 0; i < 20; i++) {
    const p = await page({ orderBy, last: size, before, where });
    seen.unshift(...ids(p));
    expect(p.pageInfo.hasNextPage).toBe(before !== null);
    if (!p.pageInfo.hasPreviousPage) return seen;
    expect(p.nodes).toHaveLength(size);
    before = p.pageInfo.startCursor;
  }
  throw new Error('did not reach the start');
}

// views: p1 10, p2 20, p3 20, p4 0, p5 10; titles p1 Alpha, p2 beta, p3 Gamma, p4 delta, p5 Alpha;
// rating: p1 4.5, p3 3, p4 1.5, p2 and p5 null (SQLite puts nulls first ascending, last descending).
const ORDERS: Array<[string, unknown, string[]]> = [
  ['default (newest first)', undefined, ['p5', 'p4', 'p3', 'p2', 'p1']],
  ['createdAt asc', [{ createdAt: 'asc' }], ['p1', 'p2', 'p3', 'p4', 'p5']],
  ['views asc, ties by id asc', [{ views: 'asc' }], ['p4', 'p1', 'p5', 'p2', 'p3']],
  ['views desc, ties by id desc', [{ views: 'desc' }], ['p3', 'p2', 'p5', 'p1', 'p4']],
  ['views desc then title asc', [{ views: 'desc' }, { title: 'asc' }], ['p3', 'p2', 'p1', 'p5', 'p4']],
  ['title asc then views desc', [{ title: 'asc' }, { views: 'desc' }], ['p5', 'p1', 'p3', 'p2', 'p4']],
  ['title desc then createdAt asc', [{ title: 'desc' }, { createdAt: 'asc' }], ['p4', 'p2', 'p3', 'p1', 'p5']],
  ['rating asc (nulls first)', [{ rating: 'asc' }], ['p2', 'p5', 'p4', 'p3', 'p1']],
  ['rating desc (nulls last)', [{ rating: 'desc' }], ['p1', 'p3', 'p4', 'p5', 'p2']],
  ['excerpt desc then views asc', [{ excerpt: 'desc' }, { views: 'asc' }], ['p4', 'p3', 'p1', 'p5', 'p2']],
  ['publishedAt asc then id desc', [{ publishedAt: 'asc' }, { id: 'desc' }], ['p5', 'p4', 'p2', 'p1', 'p3']],
  ['status asc then id asc', [{ status: 'asc' }, { id: 'asc' }], ['p4', 'p2', 'p5', 'p1', 'p3']],
  ['featured desc', [{ featured: 'desc' }], ['p4', 'p1', 'p5', 'p3', 'p2']],
];

describe('ordering', () => {
  it.each(ORDERS)('%s', async (_name, orderBy, expected) => {
    expect(ids(await page({ orderBy, first: 10 }))).toEqual(expected);
  });

  it('rejects an orderBy entry naming no field or two fields', async () => {
    const none = await w.gql(`{ posts(orderBy: [{}]) { nodes { id } } }`);
    expect(codes(none.body)).toEqual(['BAD_USER_INPUT']);
    const two = await w.gql(`{ posts(orderBy: [{title: asc, views: desc}]) { nodes { id } } }`);
    expect(codes(two.body)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('cursor pagination', () => {
  it.each(ORDERS)('first/after walks %s exactly once, at every page size', async (_name, orderBy, expected) => {
    for (const size of [1, 2, 3, 5]) expect(await walkForward(orderBy, size)).toEqual(expected);
  });

  it.each(ORDERS)('last/before walks %s exactly once, at every page size', async (_name, orderBy, expected) => {
    for (const size of [1, 2, 3, 5]) expect(await walkBackward(orderBy, size)).toEqual(expected);
  });

  it('walks a filtered list', async () => {
    const where = { views: { gte: 10 } };
    expect(await walkForward([{ views: 'asc' }], 1, where)).toEqual(['p1', 'p5', 'p2', 'p3']);
    expect(await walkBackward([{ views: 'asc' }], 3, where)).toEqual(['p1', 'p5', 'p2', 'p3']);
  });

  it('first page flags', async () => {
    const p = await page({ orderBy: [{ createdAt: 'asc' }], first: 2 });
    expect(ids(p)).toEqual(['p1', 'p2']);
    expect(p.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const all = await page({ orderBy: [{ createdAt: 'asc' }], first: 5 });
    expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    const none = await page({ where: { id: { equals: 'nope' } }, first: 5 });
    expect(none).toMatchObject({
      totalCount: 0,
      nodes: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it('last alone reads the end of the list, in list order', async () => {
    const p = await page({ orderBy: [{ createdAt: 'asc' }], last: 2 });
    expect(ids(p)).toEqual(['p4', 'p5']);
    expect(p.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const all = await page({ orderBy: [{ createdAt: 'asc' }], last: 5 });
    expect(ids(all)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('after and before together bound a window', async () => {
    const all = await page({ orderBy: [{ createdAt: 'asc' }], first: 5 });
    const cursor = (id: string) => all.edges.find((e) => e.node.id === id)!.cursor;
    const p = await page({ orderBy: [{ createdAt: 'asc' }], first: 10, after: cursor('p1'), before: cursor('p5') });
    expect(ids(p)).toEqual(['p2', 'p3', 'p4']);
    const q = await page({ orderBy: [{ createdAt: 'asc' }], last: 2, after: cursor('p1'), before: cursor('p5') });
    expect(ids(q)).toEqual(['p3', 'p4']);
  });

  it('cursors are stable: an item has the same cursor on every page that shows it', async () => {
    const orderBy = [{ views: 'desc' }, { title: 'asc' }];
    const all = await page({ orderBy, first: 5 });
    const byId = Object.fromEntries(all.edges.map((e) => [e.node.id, e.cursor]));
    expect(new Set(Object.values(byId)).size).toBe(5);
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const p = await page({ orderBy, first: 1, after });
      expect(p.edges[0]!.cursor).toBe(byId[p.edges[0]!.node.id]);
      after = p.pageInfo.endCursor;
    }
    const back = await page({ orderBy, last: 2 });
    for (const e of back.edges) expect(e.cursor).toBe(byId[e.node.id]);
    // an item that sorts last keeps its place after others: a cursor still works when its item is filtered out
    const rest = await page({ orderBy, first: 5, after: byId.p2, where: { id: { not: 'p2' } } });
    expect(ids(rest)).toEqual(['p1', 'p5', 'p4']);
  });

  it('rejects a cursor that is not one with BAD_USER_INPUT', async () => {
    const r = await w.gql(`{ posts(first: 2, after: "not-a-cursor") { nodes { id } } }`);
    expect(codes(r.body)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('skip', () => {
  it('offsets a page and reports the items before it', async () => {
    const p = await page({ orderBy: [{ createdAt: 'asc' }], first: 2, skip: 2 });
    expect(ids(p)).toEqual(['p3', 'p4']);
    expect(p.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(p.totalCount).toBe(5);
    const end = await page({ orderBy: [{ createdAt: 'asc' }], first: 2, skip: 4 });
    expect(ids(end)).toEqual(['p5']);
    expect(end.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const past = await page({ orderBy: [{ createdAt: 'asc' }], first: 2, skip: 10 });
    expect(ids(past)).toEqual([]);
    const zero = await page({ orderBy: [{ createdAt: 'asc' }], first: 2, skip: 0 });
    expect(ids(zero)).toEqual(['p1', 'p2']);
    expect(zero.pageInfo.hasPreviousPage).toBe(false);
  });

  it('combines with a filter and with after', async () => {
    const p = await page({ orderBy: [{ views: 'asc' }], where: { views: { gt: 0 } }, first: 10, skip: 1 });
    expect(ids(p)).toEqual(['p5', 'p2', 'p3']);
    expect(p.totalCount).toBe(4);
    const first = await page({ orderBy: [{ createdAt: 'asc' }], first: 1 });
    const q = await page({ orderBy: [{ createdAt: 'asc' }], first: 2, after: first.pageInfo.endCursor, skip: 1 });
    expect(ids(q)).toEqual(['p3', 'p4']);
  });

  it('skips from the end with last', async () => {
    const p = await page({ orderBy: [{ createdAt: 'asc' }], last: 2, skip: 1 });
    expect(ids(p)).toEqual(['p3', 'p4']);
    expect(p.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('applies to nested connections', async () => {
    const d = await w.data(`{
      post(where: {id: "p1"}) { tags(orderBy: [{name: asc}], skip: 1, first: 5) { totalCount nodes { name } pageInfo { hasNextPage hasPreviousPage } } }
      author(where: {id: "a1"}) { posts(orderBy: [{createdAt: asc}], skip: 1) { totalCount nodes { id } pageInfo { hasPreviousPage } } }
    }`);
    expect(d.post.tags).toEqual({
      totalCount: 2,
      nodes: [{ name: 'GraphQL' }],
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
    });
    expect(d.author.posts).toEqual({ totalCount: 2, nodes: [{ id: 'p2' }], pageInfo: { hasPreviousPage: true } });
  });

  it('rejects a negative skip or one past the limit with BAD_USER_INPUT', async () => {
    expect(codes((await w.gql(`{ posts(skip: -1) { nodes { id } } }`)).body)).toEqual(['BAD_USER_INPUT']);
    expect(codes((await w.gql(`{ posts(skip: 10001) { nodes { id } } }`)).body)).toEqual(['BAD_USER_INPUT']);
    expect(codes((await w.gql(`{ post(where: {id: "p1"}) { tags(skip: -1) { nodes { id } } } }`)).body)).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});

describe('totalCount', () => {
  it('counts every item matching the filter, not the page', async () => {
    expect((await page({ first: 1 })).totalCount).toBe(5);
    expect((await page({ first: 1, where: { views: { gte: 10 } } })).totalCount).toBe(4);
    expect((await page({ last: 1, where: { status: { equals: 'DRAFT' } } })).totalCount).toBe(2);
    // the cursor narrows the page, not the count
    const first = await page({ orderBy: [{ createdAt: 'asc' }], first: 1 });
    expect(
      (await page({ orderBy: [{ createdAt: 'asc' }], first: 1, after: first.pageInfo.endCursor })).totalCount,
    ).toBe(5);
  });

  it('can be read alone, root and nested', async () => {
    const d = await w.data(`{
      posts(where: {featured: {equals: true}}) { totalCount }
      tags(orderBy: [{createdAt: asc}]) { nodes { name posts(where: {status: {equals: PUBLISHED}}) { totalCount } } }
    }`);
    expect(d.posts.totalCount).toBe(2);
    expect(d.tags.nodes).toEqual([
      { name: 'GraphQL', posts: { totalCount: 1 } },
      { name: 'Edge', posts: { totalCount: 2 } },
      { name: 'Drizzle', posts: { totalCount: 1 } },
      { name: 'Unused', posts: { totalCount: 0 } },
    ]);
  });

  it('counts nested connections per parent with their filter, beyond the page', async () => {
    const d = await w.data(`{
      authors(orderBy: [{createdAt: asc}]) { nodes { id posts(first: 1, where: {views: {gte: 10}}) { totalCount nodes { id } pageInfo { hasNextPage } } } }
    }`);
    expect(
      d.authors.nodes.map((a: any) => [a.id, a.posts.totalCount, a.posts.nodes.length, a.posts.pageInfo.hasNextPage]),
    ).toEqual([
      ['a1', 2, 1, true],
      ['a2', 2, 1, true],
      ['a3', 0, 0, false],
    ]);
  });
});

describe('page size limits', () => {
  const lists = [
    ['root first', `{ posts(first: 101) { nodes { id } } }`],
    ['root last', `{ posts(last: 101) { nodes { id } } }`],
    ['nested first', `{ posts(first: 1) { nodes { tags(first: 101) { nodes { id } } } } }`],
    ['nested last', `{ posts(first: 1) { nodes { tags(last: 101) { nodes { id } } } } }`],
    ['reverse nested first', `{ author(where: {id: "a1"}) { posts(first: 101) { nodes { id } } } }`],
    ['root negative first', `{ posts(first: -1) { nodes { id } } }`],
    ['root negative last', `{ posts(last: -1) { nodes { id } } }`],
    ['nested negative first', `{ posts(first: 1) { nodes { tags(first: -1) { nodes { id } } } } }`],
    ['nested negative last', `{ tag(where: {id: "t1"}) { posts(last: -1) { nodes { id } } } }`],
    ['first and last together', `{ posts(first: 1, last: 1) { nodes { id } } }`],
  ];
  it.each(lists)('%s → BAD_USER_INPUT', async (_name, query) => {
    const r = await w.gql(query!);
    expect(codes(r.body)).toEqual(['BAD_USER_INPUT']);
  });

  it('accepts exactly 100, and defaults to 20', async () => {
    const d = await w.data(
      `{ posts(first: 100) { nodes { id } } tags(last: 100) { nodes { id } } x: posts { pageInfo { hasNextPage } } }`,
    );
    expect(d.posts.nodes).toHaveLength(5);
    expect(d.tags.nodes).toHaveLength(4);
    expect(d.x.pageInfo.hasNextPage).toBe(false);
  });
});
