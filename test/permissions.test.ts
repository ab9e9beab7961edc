import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineCollection, defineConfig, text } from '../src';
import type { Viewer } from '../src/types/auth';
import { buildCms } from '../src/build';
import type { Context } from '../src/types/context';
import { createDb } from '../src/db/client';
import { createOne } from '../src/operations/create';
import { deleteMany } from '../src/operations/delete-many';
import { countPage, readOne, readPage } from '../src/operations/read';
import { updateOne } from '../src/operations/update';
import { Access } from '../src/permissions/access';
import { ResponseCache } from '../src/cache/response-cache';
import { resolveCache } from '../src/cache/settings';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { countedRun, warmUp } from './d1-counter';
import fixture from './fixtures/config';
import { codes, type GqlResult, testWorker } from './helpers';

const w = testWorker(); // an admin
type User = Awaited<ReturnType<typeof signedIn>>;

/** Runs a document as a given user (their token in the Authorization header). */
const as = (user: User) => (query: string, variables?: Record<string, unknown>) =>
  w.gql(query, variables, user.headers).then((r) => r.body);
const ok = (body: GqlResult) => {
  expect(body.errors).toBeUndefined();
  return body.data;
};
const createdBy = async (id: string) =>
  (await env.DB.prepare('select created_by from posts where id = ?').bind(id).first<{ created_by: string | null }>())
    ?.created_by;

const CREATE = `mutation($title: String!) { createPost(data: {title: $title}) { id slug status } }`;
const UPDATE = `mutation($id: ID!, $title: String!) { updatePost(where: {id: $id}, data: {title: $title}) { id title } }`;
const DELETE = `mutation($id: ID!) { deletePost(where: {id: $id}) { id } }`;
const PUBLISH = `mutation($id: ID!) { publishPost(where: {id: $id}) { id status } }`;

let ada: User; // an author
let bob: User; // another author
let eve: User; // an editor
let vic: User; // a viewer
let adaPost: string;
let bobPost: string;

beforeAll(async () => {
  [ada, bob, eve, vic] = await Promise.all([
    signedIn('author'),
    signedIn('author'),
    signedIn('editor'),
    signedIn('viewer'),
  ]);
  adaPost = ok(await as(ada)(CREATE, { title: 'Ada writes' })).createPost.id;
  bobPost = ok(await as(bob)(CREATE, { title: 'Bob writes' })).createPost.id;
});

