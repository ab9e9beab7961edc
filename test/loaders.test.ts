import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCms } from '../src/build';
import { defineConfig } from '../src';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { countedRun, warmUp } from './d1-counter';
import fixture from './fixtures/config';
import { seedBlog } from './reads-seed';

// Room for 150 aliased lookups in one document.
// The resolvers' loaders (compiled reads off, which answer such lookups in one statement of their own).
const handler = createHandler(
  buildCms(defineConfig({ ...fixture, security: { limits: { maxAliases: 200, maxTokens: 20_000 } } })),
  { compiledReads: false },
);
let admin: Promise<{ headers: Record<string, string> }>;

/** Runs a document against the worker with a counting D1: its body and the statements it ran. */
async function run(query: string, as: 'admin' | 'anonymous' = 'admin') {
  const headers = as === 'admin' ? (await (admin ??= signedIn('admin'))).headers : {};
  await warmUp(handler, headers);
  return countedRun(handler, query, headers);
}

/** The by-unique lookups of a table among statements: `from "tags" as "d0" where "d0"."slug" in (…)`. */
const lookups = (statements: string[], table: string) =>
  statements.filter((s) => new RegExp(`from "${table}" as "d0" where "d0"\\."\\w+" in \\(`).test(s));
/** The ids an item links to, in link order. */
const linked = async (id: string) =>
  (
    await env.DB.prepare('select target_id from posts_tags where source_id = ? order by position')
      .bind(id)
      .all<{ target_id: string }>()
  ).results.map((r) => r.target_id);
const params = (statement: string) => statement.split('?').length - 1;

// 150 tags beside the blog's four, for lookups beyond one statement's parameters.
const MANY = Array.from({ length: 150 }, (_, i) => ({
  id: `many-${String(i).padStart(3, '0')}`,
  slug: `many-slug-${i}`,
}));

beforeAll(async () => {
  await seedBlog();
  await env.DB.batch(
    MANY.map((t, i) =>
      env.DB.prepare(
        'insert into tags (id, created_at, updated_at, status, name, slug) values (?, ?, ?, ?, ?, ?)',
      ).bind(t.id, 10_000 + i, 10_000 + i, 'PUBLISHED', `Many ${i}`, t.slug),
    ),
  );
});

const POST = 'id title slug author { name } tags { nodes { name } }';

