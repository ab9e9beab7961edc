import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineCollection, defineConfig, relation, text } from '../src';
import { buildCms } from '../src/build';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { countedRun, warmUp } from './d1-counter';
import fixture from './fixtures/config';
import { codes, testWorker } from './helpers';
import { seedBlog } from './reads-seed';

// Beside the fixture: a collection anonymous callers may not read, one they may, pointing at it, and a field only
// authors (and admins) may read.
const note = defineCollection({ name: 'Note', fields: { body: text() } });
const board = defineCollection({
  name: 'Board',
  access: { publicRead: true },
  fields: {
    title: text(),
    memo: text({ required: true, private: { read: ['author'] } }),
    note: relation({ to: 'Note' }),
    owner: relation({ to: 'Author', private: true }),
    readers: relation({ to: 'Author', many: true, private: true }),
  },
});
const config = defineConfig({ ...fixture, collections: [...fixture.collections, note, board] });

const admin = testWorker(config);
const anonymous = testWorker(config, { as: 'anonymous' });
const viewer = testWorker(config, { as: 'viewer' });
const author = testWorker(config, { as: 'author' });
const editor = testWorker(config, { as: 'editor' });

const FUTURE = Date.UTC(2999, 0, 1);

/**
 * The blog of reads-seed.ts (p1 Alpha and p3 Gamma PUBLISHED, p2 and p5 DRAFT, p4 ARCHIVED; authors and tags
 * PUBLISHED), plus: a DRAFT author a4 "Drafty" with a PUBLISHED post p6; a DRAFT tag t5 on p1; p7, PUBLISHED but
 * scheduled for the future; a public board b1 pointing at note n1, and a DRAFT board b2.
 */
beforeAll(async () => {
  await seedBlog();
  const db = env.DB;
  await db.batch([
    db.prepare(`create table if not exists notes (id text primary key, created_at integer not null, updated_at integer not null,
      status text default 'DRAFT' not null, published_at integer, version integer default 1 not null, created_by text, body text)`),
    db.prepare(`create table if not exists boards (id text primary key, created_at integer not null, updated_at integer not null,
      status text default 'DRAFT' not null, published_at integer, version integer default 1 not null, created_by text, title text,
      memo text, note_id text references notes(id) on delete set null, owner_id text references authors(id) on delete set null)`),
    db.prepare(`create table if not exists boards_readers (source_id text not null, target_id text not null, position integer default 0 not null,
      primary key (source_id, target_id))`),
    db.prepare(`insert into boards_readers (source_id, target_id) values ('b1', 'a1'), ('b1', 'a2')`),
    db.prepare(
      `insert into authors (id, created_at, updated_at, status, name, email) values ('a4', 9000, 9000, 'DRAFT', 'Drafty', 'drafty@example.com')`,
    ),
    db.prepare(`insert into posts (id, created_at, updated_at, status, published_at, title, slug, views, featured, author_id)
      values ('p6', 6000, 6000, 'PUBLISHED', 6500, 'Zeta', 'zeta', 5, 0, 'a4')`),
    db
      .prepare(`insert into posts (id, created_at, updated_at, status, published_at, title, slug, views, featured, author_id)
      values ('p7', 7000, 7000, 'PUBLISHED', ?, 'Later', 'later', 5, 0, 'a1')`)
      .bind(FUTURE),
    db.prepare(
      `insert into tags (id, created_at, updated_at, status, name, slug) values ('t5', 5000, 5000, 'DRAFT', 'Secret', 'secret')`,
    ),
    db.prepare(`insert into posts_tags (source_id, target_id, position) values ('p1', 't5', 2)`),
    db.prepare(
      `insert into notes (id, created_at, updated_at, status, published_at, body) values ('n1', 1000, 1000, 'PUBLISHED', 1000, 'internal')`,
    ),
    db.prepare(`insert into boards (id, created_at, updated_at, status, published_at, title, memo, note_id, owner_id)
      values ('b1', 1000, 1000, 'PUBLISHED', 1000, 'Public', 'for authors', 'n1', 'a1'), ('b2', 2000, 2000, 'DRAFT', null, 'Hidden', 'x', 'n1', null)`),
  ]);
});

const slugs = (connection: { nodes: Array<{ slug: string }> }) => connection.nodes.map((n) => n.slug).sort();