describe('authors', () => {
  it('own what they create (created_by), and the item is a DRAFT', async () => {
    expect(await createdBy(adaPost)).toBe(ada.id);
    expect(await createdBy(bobPost)).toBe(bob.id);
    const { post } = ok(await as(ada)(`query($id: ID!) { post(where: {id: $id}) { status } }`, { id: adaPost }));
    expect(post.status).toBe('DRAFT');
  });

  it('read every item, drafts included (signed-in readers see every status)', async () => {
    const { post } = ok(await as(ada)(`query($id: ID!) { post(where: {id: $id}) { title status } }`, { id: bobPost }));
    expect(post).toEqual({ title: 'Bob writes', status: 'DRAFT' });
  });

  it('update and delete their own items', async () => {
    expect(ok(await as(ada)(UPDATE, { id: adaPost, title: 'Ada rewrites' })).updatePost.title).toBe('Ada rewrites');
    const { createPost } = ok(await as(ada)(CREATE, { title: 'Ada drops' }));
    expect(ok(await as(ada)(DELETE, { id: createPost.id })).deletePost.id).toBe(createPost.id);
  });

  it("can't update or delete another author's item by id or slug: FORBIDDEN, and nothing changes", async () => {
    expect(codes(await as(ada)(UPDATE, { id: bobPost, title: 'Hijacked' }))).toEqual(['FORBIDDEN']);
    expect(
      codes(await as(ada)(`mutation { updatePost(where: {slug: "bob-writes"}, data: {title: "Hijacked"}) { id } }`)),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await as(ada)(DELETE, { id: bobPost }))).toEqual(['FORBIDDEN']);
    // a post nobody created (seeded, or made by an API token) is nobody's own either
    const { createPost } = ok(await w.gql(CREATE, { title: 'Admin writes' }).then((r) => r.body));
    expect(codes(await as(ada)(UPDATE, { id: createPost.id, title: 'Hijacked' }))).toEqual(['FORBIDDEN']);
    const { post } = ok(
      await w.gql(`query($id: ID!) { post(where: {id: $id}) { title } }`, { id: bobPost }).then((r) => r.body),
    );
    expect(post.title).toBe('Bob writes');
  });

  it('get NOT_FOUND for an item that does not exist', async () => {
    expect(codes(await as(ada)(UPDATE, { id: 'nope', title: 'x' }))).toEqual(['NOT_FOUND']);
  });

  it('touch only their own items in bulk updates and deletes', async () => {
    for (const [user, title] of [
      [ada, 'Bulk A1'],
      [ada, 'Bulk A2'],
      [bob, 'Bulk B1'],
    ] as const)
      ok(await as(user)(CREATE, { title }));
    const { updatePosts } = ok(
      await as(bob)(
        `mutation { updatePosts(where: {title: {startsWith: "Bulk"}}, data: {excerpt: "Bob was here"}) { count } }`,
      ),
    );
    expect(updatePosts.count).toBe(1);
    const { posts } = ok(
      await w
        .gql(`{ posts(where: {title: {startsWith: "Bulk"}}, orderBy: [{title: asc}]) { nodes { title excerpt } } }`)
        .then((r) => r.body),
    );
    expect(posts.nodes).toEqual([
      { title: 'Bulk A1', excerpt: null },
      { title: 'Bulk A2', excerpt: null },
      { title: 'Bulk B1', excerpt: 'Bob was here' },
    ]);
    const { deletePosts } = ok(
      await as(bob)(`mutation { deletePosts(where: {title: {startsWith: "Bulk"}}) { count } }`),
    );
    expect(deletePosts.count).toBe(1);
    const left = ok(await w.gql(`{ posts(where: {title: {startsWith: "Bulk"}}) { totalCount } }`).then((r) => r.body));
    expect(left.posts.totalCount).toBe(2);
  });

  it("can't name a related item by a private field they can't read (it would tell the value)", async () => {
    await w.data(`mutation { createAuthor(data: {name: "Writer", email: "writer@example.com"}) { id } }`);
    const byEmail = `mutation { createPost(data: {title: "Linked", author: {connect: {email: "writer@example.com"}}}) { id } }`;
    expect(codes(await as(ada)(byEmail))).toEqual(['FORBIDDEN']);
    expect(ok(await as(eve)(byEmail)).createPost.id).toEqual(expect.any(String));
  });

  it("can't publish, not even their own items (an editor's decision)", async () => {
    expect(codes(await as(ada)(PUBLISH, { id: adaPost }))).toEqual(['FORBIDDEN']);
    expect(
      codes(await as(ada)(`mutation($id: ID!) { unpublishPost(where: {id: $id}) { id } }`, { id: adaPost })),
    ).toEqual(['FORBIDDEN']);
  });
});