describe('aliased single-item lookups', () => {
  it('five lookups by id are one statement, as many as one lookup', async () => {
    const one = await run(`{ a: post(where: {id: "p1"}) { ${POST} } }`);
    expect(one.body.errors).toBeUndefined();
    const five = await run(`{
      a: post(where: {id: "p1"}) { ${POST} }  b: post(where: {id: "p2"}) { ${POST} }  c: post(where: {id: "p3"}) { ${POST} }
      d: post(where: {id: "p4"}) { ${POST} }  e: post(where: {id: "missing"}) { ${POST} }
    }`);
    expect(five.body.errors).toBeUndefined();
    expect(five.statements).toHaveLength(one.statements.length);
    expect(five.statements).toHaveLength(1);
    const { a, b, c, d, e } = five.body.data;
    expect(a).toEqual(one.body.data.a);
    expect(a).toEqual({
      id: 'p1',
      title: 'Alpha',
      slug: 'alpha',
      author: { name: 'Ada' },
      tags: { nodes: [{ name: 'Edge' }, { name: 'GraphQL' }] },
    });
    expect([b.id, b.author.name, c.id, c.author.name, d.id, d.author]).toEqual([
      'p2',
      'Ada',
      'p3',
      'Grace',
      'p4',
      null,
    ]);
    expect(c.tags.nodes.map((t: any) => t.name)).toEqual(['Drizzle', 'Edge']);
    expect(e).toBeNull();
  });

  it('lookups by slug are one statement too; one more per other unique field', async () => {
    const bySlug = await run(
      `{ a: post(where: {slug: "alpha"}) { ${POST} } b: post(where: {slug: "gamma"}) { ${POST} } c: post(where: {slug: "alpha-2"}) { ${POST} } }`,
    );
    expect(bySlug.body.errors).toBeUndefined();
    expect(bySlug.statements).toHaveLength(1);
    expect([bySlug.body.data.a.id, bySlug.body.data.b.id, bySlug.body.data.c.id]).toEqual(['p1', 'p3', 'p5']);
    const mixed = await run(
      `{ a: post(where: {slug: "beta"}) { id } b: post(where: {id: "p3"}) { id } c: post(where: {slug: "delta"}) { id } d: post(where: {id: "p1"}) { id } }`,
    );
    expect(mixed.statements).toHaveLength(2);
    expect(Object.values(mixed.body.data).map((p: any) => p.id)).toEqual(['p2', 'p3', 'p4', 'p1']);
  });

  it('the same item twice, and lookups of other collections beside them: one statement per collection', async () => {
    const { body, statements } = await run(`{
      a: post(where: {id: "p1"}) { title } b: post(where: {id: "p1"}) { title } c: post(where: {id: "p2"}) { title }
      x: tag(where: {slug: "edge"}) { name } y: tag(where: {slug: "drizzle"}) { name } z: author(where: {id: "a2"}) { name }
    }`);
    expect(body.errors).toBeUndefined();
    expect(statements).toHaveLength(3);
    expect(body.data).toEqual({
      a: { title: 'Alpha' },
      b: { title: 'Alpha' },
      c: { title: 'beta' },
      x: { name: 'Edge' },
      y: { name: 'Drizzle' },
      z: { name: 'Grace' },
    });
  });

  it('lookups that select differently are answered each with its own selection', async () => {
    const { body, statements } = await run(`{
      a: post(where: {id: "p1"}) { title tags(first: 1) { nodes { name } } }
      b: post(where: {id: "p3"}) { title tags(first: 1) { nodes { name } } }
      c: post(where: {id: "p3"}) { views tags(orderBy: [{name: asc}]) { nodes { name } } }
    }`);
    expect(body.errors).toBeUndefined();
    // a and b share a shape; c is a statement of its own
    expect(statements).toHaveLength(2);
    expect(body.data).toEqual({
      a: { title: 'Alpha', tags: { nodes: [{ name: 'Edge' }] } },
      b: { title: 'Gamma', tags: { nodes: [{ name: 'Drizzle' }] } },
      c: { views: 20, tags: { nodes: [{ name: 'Drizzle' }, { name: 'Edge' }] } },
    });
  });

  it('selections with counts and text filters are shared by equal selections only', async () => {
    const sel = (text: string) =>
      `title tags(where: {name: {contains: "${text}"}}) { totalCount nodes { name } } author { posts { totalCount } }`;
    const { body, statements } = await run(`{
      a: post(where: {id: "p1"}) { ${sel('e')} }  b: post(where: {id: "p3"}) { ${sel('e')} }  c: post(where: {id: "p5"}) { ${sel('e')} }
      d: post(where: {id: "p1"}) { ${sel('G')} }
    }`);
    expect(body.errors).toBeUndefined();
    expect(statements).toHaveLength(2);
    expect(body.data.a).toEqual({
      title: 'Alpha',
      tags: { totalCount: 1, nodes: [{ name: 'Edge' }] },
      author: { posts: { totalCount: 2 } },
    });
    expect(body.data.b).toEqual({
      title: 'Gamma',
      tags: { totalCount: 2, nodes: [{ name: 'Drizzle' }, { name: 'Edge' }] },
      author: { posts: { totalCount: 2 } },
    });
    expect(body.data.c.tags).toEqual({ totalCount: 1, nodes: [{ name: 'Drizzle' }] });
    expect(body.data.d.tags).toEqual({ totalCount: 1, nodes: [{ name: 'GraphQL' }] });
  });

  it('150 lookups are cut under the 100 bound parameters of a statement, and all of them resolve', async () => {
    const query = `{ ${MANY.map((t, i) => `t${i}: tag(where: {id: "${t.id}"}) { id slug }`).join(' ')} }`;
    const { body, statements } = await run(query);
    expect(body.errors).toBeUndefined();
    expect(statements).toHaveLength(2);
    for (const statement of statements) expect(params(statement)).toBeLessThanOrEqual(100);
    for (const [i, t] of MANY.entries()) expect(body.data[`t${i}`]).toEqual({ id: t.id, slug: t.slug });
  });

  it('an anonymous caller gets null for drafts through the batched lookup, in the same one statement', async () => {
    const { body, statements } = await run(
      `{ a: post(where: {id: "p1"}) { id } b: post(where: {id: "p2"}) { id } c: post(where: {slug: "gamma"}) { id } d: post(where: {slug: "alpha-2"}) { id } e: post(where: {id: "p4"}) { id } }`,
      'anonymous',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ a: { id: 'p1' }, b: null, c: { id: 'p3' }, d: null, e: null });
    expect(statements).toHaveLength(2); // one per unique field
  });

  it('a signed-in editor, whose rules load first, still gets one statement for the lookups', async () => {
    const editor = await signedIn('editor');
    await warmUp(handler, editor.headers);
    const one = await countedRun(handler, `{ a: post(where: {id: "p2"}) { id } }`, editor.headers);
    const four = await countedRun(
      handler,
      `{ a: post(where: {id: "p2"}) { id } b: post(where: {id: "p5"}) { id } c: post(where: {id: "p1"}) { id } d: post(where: {id: "p3"}) { id } }`,
      editor.headers,
    );
    expect(four.body.errors).toBeUndefined();
    expect(Object.values(four.body.data).map((p: any) => p.id)).toEqual(['p2', 'p5', 'p1', 'p3']);
    expect(four.statements).toHaveLength(one.statements.length);
    expect(lookups(four.statements, 'posts')).toHaveLength(1);
  });

  it('hidden related items stay hidden: a draft is no author’s post for an anonymous caller', async () => {
    const { body } = await run(
      `{ a: author(where: {id: "a1"}) { posts { nodes { id } } } b: author(where: {id: "a2"}) { posts { nodes { id } } } }`,
      'anonymous',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.a.posts.nodes.map((p: any) => p.id)).toEqual(['p1']);
    expect(body.data.b.posts.nodes.map((p: any) => p.id)).toEqual(['p3']);
  });
});

