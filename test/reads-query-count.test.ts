import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCms } from '../src/config/build';
import { createHandler } from '../src/server/handler';
import fixture from './fixtures/config';
import { seedBlog } from './reads-seed';

/**
 * The real D1 binding behind a Proxy that forwards every call and records each statement D1 runs.
 * Nothing is faked: the real database answers every query.
 */
function countingD1(db: D1Database) {
  const statements: string[] = [];
  const real = new WeakMap<object, D1PreparedStatement>();
  const sqlOf = new WeakMap<object, string>();
  const wrapStatement = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        if (key === 'bind') return (...args: unknown[]) => wrapStatement(value.apply(target, args), sql);
        if (key === 'all' || key === 'first' || key === 'run' || key === 'raw') {
          return (...args: unknown[]) => {
            statements.push(sql);
            return value.apply(target, args);
          };
        }
        return value.bind(target);
      },
    });
    real.set(proxy, statement);
    sqlOf.set(proxy, sql);
    return proxy;
  };
  const counting = new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (key === 'prepare') return (sql: string) => wrapStatement(value.call(target, sql), sql);
      if (key === 'batch') {
        return (list: D1PreparedStatement[]) => {
          // the real batch needs the real statements; each one is a statement D1 runs
          const unwrapped = list.map((s) => {
            statements.push(`[batch] ${sqlOf.get(s as object) ?? ''}`);
            return real.get(s as object) ?? s;
          });
          return value.call(target, unwrapped);
        };
      }
      if (key === 'exec') {
        return (sql: string) => {
          statements.push(sql);
          return value.call(target, sql);
        };
      }
      return value.bind(target);
    },
  });
  return { db: counting, statements };
}

const handler = createHandler(buildCms(fixture));

/** Runs a document against the worker with a counting D1, and returns its data and the statements it ran. */
async function run(query: string) {
  const { db, statements } = countingD1(env.DB);
  const response = await handler.fetch(
    new Request('http://cms.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query }),
    }),
    { ...env, DB: db },
  );
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return { data: body.data, statements };
}

beforeAll(async () => {
  await seedBlog();
  // The isolate's one-time bootstrap (migrations, model check) runs before any read is counted.
  await handler.fetch(new Request('http://cms.test/graphql?query=%7B__typename%7D', { headers: { accept: 'application/json' } }), env);
});

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
    const { statements } = await run(`{ posts(first: 1) { nodes { id } } tags(first: 1) { nodes { id posts { nodes { id } } } } }`);
    expect(statements).toHaveLength(2);
  });
});