describe('editors and viewers', () => {
  it("an editor updates, publishes and deletes anyone's items", async () => {
    const { createPost } = ok(await as(bob)(CREATE, { title: 'For the editor' }));
    expect(ok(await as(eve)(UPDATE, { id: createPost.id, title: 'Edited' })).updatePost.title).toBe('Edited');
    expect(ok(await as(eve)(PUBLISH, { id: createPost.id })).publishPost.status).toBe('PUBLISHED');
    expect(
      ok(await as(eve)(`mutation { updatePosts(where: {title: {equals: "Edited"}}, data: {views: 3}) { count } }`))
        .updatePosts.count,
    ).toBe(1);
    expect(ok(await as(eve)(DELETE, { id: createPost.id })).deletePost.id).toBe(createPost.id);
  });

  it('a viewer reads everything but writes nothing: FORBIDDEN', async () => {
    const { post } = ok(await as(vic)(`query($id: ID!) { post(where: {id: $id}) { status } }`, { id: bobPost }));
    expect(post.status).toBe('DRAFT');
    const before = ok(await w.gql(`{ posts { totalCount } }`).then((r) => r.body)).posts.totalCount;
    for (const [query, variables] of [
      [CREATE, { title: 'Viewer writes' }],
      [UPDATE, { id: bobPost, title: 'Viewer edits' }],
      [DELETE, { id: bobPost }],
      [PUBLISH, { id: bobPost }],
      [`mutation { createTags(data: []) { id } }`, {}],
      [`mutation { deletePosts(where: {}) { count } }`, {}],
    ] as const)
      expect(codes(await as(vic)(query, variables)), query).toEqual(['FORBIDDEN']);
    expect(ok(await w.gql(`{ posts { totalCount } }`).then((r) => r.body)).posts.totalCount).toBe(before);
  });
});

