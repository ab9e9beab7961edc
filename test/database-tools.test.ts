import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { codes, testWorker } from './helpers';
import { POSTS, seedBlog } from './reads-seed';

const admin = testWorker();

beforeAll(async () => {
  await seedBlog();
});

describe('the database tools plugin', () => {
  it('counts the rows of every table and says which collection owns it', async () => {
    const { databaseStats } = await admin.data(`{ databaseStats { sizeBytes tables { name rows collection } } }`);
    const byName = new Map(databaseStats.tables.map((t: any) => [t.name, t]));
    expect(byName.get('posts')).toEqual({ name: 'posts', rows: POSTS.length, collection: 'Post' });
    expect(byName.get('posts_tags')).toMatchObject({ collection: 'Post', rows: 6 });
    expect(byName.get('cms_users')).toMatchObject({ collection: null });
    expect(databaseStats.sizeBytes).toBeGreaterThan(0);
  });

  it('exports a collection to R2 and imports it back: changed items and links are restored', async () => {
    const { exportCollection } = await admin.data(
      `mutation { exportCollection(collection: "Post") { key items bytes } }`,
    );
    expect(exportCollection).toMatchObject({ items: POSTS.length });
    const stored = await env.MEDIA_BUCKET.get(exportCollection.key);
    const file = JSON.parse(await stored!.text());
    expect([file.collection, file.rows.length, file.links.tags.length]).toEqual(['Post', POSTS.length, 6]);

    await admin.data(
      `mutation { updatePost(where: { id: "p1" }, data: { title: "Changed", tags: { set: [] } }) { id } }`,
    );
    await env.DB.prepare(`delete from posts where id = 'p4'`).run();
    const { importCollection } = await admin.data(
      `mutation I($key: String!) { importCollection(collection: "Post", key: $key) }`,
      { key: exportCollection.key },
    );
    expect(importCollection).toBe(POSTS.length);
    const { post } = await admin.data(
      `{ post(where: { id: "p1" }) { title tags(orderBy: [{ name: asc }]) { nodes { id } } } }`,
    );
    expect(post).toEqual({ title: 'Alpha', tags: { nodes: [{ id: 't2' }, { id: 't1' }] } }); // Edge, GraphQL
    expect((await admin.data(`{ post(where: { id: "p4" }) { title } }`)).post.title).toBe('delta');
  });

  it('refuses a file that is not an export of that collection, writing nothing', async () => {
    const { exportCollection } = await admin.data(`mutation { exportCollection(collection: "Tag") { key } }`);
    const before = await env.DB.prepare('select count(*) as n, max(title) as t from posts').first();
    for (const key of [exportCollection.key, 'exports/Post/missing.json', 'secrets/file.json']) {
      const { body } = await admin.gql(
        `mutation I($key: String!) { importCollection(collection: "Post", key: $key) }`,
        { key },
      );
      expect(codes(body)).toEqual(['VALIDATION_FAILED']);
    }
    await env.MEDIA_BUCKET.put(
      'exports/Post/bad.json',
      JSON.stringify({
        format: 'edge-cms-export@1',
        collection: 'Post',
        columns: ['id', 'nope'],
        rows: [['x', 1]],
        links: {},
      }),
    );
    const bad = await admin.gql(`mutation { importCollection(collection: "Post", key: "exports/Post/bad.json") }`);
    expect(bad.body.errors![0]!.extensions!.fieldErrors[0].message).toBe('Columns the table does not have: nope');
    expect(await env.DB.prepare('select count(*) as n, max(title) as t from posts').first()).toEqual(before);
    expect(codes((await admin.gql(`mutation { exportCollection(collection: "Nope") { key } }`)).body)).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('is for admins only', async () => {
    const editor = testWorker(undefined, { as: 'editor' });
    expect(codes((await editor.gql(`{ databaseStats { sizeBytes } }`)).body)).toEqual(['FORBIDDEN']);
    expect(codes((await editor.gql(`mutation { exportCollection(collection: "Post") { key } }`)).body)).toEqual([
      'FORBIDDEN',
    ]);
  });
});
