import { beforeAll, describe, expect, it } from 'vitest';
import { buildCms } from '../src/build';
import { statementStats } from '../src/db/statements';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { isolate } from './cache-helpers';
import fixture from './fixtures/config';
import { seedBlog } from './reads-seed';

// A read's SQL is built once per statement shape (the query with its values as placeholders) and filled per read.
const cms = buildCms(fixture);
// The resolvers' statements (compiled reads off): their shapes are what these tests are about.
const request = isolate(cms, createHandler(cms, { compiledReads: false }));
let admin: Record<string, string>;

beforeAll(async () => {
  await seedBlog();
  admin = (await signedIn('admin')).headers;
});

/** Runs a document and returns its data, and how many statement shapes were built and reused meanwhile. */
async function read(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const before = statementStats();
  const { body, status } = await request(query, headers, variables);
  expect(body.errors).toBeUndefined();
  expect(status).toBe('MISS'); // run against the database, not answered from the cache
  const after = statementStats();
  return { data: body.data, built: after.built - before.built, reused: after.reused - before.reused };
}

describe('statement shapes', () => {
  const LIST = `query ($first: Int!, $views: Int!) {
    posts(first: $first, where: { views: { gte: $views } }, orderBy: [{ createdAt: asc }]) { nodes { title author { name } tags { nodes { name } } } }
  }`;

  it('a nested list read again with other values reuses its statement and gets the rows of its own values', async () => {
    const first = await read(LIST, { first: 5, views: 10 });
    expect(first.data.posts.nodes).toEqual([
      { title: 'Alpha', author: { name: 'Ada' }, tags: { nodes: [{ name: 'Edge' }, { name: 'GraphQL' }] } },
      { title: 'Gamma', author: { name: 'Grace' }, tags: { nodes: [{ name: 'Drizzle' }, { name: 'Edge' }] } },
    ]);
    const second = await read(LIST, { first: 1, views: 20 });
    expect(second).toEqual({
      data: {
        posts: {
          nodes: [
            { title: 'Gamma', author: { name: 'Grace' }, tags: { nodes: [{ name: 'Drizzle' }, { name: 'Edge' }] } },
          ],
        },
      },
      built: 0,
      reused: 1,
    });
  });

  it('binds dates and booleans with their column encoders, as Drizzle would', async () => {
    const query = `query ($featured: Boolean!, $after: DateTime!) {
      posts(where: { featured: { equals: $featured }, publishedAt: { gt: $after } }, orderBy: [{ createdAt: asc }]) { nodes { id } }
    }`;
    const ids = async (featured: boolean, after: string) =>
      (await read(query, { featured, after }, admin)).data.posts.nodes.map((n: { id: string }) => n.id);
    expect(await ids(true, '1970-01-01T00:00:01.000Z')).toEqual(['p1']);
    expect(await ids(false, '1970-01-01T00:00:01.000Z')).toEqual(['p3']);
    expect(await ids(false, '1970-01-01T00:00:03.600Z')).toEqual([]);
    expect((await read(query, { featured: true, after: '1970-01-01T00:00:00.000Z' }, admin)).reused).toBe(1);
  });

  it('a lookup by id and one by another id share a shape; a list of another structure is a shape of its own', async () => {
    const one = `query ($id: ID!) { post(where: { id: $id }) { title } }`;
    expect((await read(one, { id: 'p1' })).data.post).toEqual({ title: 'Alpha' });
    const again = await read(one, { id: 'p3' });
    expect([again.data.post, again.built, again.reused]).toEqual([{ title: 'Gamma' }, 0, 1]);
    const other = await read(
      `query ($first: Int!) { tags(first: $first, orderBy: [{ name: asc }]) { nodes { name } } }`,
      { first: 2 },
    );
    expect([other.data.tags.nodes, other.built]).toEqual([[{ name: 'Drizzle' }, { name: 'Edge' }], 1]);
  });
});