describe('with read hooks', () => {
  // Post lookups by id see published items only (a beforeRead hook narrows the where; lookups by slug it leaves
  // alone); afterRead changes what it is given.
  const hooked = createHandler(
    buildCms(
      defineConfig({
        ...fixture,
        collections: fixture.collections.map((c) =>
          c.name === 'Post'
            ? {
                ...c,
                hooks: {
                  beforeRead: ({ where }: any) =>
                    'id' in where ? { AND: [where, { status: 'PUBLISHED' }] } : undefined,
                  afterRead: ({ items }: any) => {
                    for (const item of items) if (typeof item.title === 'string') item.title = `${item.title}!`;
                  },
                },
              }
            : c,
        ),
      }),
    ),
  );

  it('a hook that narrows the where still applies to each lookup, and afterRead runs once per answer', async () => {
    const { headers } = await (admin ??= signedIn('admin'));
    await warmUp(hooked, headers);
    const { body } = await countedRun(
      hooked,
      `{ a: post(where: {id: "p1"}) { title } b: post(where: {id: "p2"}) { title } c: post(where: {id: "p1"}) { title } }`,
      headers,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ a: { title: 'Alpha!' }, b: null, c: { title: 'Alpha!' } });
    const bySlug = await countedRun(
      hooked,
      `{ a: post(where: {slug: "alpha"}) { title } b: post(where: {slug: "alpha"}) { title } c: post(where: {slug: "beta"}) { title } }`,
      headers,
    );
    expect(bySlug.body.data).toEqual({ a: { title: 'Alpha!' }, b: { title: 'Alpha!' }, c: { title: 'beta!' } });
    expect(bySlug.statements).toHaveLength(1);
  });
});