describe('the permission matrix', () => {
  const SET = `mutation($role: String!, $collection: String!, $action: PermissionAction!, $allowed: Boolean!, $scope: PermissionScope) {
    setPermission(role: $role, collection: $collection, action: $action, allowed: $allowed, scope: $scope) { role collection action allowed scope isDefault }
  }`;
  const set = (role: string, collection: string, action: string, allowed: boolean, scope = 'ALL') =>
    w.gql(SET, { role, collection, action, allowed, scope }).then((r) => r.body);
  const reset = (role: string, collection: string, action: string) =>
    w.data(
      `mutation($role: String!, $collection: String!, $action: PermissionAction!) { resetPermission(role: $role, collection: $collection, action: $action) { isDefault } }`,
      {
        role,
        collection,
        action,
      },
    );

  it('lists the roles and a role’s rights, built-in defaults marked', async () => {
    const { roles } = await w.data(`{ roles { name builtIn } }`);
    expect(roles.slice(0, 4)).toEqual(['admin', 'editor', 'author', 'viewer'].map((name) => ({ name, builtIn: true })));
    const { permissions } = await w.data(
      `{ permissions(role: "author") { collection action allowed scope isDefault } }`,
    );
    const post = permissions.filter((p: any) => p.collection === 'Post');
    expect(post).toEqual([
      { collection: 'Post', action: 'READ', allowed: true, scope: 'ALL', isDefault: true },
      { collection: 'Post', action: 'CREATE', allowed: true, scope: 'ALL', isDefault: true },
      { collection: 'Post', action: 'UPDATE', allowed: true, scope: 'OWN', isDefault: true },
      { collection: 'Post', action: 'DELETE', allowed: true, scope: 'OWN', isDefault: true },
      { collection: 'Post', action: 'PUBLISH', allowed: false, scope: 'ALL', isDefault: true },
    ]);
  });

  it('a custom role has no rights until granted; grants and withdrawals apply from the next request', async () => {
    expect(
      ok(
        await w
          .gql(`mutation { createRole(name: "reviewer", description: "Reads and fixes posts") { name builtIn } }`)
          .then((r) => r.body),
      ),
    ).toEqual({
      createRole: { name: 'reviewer', builtIn: false },
    });
    const rita = await signedIn('reviewer');
    expect(codes(await as(rita)(`{ posts { totalCount } }`))).toEqual(['FORBIDDEN']);
    expect(codes(await as(rita)(CREATE, { title: 'Rita writes' }))).toEqual(['FORBIDDEN']);

    expect(ok(await set('reviewer', 'Post', 'READ', true)).setPermission).toEqual({
      role: 'reviewer',
      collection: 'Post',
      action: 'READ',
      allowed: true,
      scope: 'ALL',
      isDefault: false,
    });
    const total = ok(await w.gql(`{ posts { totalCount } }`).then((r) => r.body)).posts.totalCount;
    expect(ok(await as(rita)(`{ posts { totalCount } }`)).posts.totalCount).toBe(total);
    // Authors are not granted: related authors are hidden (null), and reading them at the root is FORBIDDEN
    const { post } = ok(await as(rita)(`{ post(where: {slug: "ada-writes"}) { title author { name } } }`));
    expect(post).toEqual({ title: 'Ada rewrites', author: null });
    expect(codes(await as(rita)(`{ authors { totalCount } }`))).toEqual(['FORBIDDEN']);
    expect(codes(await as(rita)(UPDATE, { id: adaPost, title: 'Reviewed' }))).toEqual(['FORBIDDEN']);

    ok(await set('reviewer', 'Post', 'CREATE', true));
    ok(await set('reviewer', 'Post', 'UPDATE', true, 'OWN'));
    // An item the role can't read can't be linked either: it is not found.
    const { authors } = await w.data(`{ authors(first: 1) { nodes { id } } }`);
    const linked = await as(rita)(
      `mutation($a: ID!) { createPost(data: {title: "Linked", author: {connect: {id: $a}}}) { id } }`,
      { a: authors.nodes[0].id },
    );
    expect(linked.errors?.[0]?.extensions?.fieldErrors).toEqual([
      expect.objectContaining({ path: ['data', 'author', 'connect'], code: 'NOT_FOUND' }),
    ]);
    const mine = ok(await as(rita)(CREATE, { title: 'Rita writes' })).createPost.id;
    expect(ok(await as(rita)(UPDATE, { id: mine, title: 'Rita rewrites' })).updatePost.title).toBe('Rita rewrites');
    expect(codes(await as(rita)(UPDATE, { id: adaPost, title: 'Reviewed' }))).toEqual(['FORBIDDEN']);

    ok(await set('reviewer', 'Post', 'UPDATE', true, 'ALL'));
    expect(ok(await as(rita)(UPDATE, { id: adaPost, title: 'Reviewed' })).updatePost.title).toBe('Reviewed');
    ok(await as(rita)(UPDATE, { id: adaPost, title: 'Ada rewrites' }));

    ok(await set('reviewer', 'Post', 'READ', false));
    expect(codes(await as(rita)(`{ posts { totalCount } }`))).toEqual(['FORBIDDEN']);
    const { permissions } = await w.data(
      `{ permissions(role: "reviewer") { collection action allowed scope isDefault } }`,
    );
    expect(
      permissions.filter((p: any) => p.collection === 'Post' || (p.collection === 'Tag' && p.action === 'READ')),
    ).toEqual([
      { collection: 'Post', action: 'READ', allowed: false, scope: 'ALL', isDefault: false },
      { collection: 'Post', action: 'CREATE', allowed: true, scope: 'ALL', isDefault: false },
      { collection: 'Post', action: 'UPDATE', allowed: true, scope: 'ALL', isDefault: false },
      { collection: 'Post', action: 'DELETE', allowed: false, scope: 'ALL', isDefault: true },
      { collection: 'Post', action: 'PUBLISH', allowed: false, scope: 'ALL', isDefault: true },
      { collection: 'Tag', action: 'READ', allowed: false, scope: 'ALL', isDefault: true },
    ]);

    // A role still held by a user stays; a role nobody has goes, with its rights.
    expect(codes(await w.gql(`mutation { deleteRole(name: "reviewer") }`).then((r) => r.body))).toEqual(['CONFLICT']);
    await env.DB.prepare(`update cms_users set role = 'viewer' where id = ?`).bind(rita.id).run();
    expect(await w.data(`mutation { deleteRole(name: "reviewer") }`)).toEqual({ deleteRole: true });
    expect(
      (await env.DB.prepare(`select count(*) as n from cms_permissions where role = 'reviewer'`).first<{
        n: number;
      }>())!.n,
    ).toBe(0);
  });

  it('an own read scope filters lists, counts and lookups in SQL; another’s item is then NOT_FOUND to write', async () => {
    ok(await set('author', 'Post', 'READ', true, 'OWN'));
    try {
      const { posts } = ok(await as(ada)(`{ posts(first: 100) { totalCount nodes { id } } }`));
      const own = (await env.DB.prepare('select count(*) as n from posts where created_by = ?')
        .bind(ada.id)
        .first<{ n: number }>())!.n;
      expect(posts.totalCount).toBe(own);
      expect(posts.nodes).toHaveLength(own);
      expect(ok(await as(ada)(`query($id: ID!) { post(where: {id: $id}) { id } }`, { id: bobPost })).post).toBeNull();
      expect(codes(await as(ada)(UPDATE, { id: bobPost, title: 'Hijacked' }))).toEqual(['NOT_FOUND']);
      const nested = ok(await as(ada)(`{ tags { nodes { posts { totalCount } } } }`));
      expect(nested.tags.nodes.every((t: any) => t.posts.totalCount === 0)).toBe(true);
    } finally {
      await reset('author', 'Post', 'READ');
    }
    expect(ok(await as(ada)(`query($id: ID!) { post(where: {id: $id}) { id } }`, { id: bobPost })).post).toEqual({
      id: bobPost,
    });
  });

  it('can take a built-in right away', async () => {
    ok(await set('editor', 'Post', 'DELETE', false));
    expect(codes(await as(eve)(DELETE, { id: bobPost }))).toEqual(['FORBIDDEN']);
    await reset('editor', 'Post', 'DELETE');
    const { permissions } = await w.data(`{ permissions(role: "editor") { collection action isDefault } }`);
    expect(permissions.every((p: any) => p.isDefault)).toBe(true);
  });

  it('rejects bad names with VALIDATION_FAILED, taken ones with CONFLICT', async () => {
    const fieldErrors = (body: GqlResult) =>
      body.errors?.[0]?.extensions?.fieldErrors.map((e: any) => [e.path.join('.'), e.code]);
    const both = await set('nobody', 'Nope', 'READ', true);
    expect(codes(both)).toEqual(['VALIDATION_FAILED']);
    expect(fieldErrors(both)).toEqual([
      ['role', 'UNKNOWN_ROLE'],
      ['collection', 'UNKNOWN_COLLECTION'],
    ]);
    expect(fieldErrors(await set('admin', 'Post', 'READ', false))).toEqual([['role', 'ADMIN_FIXED']]);
    expect(fieldErrors(await set('author', 'posts', 'READ', false))).toEqual([['collection', 'UNKNOWN_COLLECTION']]);
    const bad = await w.gql(`mutation { createRole(name: "Not A Name") { name } }`).then((r) => r.body);
    expect(fieldErrors(bad)).toEqual([['name', 'INVALID_NAME']]);
    expect(codes(await w.gql(`mutation { createRole(name: "editor") { name } }`).then((r) => r.body))).toEqual([
      'CONFLICT',
    ]);
    expect(fieldErrors(await w.gql(`mutation { deleteRole(name: "viewer") }`).then((r) => r.body))).toEqual([
      ['name', 'BUILT_IN'],
    ]);
    expect(fieldErrors(await w.gql(`mutation { deleteRole(name: "ghost") }`).then((r) => r.body))).toEqual([
      ['name', 'UNKNOWN_ROLE'],
    ]);
    expect(fieldErrors(await w.gql(`{ permissions(role: "ghost") { action } }`).then((r) => r.body))).toEqual([
      ['role', 'UNKNOWN_ROLE'],
    ]);
    // an action outside the enum never reaches the resolver
    expect(
      (await w.gql(SET, { role: 'author', collection: 'Post', action: 'DESTROY', allowed: true })).body.errors,
    ).toBeDefined();
  });

  it('names its own types, which collections may not take', () => {
    for (const name of ['Role', 'Permission'])
      expect(() =>
        buildCms(defineConfig({ collections: [defineCollection({ name, fields: { label: text() } })] })),
      ).toThrow(/taken by the CMS/);
  });

  it('is for admins only: FORBIDDEN for other roles, UNAUTHENTICATED for anonymous callers', async () => {
    const anonymous = testWorker(undefined, { as: 'anonymous' });
    const documents = [
      `{ roles { name } }`,
      `{ permissions(role: "author") { action } }`,
      `mutation { createRole(name: "sneaky") { name } }`,
      `mutation { deleteRole(name: "sneaky") }`,
      `mutation { setPermission(role: "author", collection: "Post", action: PUBLISH, allowed: true) { allowed } }`,
      `mutation { resetPermission(role: "author", collection: "Post", action: PUBLISH) { allowed } }`,
    ];
    for (const query of documents) {
      for (const user of [eve, ada, vic]) expect(codes(await as(user)(query)), query).toEqual(['FORBIDDEN']);
      expect(codes((await anonymous.gql(query)).body), query).toEqual(['UNAUTHENTICATED']);
    }
    expect(
      (await env.DB.prepare(`select count(*) as n from cms_roles where name = 'sneaky'`).first<{ n: number }>())!.n,
    ).toBe(0);
  });
});