describe('anonymous callers read only PUBLISHED items of publicly readable collections', () => {
  it('in lists and their totalCount', async () => {
    const { posts } = await anonymous.data(`{ posts(first: 100) { totalCount nodes { slug status } } }`);
    expect(slugs(posts)).toEqual(['alpha', 'gamma', 'zeta']);
    expect(posts.totalCount).toBe(3);
    const all = await admin.data(`{ posts(first: 100) { totalCount } }`);
    expect(all.posts.totalCount).toBe(7);
  });

  it('even when they ask for drafts, and in totalCount alone', async () => {
    const { posts } = await anonymous.data(
      `{ posts(where: {status: {in: [DRAFT, ARCHIVED]}}) { totalCount nodes { slug } } }`,
    );
    expect(posts).toEqual({ totalCount: 0, nodes: [] });
    const count = await anonymous.data(`{ posts { totalCount } }`);
    expect(count.posts.totalCount).toBe(3);
  });

  it('by id and by slug: a draft, an archived or a scheduled item is null', async () => {
    const { draft, archived, scheduled, bySlug, published } = await anonymous.data(`{
      draft: post(where: {id: "p2"}) { id }
      archived: post(where: {id: "p4"}) { id }
      scheduled: post(where: {slug: "later"}) { id }
      bySlug: post(where: {slug: "beta"}) { id }
      published: post(where: {slug: "alpha"}) { id title }
    }`);
    expect({ draft, archived, scheduled, bySlug }).toEqual({
      draft: null,
      archived: null,
      scheduled: null,
      bySlug: null,
    });
    expect(published).toEqual({ id: 'p1', title: 'Alpha' });
    const signedIn = await viewer.data(
      `{ draft: post(where: {id: "p2"}) { id } scheduled: post(where: {slug: "later"}) { id } }`,
    );
    expect(signedIn).toEqual({ draft: { id: 'p2' }, scheduled: { id: 'p7' } });
  });

  it('through a to-one relation: a hidden target is null', async () => {
    const query = `{ post(where: {slug: "zeta"}) { author { name } } board(where: {id: "b1"}) { note { body } } }`;
    expect(await anonymous.data(query)).toEqual({ post: { author: null }, board: { note: null } });
    expect(await admin.data(query)).toEqual({
      post: { author: { name: 'Drafty' } },
      board: { note: { body: 'internal' } },
    });
  });

  it('through to-many and reverse relations, totalCount included', async () => {
    const query = `{
      post(where: {slug: "alpha"}) { tags(orderBy: [{name: asc}]) { totalCount nodes { name } } }
      author(where: {id: "a1"}) { posts(orderBy: [{title: asc}]) { totalCount nodes { slug } } }
      tag(where: {id: "t1"}) { posts { totalCount nodes { slug } } }
      authors(first: 10, orderBy: [{name: asc}]) { nodes { name posts { totalCount } } }
    }`;
    const seen = await anonymous.data(query);
    expect(seen.post.tags).toEqual({ totalCount: 2, nodes: [{ name: 'Edge' }, { name: 'GraphQL' }] });
    expect(seen.author.posts).toEqual({ totalCount: 1, nodes: [{ slug: 'alpha' }] });
    expect(seen.tag.posts).toEqual({ totalCount: 1, nodes: [{ slug: 'alpha' }] });
    expect(seen.authors.nodes).toEqual([
      { name: 'Ada', posts: { totalCount: 1 } },
      { name: 'Grace', posts: { totalCount: 1 } },
      { name: 'Linus', posts: { totalCount: 0 } },
    ]);
    const full = await admin.data(query);
    expect(full.post.tags.totalCount).toBe(3);
    expect(full.author.posts.totalCount).toBe(3);
    expect(full.tag.posts.totalCount).toBe(2);
  });

  it('in relation filters: a hidden item never makes a filter match', async () => {
    const query = `{
      byDraftAuthor: posts(where: {author: {name: {equals: "Drafty"}}}) { totalCount }
      byDraftPost: authors(where: {posts: {some: {slug: {equals: "beta"}}}}) { totalCount nodes { name } }
      byDraftTag: posts(where: {tags: {some: {slug: {equals: "secret"}}}}) { totalCount }
      draftsOfTags: tags(where: {posts: {some: {status: {equals: DRAFT}}}}) { totalCount }
      noneDraft: authors(where: {posts: {none: {status: {equals: DRAFT}}}}) { totalCount }
      everyAlpha: tags(where: {posts: {every: {title: {startsWith: "A"}}}, id: {in: ["t1"]}}) { totalCount }
    }`;
    expect(await anonymous.data(query)).toEqual({
      byDraftAuthor: { totalCount: 0 },
      byDraftPost: { totalCount: 0, nodes: [] },
      byDraftTag: { totalCount: 0 },
      draftsOfTags: { totalCount: 0 },
      noneDraft: { totalCount: 3 }, // a1, a2, a3 (a4 is a draft itself)
      everyAlpha: { totalCount: 1 }, // t1's only visible post is Alpha (beta is a draft)
    });
    expect(await admin.data(query)).toMatchObject({
      byDraftAuthor: { totalCount: 1 },
      byDraftPost: { totalCount: 1, nodes: [{ name: 'Ada' }] },
      byDraftTag: { totalCount: 1 },
      draftsOfTags: { totalCount: 2 }, // t1 (beta) and t3 (the second Alpha)
      everyAlpha: { totalCount: 0 },
    });
  });

  it('a collection that is not publicly readable is UNAUTHENTICATED, at the root', async () => {
    for (const query of [
      `{ notes { totalCount } }`,
      `{ notes { nodes { id } } }`,
      `{ note(where: {id: "n1"}) { id } }`,
    ]) {
      const { body } = await anonymous.gql(query);
      expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    }
    expect((await viewer.data(`{ notes { totalCount } }`)).notes.totalCount).toBe(1);
  });

  it('the nested read of an anonymous caller is still 1 D1 statement', async () => {
    const handler = createHandler(buildCms(config));
    const query = `{ posts(first: 10) { nodes { title author { name posts { nodes { title } } } tags { totalCount nodes { name } } } } }`;
    await warmUp(handler);
    const { body, statements } = await countedRun(handler, query);
    expect(body.errors).toBeUndefined();
    expect(body.data.posts.nodes).toHaveLength(3);
    expect(statements).toHaveLength(1);
  });
});