describe('relation connects', () => {
  const ids = (n: number) =>
    MANY.slice(0, n)
      .map((t) => `{id: "${t.id}"}`)
      .join(', ');

  it('a create connecting 70 tags looks them up in one statement and links them in one', async () => {
    const { body, statements } = await run(
      `mutation { createPost(data: {title: "Seventy", tags: {connect: [${ids(70)}]}}) { id tags(first: 100) { totalCount nodes { id } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.createPost.tags.totalCount).toBe(70);
    expect(await linked(body.data.createPost.id)).toEqual(MANY.slice(0, 70).map((t) => t.id));
    expect(lookups(statements, 'tags')).toHaveLength(1);
    expect(statements.filter((s) => /insert or ignore into "posts_tags"/i.test(s))).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(8);
  });

  it('an update connecting 120 tags by slug: two lookups, one link statement, in the order given after the links there were', async () => {
    const slugs = MANY.slice(30, 150)
      .map((t) => `{slug: "${t.slug}"}`)
      .join(', ');
    const { body, statements } = await run(
      `mutation { updatePost(where: {id: "p4"}, data: {tags: {connect: [{slug: "edge"}]}}) { id } }`,
    );
    expect(body.errors).toBeUndefined();
    const second = await run(
      `mutation { updatePost(where: {id: "p4"}, data: {tags: {connect: [${slugs}]}}) { tags(first: 100) { totalCount nodes { slug } } } }`,
    );
    expect(second.body.errors).toBeUndefined();
    expect(second.body.data.updatePost.tags.totalCount).toBe(121);
    expect(await linked('p4')).toEqual(['t2', ...MANY.slice(30, 150).map((t) => t.id)]);
    expect(lookups(second.statements, 'tags')).toHaveLength(2);
    for (const statement of second.statements) expect(params(statement)).toBeLessThanOrEqual(100);
    expect(second.statements.filter((s) => /insert or ignore into "posts_tags"/i.test(s))).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(second.statements.length);
  });

  it('reads after writes in one document: an item created, then connected, then deleted, then not found', async () => {
    const { body } = await run(`mutation {
      a: createTag(data: {name: "Fresh", slug: "fresh"}) { slug }
      b: updatePost(where: {id: "p4"}, data: {tags: {set: [{slug: "fresh"}]}}) { tags { nodes { slug } } }
      c: deleteTag(where: {slug: "fresh"}) { slug }
      d: updatePost(where: {id: "p4"}, data: {tags: {connect: [{slug: "fresh"}]}}) { id }
    }`);
    expect(body.data?.a ?? null).toBeNull(); // d fails, and updatePost is non-null: the whole data is null
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors as any[];
    expect(error.path).toEqual(['d']);
    expect(error.extensions.code).toBe('VALIDATION_FAILED');
    const after = await run(`{ post(where: {id: "p4"}) { tags { nodes { slug } } } }`);
    expect(after.body.data.post.tags.nodes).toEqual([]);
  });
});

describe('reads after bulk writes', () => {
  it('a selection with parameters of its own leaves fewer ids per read, and every created item comes back in order', async () => {
    const data = Array.from({ length: 60 }, (_, i) => `{name: "Bulk ${i}", slug: "bulk-${i}"}`).join(', ');
    // 50 values bound one by one (an `in` list would be one parameter), in a shallow expression: D1 refuses one
    // nested more than 100 levels deep (an OR of 50 alternatives is).
    const views = Array.from({ length: 25 }, (_, i) => `{views: {gt: ${i}, lt: 1000}}`).join(', ');
    const { body, statements } = await run(
      `mutation { createTags(data: [${data}]) { slug posts(where: {OR: [${views}]}) { totalCount } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.createTags.map((t: any) => t.slug)).toEqual(Array.from({ length: 60 }, (_, i) => `bulk-${i}`));
    expect(body.data.createTags[0].posts.totalCount).toBe(0);
    const reads = lookups(statements, 'tags');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    for (const statement of reads) expect(params(statement)).toBeLessThanOrEqual(100);
  });
});

describe('roles, rights and the signed-in user', () => {
  const from = (statements: string[], table: string) =>
    statements.filter((s) => new RegExp(`^select .* from "${table}"`, 'i').test(s.trim()));

  it('`me` asked twice is one query', async () => {
    const { body, statements } = await run(`{ a: me { id role } b: me { email } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.a.role).toBe('admin');
    expect(body.data.b.email).toMatch(/@example\.com$/);
    expect(from(statements, 'cms_users')).toHaveLength(1);
  });

  it('the rights of several roles are one query for the roles and one for their rows', async () => {
    await run(`mutation { a: createRole(name: "lister-a") { name } b: createRole(name: "lister-b") { name } }`);
    await run(
      `mutation { setPermission(role: "lister-b", collection: "Post", action: READ, allowed: true, scope: OWN) { role } }`,
    );
    const { body, statements } = await run(
      `{ a: permissions(role: "lister-a") { action allowed } b: permissions(role: "lister-b") { collection action allowed scope isDefault } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.a.every((p: any) => p.allowed === false)).toBe(true);
    expect(body.data.b.find((p: any) => p.collection === 'Post' && p.action === 'READ')).toEqual({
      collection: 'Post',
      action: 'READ',
      allowed: true,
      scope: 'OWN',
      isDefault: false,
    });
    expect(from(statements, 'cms_roles')).toHaveLength(1);
    expect(from(statements, 'cms_permissions')).toHaveLength(1);
  });

  it('a document setting many rights of a new role reads the role once, and sees its own create and delete', async () => {
    const cells = ['READ', 'CREATE', 'UPDATE', 'DELETE', 'PUBLISH'].map(
      (action, i) =>
        `s${i}: setPermission(role: "matrix-x", collection: "Tag", action: ${action}, allowed: true) { action }`,
    );
    const { body, statements } = await run(`mutation { createRole(name: "matrix-x") { name } ${cells.join(' ')} }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.s4).toEqual({ action: 'PUBLISH' });
    expect(from(statements, 'cms_roles')).toHaveLength(1);
    const gone = await run(
      `mutation { deleteRole(name: "matrix-x") again: setPermission(role: "matrix-x", collection: "Tag", action: READ, allowed: true) { action } }`,
    );
    expect((gone.body.errors as any[]).map((e) => [e.path, e.extensions.code])).toEqual([
      [['again'], 'VALIDATION_FAILED'],
    ]);
  });
});
