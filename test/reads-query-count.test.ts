import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCms } from '../src/build';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { countedRun, countingD1, warmUp } from './d1-counter';
import fixture from './fixtures/config';
import { seedBlog } from './reads-seed';

// The resolvers' path (compiled reads off): its statements are what these tests are about; the compiled path's are
// in test/compiled-reads.test.ts.
const handler = createHandler(buildCms(fixture), { compiledReads: false });
let admin: Promise<{ headers: Record<string, string> }>;

/** Runs a document as an admin against the worker with a counting D1, and returns its data and the statements it ran. */
async function run(query: string) {
  const { headers } = await (admin ??= signedIn('admin'));
  await warmUp(handler, headers);
  const { body, statements } = await countedRun(handler, query, headers);
  expect(body.errors).toBeUndefined();
  return { data: body.data, statements };
}

beforeAll(seedBlog);

describe('D1 statements per read', () => {
  it('the counting binding sees the statements it forwards', async () => {
    const { statements } = countingD1(env.DB);
    expect(statements).toHaveLength(0);
    const { db, statements: seen } = countingD1(env.DB);
    await db.prepare('select 1').first();
    await db.batch([db.prepare('select 1'), db.prepare('select 2')]);
    expect(seen).toHaveLength(3);
  });

  it('a 3-level nested read (list → to-one → to-many, and a to-many beside it) is exactly 1 statement', async () => {
    const { data, statements } = await run(`{
      posts(first: 10, orderBy: [{createdAt: asc}]) {
        nodes { title author { name posts { nodes { title } } } tags { nodes { name } } }
      }
    }`);
    expect(statements).toHaveLength(1);
    // and the one statement answered all of it
    expect(data.posts.nodes[0]).toEqual({
      title: 'Alpha',
      author: { name: 'Ada', posts: { nodes: [{ title: 'beta' }, { title: 'Alpha' }] } },
      tags: { nodes: [{ name: 'Edge' }, { name: 'GraphQL' }] },
    });
    expect(data.posts.nodes[3]).toEqual({ title: 'delta', author: null, tags: { nodes: [] } });
  });

  it('nested filters, orderings, pages and totalCounts stay in that statement', async () => {
    const { data, statements } = await run(`{
      posts(first: 2, skip: 1, where: {author: {name: {in: ["Ada", "Grace"]}}, tags: {some: {name: {not: "x"}}}}, orderBy: [{views: desc}, {title: asc}]) {
        pageInfo { hasNextPage hasPreviousPage }
        edges { cursor node { title
          author { name posts(where: {views: {gte: 10}}, orderBy: [{rating: desc}], first: 1) { totalCount nodes { title tags { totalCount } } } }
          tags(where: {name: {contains: "e", mode: insensitive}}, first: 1) { totalCount pageInfo { hasNextPage } nodes { name posts { totalCount } } }
        } }
      }
    }`);
    expect(statements).toHaveLength(1);
    expect(data.posts.edges.map((e: any) => e.node.title)).toEqual(['beta', 'Alpha']);
    expect(data.posts.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
  });

  it('a single lookup with nested relations is 1 statement', async () => {
    const { data, statements } = await run(`{
      post(where: {slug: "gamma"}) { title author { name posts { totalCount nodes { slug } } } tags(orderBy: [{name: asc}]) { nodes { name posts { nodes { id } } } } }
    }`);
    expect(statements).toHaveLength(1);
    expect(data.post.tags.nodes.map((t: any) => t.name)).toEqual(['Drizzle', 'Edge']);
  });

  it('totalCount at the root is one more statement by design: the count runs apart from the page', async () => {
    const { data, statements } = await run(`{
      posts(first: 2, where: {views: {gte: 10}}) { totalCount nodes { title author { name } tags { totalCount nodes { name } } } }
    }`);
    expect(statements).toHaveLength(2);
    expect(statements.filter((s) => /^select count\(\*\)/i.test(s.trim()))).toHaveLength(1);
    expect(data.posts.totalCount).toBe(4);
  });

  it('totalCount alone at the root is only the count', async () => {
    const { data, statements } = await run(`{ posts(where: {status: {equals: DRAFT}}) { totalCount } }`);
    expect(statements).toHaveLength(1);
    expect(data.posts.totalCount).toBe(2);
  });

  it('two root fields are one statement each', async () => {
    const { statements } = await run(
      `{ posts(first: 1) { nodes { id } } tags(first: 1) { nodes { id posts { nodes { id } } } } }`,
    );
    expect(statements).toHaveLength(2);
  });
});

describe('query plans', () => {
  it("an anonymous reader's first page is read in index order, not by sorting every published row", async () => {
    await warmUp(handler);
    const { body, statements } = await countedRun(
      handler,
      '{ posts(first: 2) { nodes { title author { name } tags { nodes { name } } } } }',
    );
    expect(body.errors).toBeUndefined();
    expect(statements).toHaveLength(1);
    const sql = statements[0]!;
    // The plan of the very statement the worker ran (its parameters as nulls: the plan does not depend on them).
    const nulls = Array.from({ length: sql.split('?').length - 1 }, () => null);
    const plan = (
      await env.DB.prepare(`explain query plan ${sql}`)
        .bind(...nulls)
        .all<{ parent: number; detail: string }>()
    ).results;
    const outer = plan.filter((step) => step.parent === 0).map((step) => step.detail);
    expect(outer[0]).toMatch(/^SEARCH d0 USING INDEX posts_status_created_at_idx/);
    // No sort of the outer rows before the limit: the nested author and tags are computed for the page's rows only.
    expect(outer).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  });
});

describe('columns read', () => {
  it('a list reads the columns its fields need, and the id, not whole rows', async () => {
    await warmUp(handler);
    const titles = await countedRun(handler, '{ posts(first: 2) { nodes { title author { name } } } }');
    expect(titles.body.errors).toBeUndefined();
    const sql = titles.statements[0]!;
    expect(sql).toContain('"d0"."title"');
    expect(sql).toContain('"d0"."id"');
    expect(sql).not.toContain('"d0"."body"');
    expect(sql).not.toContain('"d0"."updated_at"');
    expect(sql).not.toContain('"d1"."bio"');
    const bodies = await countedRun(handler, '{ posts(first: 2) { nodes { body } } }');
    expect(bodies.body.errors).toBeUndefined();
    expect(bodies.statements[0]).toContain('"d0"."body"');
  });
});