describe('private fields', () => {
  it('are null for anonymous callers and roles not allowed, at the root and through relations', async () => {
    const query = `{
      author(where: {id: "a1"}) { name email }
      post(where: {slug: "alpha"}) { author { email } }
      tag(where: {id: "t1"}) { posts { nodes { author { email } } } }
      authors(where: {id: {equals: "a1"}}) { nodes { email } }
    }`;
    const hidden = {
      author: { name: 'Ada', email: null },
      post: { author: { email: null } },
      tag: { posts: { nodes: [{ author: { email: null } }] } },
      authors: { nodes: [{ email: null }] },
    };
    expect(await anonymous.data(query)).toEqual(hidden);
    const forViewer = await viewer.data(query);
    expect(forViewer.author).toEqual({ name: 'Ada', email: null });
    expect(forViewer.post.author.email).toBeNull();
    expect(forViewer.authors.nodes).toEqual([{ email: null }]);
    for (const reader of [admin, editor]) {
      const seen = await reader.data(query);
      expect(seen.author.email).toBe('ada@example.com');
      expect(seen.post.author.email).toBe('ada@example.com');
      expect(seen.authors.nodes).toEqual([{ email: 'ada@example.com' }]);
    }
  });

  it("can't be filtered or ordered by, nor looked up by, without the right: UNAUTHENTICATED or FORBIDDEN", async () => {
    const documents = [
      `{ authors(where: {email: {startsWith: "ada"}}) { totalCount } }`,
      `{ authors(where: {OR: [{name: {equals: "x"}}, {email: {isNull: false}}]}) { totalCount } }`,
      `{ posts(where: {author: {email: {equals: "ada@example.com"}}}) { totalCount } }`,
      `{ tags { nodes { posts(where: {author: {email: {contains: "a"}}}) { totalCount } } } }`,
      `{ authors(orderBy: [{email: asc}]) { nodes { id } } }`,
      `{ author(where: {email: "ada@example.com"}) { id } }`,
    ];
    for (const query of documents) {
      expect(codes((await anonymous.gql(query)).body), query).toEqual(['UNAUTHENTICATED']);
      expect(codes((await viewer.gql(query)).body), query).toEqual(['FORBIDDEN']);
      expect((await editor.gql(query)).body.errors, query).toBeUndefined();
    }
  });

  it('follow the roles the field names: `private: { read: [...] }`', async () => {
    const query = `{ board(where: {id: "b1"}) { title memo } }`;
    expect(await author.data(query)).toEqual({ board: { title: 'Public', memo: 'for authors' } });
    expect(await admin.data(query)).toEqual({ board: { title: 'Public', memo: 'for authors' } });
    expect(await editor.data(query)).toEqual({ board: { title: 'Public', memo: null } });
    expect(await anonymous.data(query)).toEqual({ board: { title: 'Public', memo: null } });
    expect(codes((await editor.gql(`{ boards(where: {memo: {equals: "x"}}) { totalCount } }`)).body)).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      (await author.data(`{ boards(where: {memo: {equals: "for authors"}}) { totalCount } }`)).boards.totalCount,
    ).toBe(1);
  });

  it('hide private relations: to-one null, to-many empty, and refused in filters', async () => {
    const query = `{ board(where: {id: "b1"}) { owner { name } readers { totalCount nodes { name } } } }`;
    const hidden = { board: { owner: null, readers: { totalCount: 0, nodes: [] } } };
    expect(await anonymous.data(query)).toEqual(hidden);
    expect(await viewer.data(query)).toEqual(hidden);
    const seen = await editor.data(query);
    expect(seen.board.owner).toEqual({ name: 'Ada' });
    expect(seen.board.readers.totalCount).toBe(2);
    expect(
      codes((await viewer.gql(`{ boards(where: {owner: {name: {equals: "Ada"}}}) { totalCount } }`)).body),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes((await viewer.gql(`{ boards(where: {readers: {some: {name: {equals: "Ada"}}}}) { totalCount } }`)).body),
    ).toEqual(['FORBIDDEN']);
    expect(
      (await editor.data(`{ boards(where: {owner: {name: {equals: "Ada"}}}) { totalCount } }`)).boards.totalCount,
    ).toBe(1);
  });

  it('are configured as true or { read: [roles] }; anything else is a config error', () => {
    const withPrivate = (value: unknown) =>
      defineConfig({
        collections: [defineCollection({ name: 'Secretive', fields: { code: text({ private: value as never }) } })],
      });
    expect(() => buildCms(withPrivate({ read: ['author'] }))).not.toThrow();
    for (const bad of [{ read: [] }, { read: 'author' }, {}, 'yes'])
      expect(() => buildCms(withPrivate(bad)), JSON.stringify(bad)).toThrow(/Secretive\.code: private must be/);
  });

  it('are nullable in the schema, even when required', () => {
    const schema = buildCms(config).schema;
    expect(String((schema.getType('Widget') as any).getFields().label.type)).toBe('String!');
    expect(String((schema.getType('Author') as any).getFields().email.type)).toBe('String');
    expect(String((schema.getType('Board') as any).getFields().memo.type)).toBe('String');
    expect(String((schema.getType('Board') as any).getFields().title.type)).toBe('String');
  });
});