describe('D1 statements', () => {
  const handler = createHandler(buildCms(fixture));
  // Compiled whatever COMPILED_READS says (the suite compares, where the resolvers answer), and off.
  const compiled = createHandler(buildCms(fixture), { compiledReads: true });
  const resolvers = createHandler(buildCms(fixture), { compiledReads: false });
  async function run(query: string, headers: Record<string, string>, through = handler) {
    await warmUp(through, headers);
    const { body, statements } = await countedRun(through, query, headers);
    expect(body.errors).toBeUndefined();
    return statements;
  }
  const NESTED = `{ posts(first: 10) { nodes { title author { name email posts { nodes { title } } } tags { totalCount nodes { name } } } } }`;
  const isMatrix = (s: string) => /from "cms_permissions"/.test(s);

  it('an author’s nested read is 1 statement, after the one load of their role’s rights', async () => {
    const statements = await run(NESTED, ada.headers);
    expect(statements.filter(isMatrix)).toHaveLength(1);
    expect(statements.filter((s) => !isMatrix(s))).toHaveLength(1);
  });

  it('the rights are loaded once per request, however many fields need them', async () => {
    const query = `{ posts(first: 1) { nodes { id } } tags(first: 1) { nodes { posts { totalCount } } } authors { totalCount } }`;
    // Compiled, the three root fields are one statement; through the resolvers, one each.
    for (const [through, reads] of [
      [compiled, 1],
      [resolvers, 3],
    ] as const) {
      const statements = await run(query, ada.headers, through);
      expect(statements.filter(isMatrix)).toHaveLength(1);
      expect(statements).toHaveLength(1 + reads);
    }
  });

  it('an admin needs no load at all', async () => {
    const { headers } = await signedIn('admin');
    expect(await run(NESTED, headers)).toHaveLength(1);
  });
});

