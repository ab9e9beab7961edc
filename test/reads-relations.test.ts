import { beforeAll, describe, expect, it } from 'vitest';
import { codes, testWorker } from './helpers';
import { seedBlog } from './reads-seed';

const w = testWorker();
beforeAll(seedBlog);

describe('to-one relations', () => {
  it('reads the related item, or null when there is none', async () => {
    const d = await w.data(`{ posts(orderBy: [{createdAt: asc}]) { nodes { id author { id name email bio } } } }`);
    expect(d.posts.nodes).toEqual([
      { id: 'p1', author: { id: 'a1', name: 'Ada', email: 'ada@example.com', bio: 'Mathematician' } },
      { id: 'p2', author: { id: 'a1', name: 'Ada', email: 'ada@example.com', bio: 'Mathematician' } },
      { id: 'p3', author: { id: 'a2', name: 'Grace', email: null, bio: null } },
      { id: 'p4', author: null },
      { id: 'p5', author: { id: 'a2', name: 'Grace', email: null, bio: null } },
    ]);
  });
});

describe('to-many relations (Post.tags)', () => {
  it('reads every related item, newest first by default, with edges and cursors', async () => {
    const d = await w.data(
      `{ post(where: {id: "p1"}) { tags { totalCount edges { cursor node { id name } } nodes { id } pageInfo { hasNextPage hasPreviousPage } } } }`,
    );
    expect(d.post.tags.totalCount).toBe(2);
    expect(d.post.tags.edges.map((e: any) => e.node)).toEqual([
      { id: 't2', name: 'Edge' },
      { id: 't1', name: 'GraphQL' },
    ]);
    expect(d.post.tags.edges.every((e: any) => typeof e.cursor === 'string' && e.cursor.length > 0)).toBe(true);
    expect(d.post.tags.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false });
  });

  it('pages a nested connection forwards and backwards with cursors', async () => {
    const q = `query ($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
      post(where: {id: $id}) { tags(orderBy: [{name: asc}], first: $first, after: $after, last: $last, before: $before) {
        nodes { name } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`;
    const first = (await w.data(q, { id: 'p3', first: 1 })).post.tags;
    expect(first.nodes).toEqual([{ name: 'Drizzle' }]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = (await w.data(q, { id: 'p3', first: 1, after: first.pageInfo.endCursor })).post.tags;
    expect(second.nodes).toEqual([{ name: 'Edge' }]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const last = (await w.data(q, { id: 'p3', last: 1 })).post.tags;
    expect(last.nodes).toEqual([{ name: 'Edge' }]);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = (await w.data(q, { id: 'p3', last: 5, before: last.pageInfo.startCursor })).post.tags;
    expect(before.nodes).toEqual([{ name: 'Drizzle' }]);
    expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('pages a nested connection for every parent of a list at once', async () => {
    const d = await w.data(
      `{ posts(orderBy: [{createdAt: asc}]) { nodes { id tags(first: 1, orderBy: [{name: desc}]) { totalCount nodes { name } pageInfo { hasNextPage } } } } }`,
    );
    expect(
      d.posts.nodes.map((p: any) => [
        p.id,
        p.tags.nodes.map((t: any) => t.name),
        p.tags.totalCount,
        p.tags.pageInfo.hasNextPage,
      ]),
    ).toEqual([
      ['p1', ['GraphQL'], 2, true],
      ['p2', ['GraphQL'], 1, false],
      ['p3', ['Edge'], 2, true],
      ['p4', [], 0, false],
      ['p5', ['Drizzle'], 1, false],
    ]);
  });

  it('reads the same relation twice under aliases with different arguments', async () => {
    const d = await w.data(`{ post(where: {id: "p1"}) {
      graphql: tags(where: {name: {equals: "GraphQL"}}) { totalCount nodes { name } }
      edge: tags(where: {name: {equals: "Edge"}}) { totalCount nodes { name } }
    } }`);
    expect(d.post).toEqual({
      graphql: { totalCount: 1, nodes: [{ name: 'GraphQL' }] },
      edge: { totalCount: 1, nodes: [{ name: 'Edge' }] },
    });
  });
});

describe('reverse relations', () => {
  it('Author.posts: the posts whose author is this author', async () => {
    const d = await w.data(
      `{ authors(orderBy: [{createdAt: asc}]) { nodes { name posts(orderBy: [{createdAt: asc}]) { totalCount nodes { id author { name } } } } } }`,
    );
    expect(d.authors.nodes).toEqual([
      {
        name: 'Ada',
        posts: {
          totalCount: 2,
          nodes: [
            { id: 'p1', author: { name: 'Ada' } },
            { id: 'p2', author: { name: 'Ada' } },
          ],
        },
      },
      {
        name: 'Grace',
        posts: {
          totalCount: 2,
          nodes: [
            { id: 'p3', author: { name: 'Grace' } },
            { id: 'p5', author: { name: 'Grace' } },
          ],
        },
      },
      { name: 'Linus', posts: { totalCount: 0, nodes: [] } },
    ]);
  });

  it('Tag.posts: the posts carrying this tag, through the join table', async () => {
    // Three nested lists: each page sized (three default pages of 20 are over the cost limit).
    const d =
      await w.data(`{ tags(orderBy: [{createdAt: asc}], first: 5) { nodes { id posts(orderBy: [{createdAt: asc}], first: 5) {
      totalCount nodes { id tags(orderBy: [{createdAt: asc}], first: 5) { nodes { id } } } } } } }`);
    expect(d.tags.nodes.map((t: any) => [t.id, t.posts.totalCount, t.posts.nodes.map((p: any) => p.id)])).toEqual([
      ['t1', 2, ['p1', 'p2']],
      ['t2', 2, ['p1', 'p3']],
      ['t3', 2, ['p3', 'p5']],
      ['t4', 0, []],
    ]);
    expect(d.tags.nodes[0].posts.nodes[0].tags.nodes).toEqual([{ id: 't1' }, { id: 't2' }]);
  });

  it('pages a reverse connection through null ordering values with cursors', async () => {
    // Grace's posts by rating desc: p3 (3), p5 (no rating)
    const q = `query ($after: String) { author(where: {id: "a2"}) { posts(orderBy: [{rating: desc}], first: 1, after: $after) {
      nodes { id } pageInfo { hasNextPage endCursor } } } }`;
    const one = (await w.data(q)).author.posts;
    expect(one.nodes).toEqual([{ id: 'p3' }]);
    expect(one.pageInfo.hasNextPage).toBe(true);
    const two = (await w.data(q, { after: one.pageInfo.endCursor })).author.posts;
    expect(two.nodes).toEqual([{ id: 'p5' }]);
    expect(two.pageInfo.hasNextPage).toBe(false);
  });

  it('rejects a bad cursor in a nested connection with BAD_USER_INPUT', async () => {
    const r = await w.gql(`{ author(where: {id: "a1"}) { posts(first: 1, after: "zzz") { nodes { id } } } }`);
    expect(codes(r.body)).toEqual(['BAD_USER_INPUT']);
  });
});
