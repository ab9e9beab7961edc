import { env } from 'cloudflare:test';
import { printType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildCms } from '../src/build';
import fixture from './fixtures/config';
import { codes, testWorker } from './helpers';

const w = testWorker();
let seq = 0;
/** A value no other test in this file uses (D1 is shared by the tests of a file). */
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${++seq}`;
const count = async (table: string) =>
  (await env.DB.prepare(`select count(*) as n from ${table}`).first<{ n: number }>())!.n;

async function author(name = unique('Author ')) {
  return (await w.data(`mutation($name: String!) { createAuthor(data: {name: $name}) { id name } }`, { name }))
    .createAuthor as { id: string; name: string };
}
async function tags(n: number) {
  const data = Array.from({ length: n }, () => ({ name: unique('Tag ') }));
  return (await w.data(`mutation($data: [TagCreateInput!]!) { createTags(data: $data) { id name slug } }`, { data }))
    .createTags as Array<{
    id: string;
    name: string;
    slug: string;
  }>;
}
const tagNames = (post: any) => post.tags.nodes.map((t: any) => t.name);
const POST = `id title slug version status publishedAt createdAt updatedAt author { id name } tags(orderBy: [{name: asc}]) { totalCount nodes { id name } }`;

describe('schema', () => {
  it('has the mutations of the contract for every collection', () => {
    const schema = buildCms(fixture).schema;
    const sdl = printType(schema.getMutationType()!).replace(/\s*"""[^"]*"""/g, '');
    for (const [T, list] of [
      ['Post', 'Posts'],
      ['Author', 'Authors'],
      ['Tag', 'Tags'],
      ['Widget', 'Widgets'],
    ]) {
      for (const line of [
        `create${T}(data: ${T}CreateInput!): ${T}!`,
        `update${T}(where: ${T}WhereUniqueInput!, data: ${T}UpdateInput!): ${T}!`,
        `delete${T}(where: ${T}WhereUniqueInput!): ${T}\n`,
        `create${list}(data: [${T}CreateInput!]!): [${T}!]!`,
        `update${list}(where: ${T}WhereInput!, data: ${T}UpdateInput!): BatchPayload!`,
        `delete${list}(where: ${T}WhereInput!): BatchPayload!`,
        `publish${T}(where: ${T}WhereUniqueInput!, at: DateTime): ${T}!`,
        `unpublish${T}(where: ${T}WhereUniqueInput!): ${T}!`,
      ])
        expect(sdl).toContain(line);
    }
    expect(printType(schema.getType('BatchPayload')!)).toContain('count: Int!');
  });
});

describe('create', () => {
  it('creates a draft at version 1 with system fields and a time-sortable id', async () => {
    const before = Date.now();
    const a = await w.data(
      `mutation { createAuthor(data: {name: "Ada", bio: "Analyst"}) { id name bio status version publishedAt createdAt updatedAt } }`,
    );
    const b = await w.data(`mutation { createAuthor(data: {name: "Grace"}) { id } }`);
    const item = a.createAuthor;
    expect(item).toMatchObject({ name: 'Ada', bio: 'Analyst', status: 'DRAFT', version: 1, publishedAt: null });
    expect(item.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b.createAuthor.id > item.id).toBe(true);
    expect(new Date(item.createdAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(item.updatedAt).toBe(item.createdAt);
    const row = await env.DB.prepare('select name, status, version from authors where id = ?').bind(item.id).first();
    expect(row).toEqual({ name: 'Ada', status: 'DRAFT', version: 1 });
  });

  it('connects a to-one and to-many relations and reads them nested in the result', async () => {
    const ada = await author();
    const [t1, t2] = await tags(2);
    const d = await w.data(
      `mutation($a: ID!, $t1: ID!, $t2: String!) {
        createPost(data: {title: "Linked", author: {connect: {id: $a}}, tags: {connect: [{id: $t1}, {slug: $t2}]}}) { ${POST} } }`,
      { a: ada.id, t1: t1!.id, t2: t2!.slug },
    );
    expect(d.createPost.author).toEqual(ada);
    expect(d.createPost.tags.totalCount).toBe(2);
    expect(tagNames(d.createPost)).toEqual([t1!.name, t2!.name].sort());
    const links = await env.DB.prepare('select target_id from posts_tags where source_id = ? order by position')
      .bind(d.createPost.id)
      .all();
    expect(links.results.map((r) => r.target_id)).toEqual([t1!.id, t2!.id]);
    const back = await w.data(`query($id: ID!) { author(where: {id: $id}) { posts { totalCount nodes { id } } } }`, {
      id: ada.id,
    });
    expect(back.author.posts.nodes).toEqual([{ id: d.createPost.id }]);
  });

  it('creates many items in input order, all or nothing', async () => {
    const names = [unique('Bulk A '), unique('Bulk B '), unique('Bulk C ')];
    const d = await w.data(`mutation($data: [TagCreateInput!]!) { createTags(data: $data) { id name version } }`, {
      data: names.map((name) => ({ name })),
    });
    expect(d.createTags.map((t: any) => t.name)).toEqual(names);
    expect(d.createTags.every((t: any) => t.version === 1)).toBe(true);

    const ada = await author();
    const before = [await count('posts'), await count('posts_tags')];
    const { body } = await w.gql(`mutation($data: [PostCreateInput!]!) { createPosts(data: $data) { id } }`, {
      data: [
        { title: 'Good', author: { connect: { id: ada.id } }, tags: { connect: [{ id: d.createTags[0].id }] } },
        { title: 'Bad', author: { connect: { id: 'missing' } } },
      ],
    });
    expect(codes(body)).toEqual(['VALIDATION_FAILED']);
    expect(body.errors![0]!.extensions!.fieldErrors[0].path).toEqual(['data', 1, 'author', 'connect']);
    expect([await count('posts'), await count('posts_tags')]).toEqual(before);
  });

  it('creates 100 items with links in one request and refuses 101', async () => {
    const [tag] = await tags(1);
    const marker = unique('hundred-');
    const data = Array.from({ length: 100 }, (_, i) => ({
      title: `${marker} ${i}`,
      tags: { connect: [{ id: tag!.id }] },
    }));
    const d = await w.data(
      `mutation($data: [PostCreateInput!]!, $m: String!) {
        createPosts(data: $data) { title author { name } tags(first: 5, where: {name: {notIn: [$m]}}) { totalCount nodes { id } } } }`,
      { data, m: marker },
    );
    expect(d.createPosts.map((p: any) => p.title)).toEqual(data.map((p) => p.title));
    expect(d.createPosts.every((p: any) => p.tags.totalCount === 1 && p.tags.nodes[0].id === tag!.id)).toBe(true);
    const linked = await env.DB.prepare('select count(*) as n from posts_tags where target_id = ?')
      .bind(tag!.id)
      .first();
    expect(linked).toEqual({ n: 100 });
    const before = await count('posts');
    const { body } = await w.gql(`mutation($data: [PostCreateInput!]!) { createPosts(data: $data) { id } }`, {
      data: [...data, { title: 'one too many' }],
    });
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(await count('posts')).toBe(before);
  });
});

describe('update', () => {
  it('changes only the given fields, bumps version and updatedAt, and finds items by a unique field', async () => {
    const d = await w.data(
      `mutation($t: String!) { createPost(data: {title: $t, excerpt: "keep", views: 3}) { id slug updatedAt } }`,
      {
        t: unique('Update me '),
      },
    );
    const u = await w.data(
      `mutation($slug: String!) { updatePost(where: {slug: $slug}, data: {title: "Updated", views: 4}) { id title excerpt views version updatedAt } }`,
      { slug: d.createPost.slug },
    );
    expect(u.updatePost).toMatchObject({
      id: d.createPost.id,
      title: 'Updated',
      excerpt: 'keep',
      views: 4,
      version: 2,
    });
    expect(u.updatePost.updatedAt >= d.createPost.updatedAt).toBe(true);
    const again = await w.data(`mutation($id: ID!) { updatePost(where: {id: $id}, data: {}) { version } }`, {
      id: d.createPost.id,
    });
    expect(again.updatePost.version).toBe(3);
  });

  it('connects, disconnects and sets relations', async () => {
    const [ada, grace] = [await author(), await author()];
    const [t1, t2, t3] = await tags(3);
    const created = await w.data(
      `mutation($a: ID!, $t1: ID!) { createPost(data: {title: "Rel", author: {connect: {id: $a}}, tags: {connect: [{id: $t1}]}}) { id } }`,
      {
        a: ada.id,
        t1: t1!.id,
      },
    );
    const id = created.createPost.id;
    const update = (data: unknown) =>
      w.data(`mutation($id: ID!, $data: PostUpdateInput!) { updatePost(where: {id: $id}, data: $data) { ${POST} } }`, {
        id,
        data,
      });

    let p = (
      await update({ author: { connect: { id: grace.id } }, tags: { connect: [{ id: t2!.id }, { id: t1!.id }] } })
    ).updatePost;
    expect(p.author.id).toBe(grace.id);
    expect(tagNames(p)).toEqual([t1!.name, t2!.name].sort());

    p = (await update({ tags: { disconnect: [{ id: t1!.id }] } })).updatePost;
    expect(tagNames(p)).toEqual([t2!.name]);

    p = (await update({ author: { disconnect: true }, tags: { set: [{ id: t3!.id }, { slug: t1!.slug }] } }))
      .updatePost;
    expect(p.author).toBeNull();
    expect(tagNames(p)).toEqual([t1!.name, t3!.name].sort());
    const links = await env.DB.prepare('select target_id from posts_tags where source_id = ? order by position')
      .bind(id)
      .all();
    expect(links.results.map((r) => r.target_id)).toEqual([t3!.id, t1!.id]);

    p = (await update({ tags: { set: [] } })).updatePost;
    expect(p.tags.totalCount).toBe(0);
    expect(p.version).toBe(5);
  });

  it('is NOT_FOUND for an unknown item, and refused without exactly one unique field (@oneOf)', async () => {
    const missing = await w.gql(`mutation { updatePost(where: {id: "nope"}, data: {title: "x"}) { id } }`);
    expect(codes(missing.body)).toEqual(['NOT_FOUND']);
    const none = await w.gql(`mutation { updatePost(where: {}, data: {title: "x"}) { id } }`);
    expect(codes(none.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const byVariable = await w.gql(
      `mutation($where: PostWhereUniqueInput!) { updatePost(where: $where, data: {title: "x"}) { id } }`,
      { where: {} },
    );
    expect(codes(byVariable.body)).toEqual(['BAD_USER_INPUT']);
  });

  it('updates every matching item and returns the count', async () => {
    const marker = unique('many-');
    await w.data(`mutation($data: [PostCreateInput!]!) { createPosts(data: $data) { id } }`, {
      data: [
        { title: 'a', excerpt: marker },
        { title: 'b', excerpt: marker },
        { title: 'c', excerpt: `${marker}-other` },
      ],
    });
    const d = await w.data(
      `mutation($m: String!) { updatePosts(where: {excerpt: {equals: $m}}, data: {featured: true, views: 9}) { count } }`,
      { m: marker },
    );
    expect(d.updatePosts).toEqual({ count: 2 });
    const rows = await env.DB.prepare('select featured, views, version from posts where excerpt = ?')
      .bind(marker)
      .all();
    expect(rows.results).toEqual([
      { featured: 1, views: 9, version: 2 },
      { featured: 1, views: 9, version: 2 },
    ]);
    const none = await w.data(
      `mutation { updatePosts(where: {title: {equals: "no such title ever"}}, data: {views: 1}) { count } }`,
    );
    expect(none.updatePosts.count).toBe(0);
  });

  it('updates more items than fit in one statement, with many fields set', async () => {
    const marker = unique('wide-');
    const stmt = env.DB.prepare(
      `insert into widgets (id, created_at, updated_at, label, notes) values (?, 1, 1, 'wide', ?)`,
    );
    await env.DB.batch(Array.from({ length: 150 }, (_, i) => stmt.bind(`${marker}-${i}`, marker)));
    const data = {
      label: 'Wide update',
      summary: { a: 1 },
      count: 5,
      ratio: 0.25,
      active: false,
      launchAt: '2031-01-01T00:00:00Z',
      size: 'SMALL',
      meta: { b: 2 },
      contact: 'w@example.com',
      homepage: 'https://example.com',
      secret: 's',
    };
    const d = await w.data(
      `mutation($m: String!, $data: WidgetUpdateInput!) { updateWidgets(where: {notes: {equals: $m}}, data: $data) { count } }`,
      {
        m: marker,
        data,
      },
    );
    expect(d.updateWidgets.count).toBe(150);
    const row = await env.DB.prepare(
      `select count(*) as n, min(version) as v, min(label) as l from widgets where notes = ? and count = 5`,
    )
      .bind(marker)
      .first();
    expect(row).toEqual({ n: 150, v: 2, l: 'Wide update' });
  });

  it('validates a bulk update and writes nothing when it fails', async () => {
    const marker = unique('bulk-invalid-');
    await w.data(`mutation($data: [PostCreateInput!]!) { createPosts(data: $data) { id } }`, {
      data: [
        { title: 'x', excerpt: marker },
        { title: 'y', excerpt: marker },
      ],
    });
    const { body } = await w.gql(
      `mutation($m: String!) { updatePosts(where: {excerpt: {equals: $m}}, data: {views: -1, title: null}) { count } }`,
      { m: marker },
    );
    expect(codes(body)).toEqual(['VALIDATION_FAILED']);
    expect(body.errors![0]!.extensions!.fieldErrors.map((e: any) => e.path.join('.')).sort()).toEqual([
      'data.title',
      'data.views',
    ]);
    const rows = await env.DB.prepare('select views, version from posts where excerpt = ?').bind(marker).all();
    expect(rows.results).toEqual([
      { views: 0, version: 1 },
      { views: 0, version: 1 },
    ]);
  });

  it('refuses a bulk update matching more than 1000 items', async () => {
    const marker = unique('over-');
    const stmt = env.DB.prepare(`insert into tags (id, created_at, updated_at, name) values (?, 1, 1, ?)`);
    await env.DB.batch(Array.from({ length: 1001 }, (_, i) => stmt.bind(`${marker}-${i}`, `${marker}-${i}`)));
    const { body } = await w.gql(
      `mutation($m: String!) { updateTags(where: {name: {startsWith: $m}}, data: {slug: null}) { count } }`,
      { m: marker },
    );
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    const del = await w.gql(`mutation($m: String!) { deleteTags(where: {name: {startsWith: $m}}) { count } }`, {
      m: marker,
    });
    expect(codes(del.body)).toEqual(['BAD_USER_INPUT']);
    const left = await env.DB.prepare(`select count(*) as n, max(version) as v from tags where name like ?`)
      .bind(`${marker}-%`)
      .first();
    expect(left).toEqual({ n: 1001, v: 1 });
  });
});

describe('delete', () => {
  it('returns the deleted item with its relations, and removes its links', async () => {
    const ada = await author();
    const [t1] = await tags(1);
    const { createPost } = await w.data(
      `mutation($a: ID!, $t: ID!) { createPost(data: {title: "Doomed", author: {connect: {id: $a}}, tags: {connect: [{id: $t}]}}) { id } }`,
      {
        a: ada.id,
        t: t1!.id,
      },
    );
    const d = await w.data(`mutation($id: ID!) { deletePost(where: {id: $id}) { ${POST} } }`, { id: createPost.id });
    expect(d.deletePost).toMatchObject({ id: createPost.id, title: 'Doomed', author: { id: ada.id } });
    expect(tagNames(d.deletePost)).toEqual([t1!.name]);
    expect(await env.DB.prepare('select id from posts where id = ?').bind(createPost.id).first()).toBeNull();
    expect(await env.DB.prepare('select * from posts_tags where source_id = ?').bind(createPost.id).first()).toBeNull();
    const again = await w.gql(`mutation($id: ID!) { deletePost(where: {id: $id}) { id } }`, { id: createPost.id });
    expect(codes(again.body)).toEqual(['NOT_FOUND']);
    expect(again.body.data).toEqual({ deletePost: null });
  });

  it('clears optional links to a deleted item', async () => {
    const ada = await author();
    const [tag] = await tags(1);
    const { createPost } = await w.data(
      `mutation($a: ID!, $t: ID!) { createPost(data: {title: "Survivor", author: {connect: {id: $a}}, tags: {connect: [{id: $t}]}}) { id } }`,
      {
        a: ada.id,
        t: tag!.id,
      },
    );
    await w.data(
      `mutation($a: ID!, $t: ID!) { deleteAuthor(where: {id: $a}) { id } deleteTag(where: {id: $t}) { id } }`,
      { a: ada.id, t: tag!.id },
    );
    const p = await w.data(`query($id: ID!) { post(where: {id: $id}) { author { id } tags { totalCount } } }`, {
      id: createPost.id,
    });
    expect(p.post).toEqual({ author: null, tags: { totalCount: 0 } });
  });

  it('deletes every matching item and returns the count', async () => {
    const marker = unique('del-');
    await w.data(`mutation($data: [TagCreateInput!]!) { createTags(data: $data) { id } }`, {
      data: [{ name: `${marker}-1` }, { name: `${marker}-2` }, { name: unique('keep-') }],
    });
    const d = await w.data(`mutation($m: String!) { deleteTags(where: {name: {startsWith: $m}}) { count } }`, {
      m: marker,
    });
    expect(d.deleteTags).toEqual({ count: 2 });
    expect(await env.DB.prepare('select count(*) as n from tags where name like ?').bind(`${marker}%`).first()).toEqual(
      { n: 0 },
    );
  });
});

describe('publish', () => {
  it('publishes now, unpublishes, and counts versions', async () => {
    const { createPost } = await w.data(`mutation($t: String!) { createPost(data: {title: $t}) { id slug } }`, {
      t: unique('Pub '),
    });
    const before = Date.now();
    const p = await w.data(`mutation($s: String!) { publishPost(where: {slug: $s}) { status publishedAt version } }`, {
      s: createPost.slug,
    });
    expect(p.publishPost).toMatchObject({ status: 'PUBLISHED', version: 2 });
    expect(new Date(p.publishPost.publishedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const u = await w.data(`mutation($id: ID!) { unpublishPost(where: {id: $id}) { status publishedAt version } }`, {
      id: createPost.id,
    });
    expect(u.unpublishPost).toEqual({ status: 'DRAFT', publishedAt: null, version: 3 });
    const row = await env.DB.prepare('select status, published_at, version from posts where id = ?')
      .bind(createPost.id)
      .first();
    expect(row).toEqual({ status: 'DRAFT', published_at: null, version: 3 });
  });

  it('schedules with a future `at`: PUBLISHED with a future publishedAt', async () => {
    const { createPost } = await w.data(`mutation { createPost(data: {title: "Later"}) { id } }`);
    const at = '2099-01-01T09:00:00.000Z';
    const p = await w.data(
      `mutation($id: ID!, $at: DateTime) { publishPost(where: {id: $id}, at: $at) { status publishedAt } }`,
      { id: createPost.id, at },
    );
    expect(p.publishPost).toEqual({ status: 'PUBLISHED', publishedAt: at });
    const row = await env.DB.prepare('select published_at from posts where id = ?').bind(createPost.id).first();
    expect(row).toEqual({ published_at: Date.parse(at) });
  });

  it('is NOT_FOUND for an unknown item', async () => {
    const { body } = await w.gql(`mutation { publishPost(where: {id: "nope"}) { id } }`);
    expect(codes(body)).toEqual(['NOT_FOUND']);
  });
});