describe('anonymous writes', () => {
  it('are UNAUTHENTICATED and write nothing', async () => {
    const before = await admin.data(`{ posts { totalCount } tags { totalCount } }`);
    const documents = [
      `mutation { createPost(data: {title: "Nope"}) { id } }`,
      `mutation { createTags(data: []) { id } }`,
      `mutation { updatePost(where: {id: "p1"}, data: {title: "Nope"}) { id } }`,
      `mutation { updatePosts(where: {}, data: {title: "Nope"}) { count } }`,
      `mutation { deletePost(where: {id: "p1"}) { id } }`,
      `mutation { deleteTags(where: {}) { count } }`,
      `mutation { publishPost(where: {id: "p2"}) { id } }`,
      `mutation { unpublishPost(where: {id: "p1"}) { id } }`,
    ];
    for (const query of documents) expect(codes((await anonymous.gql(query)).body), query).toEqual(['UNAUTHENTICATED']);
    expect(await admin.data(`{ posts { totalCount } tags { totalCount } }`)).toEqual(before);
    expect((await admin.data(`{ post(where: {id: "p1"}) { title status } }`)).post).toEqual({
      title: 'Alpha',
      status: 'PUBLISHED',
    });
  });

  it('a signed-in caller with a token that does not verify is UNAUTHENTICATED, not anonymous', async () => {
    const { token } = await signedIn('editor');
    const { body } = await anonymous.gql(`{ posts { totalCount } }`, {}, { authorization: `Bearer ${token}x` });
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
  });
});