describe('API tokens', () => {
  // The authentication step turns an API token into this viewer; the rules are driven here through the operations.
  const cms = buildCms(fixture);
  const posts = cms.byName.get('Post')!;
  const tags = cms.byName.get('Tag')!;
  const contextOf = (viewer: Viewer): Context => {
    const db = createDb(env.DB, cms);
    const request = new Request('http://cms.test/graphql');
    return {
      env,
      cms,
      db,
      request,
      requestId: 'test',
      waitUntil: () => {},
      viewer,
      access: new Access(viewer, db),
      responseCache: new ResponseCache(undefined, resolveCache()),
    };
  };
  const token = (access: 'read' | 'read-write', collections: string[] | null, drafts = false) =>
    contextOf({ kind: 'apiToken', id: crypto.randomUUID(), access, collections, drafts });
  const asAdmin = () => contextOf({ kind: 'user', id: 'x', role: 'admin', email: '', tokenId: '', tokenExpiresAt: 0 });
  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'OK',
      (error) => error.extensions?.code ?? String(error),
    );

  it('a read token reads published items only; with the drafts right, every status at stage DRAFT', async () => {
    const ctx = token('read', null);
    const published = { where: { status: { equals: 'PUBLISHED' } } };
    expect(await countPage(ctx, posts, {})).toBe(
      await countPage(asAdmin(), posts, { ...published, stage: 'PUBLISHED' }),
    );
    expect(await countPage(ctx, posts, {})).toBeLessThan(await countPage(asAdmin(), posts, {}));
    expect(await readOne(ctx, posts, { id: bobPost })).toBeNull();
    expect(await code(countPage(ctx, posts, { stage: 'DRAFT' }))).toBe('FORBIDDEN');
    expect(await code(readOne(ctx, posts, { id: bobPost }, undefined, undefined, 'DRAFT'))).toBe('FORBIDDEN');
    const preview = token('read', null, true);
    expect(await readOne(preview, posts, { id: bobPost })).toBeNull();
    expect((await readOne(preview, posts, { id: bobPost }, undefined, undefined, 'DRAFT'))?.status).toBe('DRAFT');
    expect(await countPage(preview, posts, { stage: 'DRAFT' })).toBe(await countPage(asAdmin(), posts, {}));
  });

  it('a read token writes nothing', async () => {
    const ctx = token('read', null);
    expect(await code(createOne(ctx, posts, { data: { title: 'Token writes' } }))).toBe('FORBIDDEN');
    expect(await code(updateOne(ctx, posts, { where: { id: bobPost }, data: { title: 'Token edits' } }))).toBe(
      'FORBIDDEN',
    );
    expect(await code(deleteMany(ctx, tags, { where: {} }))).toBe('FORBIDDEN');
  });

  it('a read-write token writes like an editor; its items belong to nobody', async () => {
    const ctx = token('read-write', null);
    const item = await createOne(ctx, posts, { data: { title: 'Token writes' } });
    expect(await createdBy(item.id)).toBeNull();
    expect((await updateOne(ctx, posts, { where: { id: bobPost }, data: { excerpt: 'by token' } })).excerpt).toBe(
      'by token',
    );
  });

  it('a token scoped to collections is FORBIDDEN elsewhere, and sees nothing there through relations', async () => {
    await w.data(`mutation { createTag(data: {name: "Scoped"}) { id } }`);
    await w.data(`mutation { createPost(data: {title: "Tagged", tags: {connect: [{name: "Scoped"}]}}) { id } }`);
    // With the drafts right, at stage DRAFT: the tag and post made here are drafts.
    const ctx = token('read-write', ['Post'], true);
    const drafts = { stage: 'DRAFT' };
    expect((await readPage(ctx, posts, drafts)).length).toBeGreaterThan(0);
    expect(await code(readPage(ctx, tags, drafts))).toBe('FORBIDDEN');
    expect(await code(createOne(ctx, tags, { data: { name: 'Token tag' } }))).toBe('FORBIDDEN');
    // Related tags are hidden: a relation filter on them matches nothing.
    expect(await countPage(ctx, posts, { ...drafts, where: { tags: { some: {} } } })).toBe(0);
    expect(
      await countPage(token('read', ['posts', 'Tag'], true), posts, { ...drafts, where: { tags: { some: {} } } }),
    ).toBeGreaterThan(0);
  });

  it('private fields follow the role a token acts as: hidden from read tokens, shown to read-write ones', () => {
    const email = cms.byName.get('Author')!.field.get('email')!;
    expect(token('read', null).access.canReadField(email)).toBe(false);
    expect(token('read-write', null).access.canReadField(email)).toBe(true);
  });
});
