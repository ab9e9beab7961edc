import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { codes, testWorker } from './helpers';
import { seedBlog } from './reads-seed';

// Content stages: anonymous callers and API tokens read published content unless they ask for `stage: DRAFT` and
// may; signed-in users keep reading every item their rules cover unless they ask for `stage: PUBLISHED`. The rule
// holds at the root (list, connection, id, slug), through every relation and in totalCount, cached or not.
const admin = testWorker();
const anonymous = testWorker(undefined, { as: 'anonymous' });
const viewer = testWorker(undefined, { as: 'viewer' });

const FUTURE = Date.UTC(2999, 0, 1);

/**
 * The blog of reads-seed.ts (p1 alpha and p3 gamma PUBLISHED, p2 beta and p5 DRAFT, p4 ARCHIVED), plus a DRAFT
 * author a4 "Drafty" with a PUBLISHED post p6 zeta, a DRAFT tag t5 "Secret" on p1, and p7 "later", PUBLISHED but
 * scheduled for the future.
 */
beforeAll(async () => {
  await seedBlog();
  const db = env.DB;
  await db.batch([
    db.prepare(
      `insert into authors (id, created_at, updated_at, status, name) values ('a4', 9000, 9000, 'DRAFT', 'Drafty')`,
    ),
    db.prepare(`insert into posts (id, created_at, updated_at, status, published_at, title, slug, views, featured,
      author_id)
      values ('p6', 6000, 6000, 'PUBLISHED', 6500, 'Zeta', 'zeta', 5, 0, 'a4')`),
    db
      .prepare(`insert into posts (id, created_at, updated_at, status, published_at, title, slug, views, featured,
      author_id)
      values ('p7', 7000, 7000, 'PUBLISHED', ?, 'Later', 'later', 5, 0, 'a1')`)
      .bind(FUTURE),
    db.prepare(
      `insert into tags (id, created_at, updated_at, status, name, slug)
      values ('t5', 5000, 5000, 'DRAFT', 'Secret', 'secret')`,
    ),
    db.prepare(`insert into posts_tags (source_id, target_id, position) values ('p1', 't5', 2)`),
  ]);
});

/** A token made the documented way: by an admin, through `createApiToken`. */
async function apiToken(options: { access?: 'READ' | 'READ_WRITE'; drafts?: boolean } = {}) {
  const { createApiToken } = await admin.data(
    `mutation T($access: ApiTokenAccess!, $drafts: Boolean) {
      createApiToken(name: "site", access: $access, drafts: $drafts) { token apiToken { id drafts } }
    }`,
    { access: options.access ?? 'READ', drafts: options.drafts },
  );
  expect(createApiToken.apiToken.drafts).toBe(options.drafts === true);
  return { authorization: `Bearer ${createApiToken.token}` };
}

/** Every way to reach an item: lists, edges, id, slug, to-one, to-many and reverse relations, relation filters. */
const EVERYWHERE = `query Everywhere($stage: ContentStage) {
  posts(first: 10, orderBy: [{id: asc}], stage: $stage) {
    totalCount
    nodes { id status author { id status } tags(first: 5, orderBy: [{id: asc}]) { totalCount nodes { id status } } }
  }
  edges: posts(first: 10, orderBy: [{id: asc}], stage: $stage) { edges { node { id status } } }
  byId: post(where: {id: "p2"}, stage: $stage) { id status }
  bySlug: post(where: {slug: "alpha-2"}, stage: $stage) { id status }
  archived: post(where: {id: "p4"}, stage: $stage) { id status }
  scheduled: post(where: {slug: "later"}, stage: $stage) { id status }
  zeta: post(where: {slug: "zeta"}, stage: $stage) { id author { id name status } }
  author(where: {id: "a1"}, stage: $stage) { posts(first: 10, orderBy: [{id: asc}]) { totalCount nodes { id status } } }
  tag(where: {id: "t1"}, stage: $stage) { posts(first: 10, orderBy: [{id: asc}]) { totalCount nodes { id status } } }
  drafty: author(where: {id: "a4"}, stage: $stage) { id }
  authors(first: 10, orderBy: [{id: asc}], stage: $stage) { totalCount nodes { id posts { totalCount } } }
  byDraftAuthor: posts(where: {author: {name: {equals: "Drafty"}}}, stage: $stage) { totalCount }
  byDraftTag: posts(where: {tags: {some: {slug: {equals: "secret"}}}}, stage: $stage) { totalCount }
  drafts: posts(where: {status: {in: [DRAFT, ARCHIVED]}}, stage: $stage) { totalCount }
}`;

/** What a public site must see of EVERYWHERE: published items only, at every level. */
const PUBLISHED_VIEW = {
  posts: {
    totalCount: 3,
    nodes: [
      {
        id: 'p1',
        status: 'PUBLISHED',
        author: { id: 'a1', status: 'PUBLISHED' },
        tags: {
          totalCount: 2,
          nodes: [
            { id: 't1', status: 'PUBLISHED' },
            { id: 't2', status: 'PUBLISHED' },
          ],
        },
      },
      {
        id: 'p3',
        status: 'PUBLISHED',
        author: { id: 'a2', status: 'PUBLISHED' },
        tags: {
          totalCount: 2,
          nodes: [
            { id: 't2', status: 'PUBLISHED' },
            { id: 't3', status: 'PUBLISHED' },
          ],
        },
      },
      { id: 'p6', status: 'PUBLISHED', author: null, tags: { totalCount: 0, nodes: [] } },
    ],
  },
  edges: { edges: ['p1', 'p3', 'p6'].map((id) => ({ node: { id, status: 'PUBLISHED' } })) },
  byId: null,
  bySlug: null,
  archived: null,
  scheduled: null,
  zeta: { id: 'p6', author: null },
  author: { posts: { totalCount: 1, nodes: [{ id: 'p1', status: 'PUBLISHED' }] } },
  tag: { posts: { totalCount: 1, nodes: [{ id: 'p1', status: 'PUBLISHED' }] } },
  drafty: null,
  authors: {
    totalCount: 3,
    nodes: [
      { id: 'a1', posts: { totalCount: 1 } },
      { id: 'a2', posts: { totalCount: 1 } },
      { id: 'a3', posts: { totalCount: 0 } },
    ],
  },
  byDraftAuthor: { totalCount: 0 },
  byDraftTag: { totalCount: 0 },
  drafts: { totalCount: 0 },
};

/** Anything of a draft, an archived or a scheduled item, or a draft author or tag, in a response's text. */
const DRAFTISH = /DRAFT|ARCHIVED|Drafty|Secret|"p2"|"p4"|"p5"|"p7"|"a4"|"t5"/;

/** The parts of EVERYWHERE that show drafts to a caller reading at the DRAFT stage. */
function expectDraftView(data: any) {
  expect(data.posts.totalCount).toBe(7);
  expect(data.byId).toEqual({ id: 'p2', status: 'DRAFT' });
  expect(data.bySlug).toEqual({ id: 'p5', status: 'DRAFT' });
  expect(data.archived).toEqual({ id: 'p4', status: 'ARCHIVED' });
  expect(data.scheduled).toEqual({ id: 'p7', status: 'PUBLISHED' });
  expect(data.zeta.author).toEqual({ id: 'a4', name: 'Drafty', status: 'DRAFT' });
  expect(data.posts.nodes[0].tags.totalCount).toBe(3);
  expect(data.author.posts.totalCount).toBe(3);
  expect(data.tag.posts.totalCount).toBe(2);
  expect(data.authors.totalCount).toBe(4);
  expect(data.byDraftAuthor.totalCount).toBe(1);
  expect(data.drafts.totalCount).toBe(3);
}

describe('a read-only API token never receives a draft', () => {
  it('by list, connection, id, slug, to-one, to-many and reverse relation, totalCount and filter', async () => {
    const headers = await apiToken();
    const { body } = await anonymous.gql(EVERYWHERE, {}, headers);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual(PUBLISHED_VIEW);
    expect(JSON.stringify(body)).not.toMatch(DRAFTISH);
  });

  it('nor from the cache, after an admin and a previewing token read the same document', async () => {
    // The admin's and the preview's answers hold drafts and are cached first: neither may be served to the token.
    expectDraftView(await admin.data(EVERYWHERE));
    const preview = await apiToken({ drafts: true });
    expectDraftView((await anonymous.gql(EVERYWHERE, { stage: 'DRAFT' }, preview)).body.data);
    const headers = await apiToken();
    const seen: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const { response, body } = await anonymous.gql(EVERYWHERE, {}, headers);
      seen.push(response.headers.get('x-cache-status'));
      expect(body.data).toEqual(PUBLISHED_VIEW);
      expect(JSON.stringify(body)).not.toMatch(DRAFTISH);
    }
    expect(seen).toContain('HIT');
    // Anonymous callers share one cache scope: it holds the published answer only.
    for (let i = 0; i < 2; i++) expect((await anonymous.gql(EVERYWHERE)).body.data).toEqual(PUBLISHED_VIEW);
  });

  it('and asking for drafts is FORBIDDEN (UNAUTHENTICATED when anonymous), nothing of them answered', async () => {
    const headers = await apiToken();
    const denied = await anonymous.gql(EVERYWHERE, { stage: 'DRAFT' }, headers);
    expect(new Set(codes(denied.body))).toEqual(new Set(['FORBIDDEN']));
    expect(JSON.stringify(denied.body)).not.toMatch(DRAFTISH);
    const alone = await anonymous.gql(`{ post(where: {id: "p2"}, stage: DRAFT) { id } }`, {}, headers);
    expect(codes(alone.body)).toEqual(['FORBIDDEN']);
    expect(alone.body.data).toEqual({ post: null });
    const nobody = await anonymous.gql(`{ posts(stage: DRAFT) { totalCount } }`);
    expect(codes(nobody.body)).toEqual(['UNAUTHENTICATED']);
    // Asking for the stage they have is fine.
    expect((await anonymous.gql(EVERYWHERE, { stage: 'PUBLISHED' }, headers)).body.data).toEqual(PUBLISHED_VIEW);
  });

  it('nor does a read-write token, through the answer of its own write', async () => {
    const headers = await apiToken({ access: 'READ_WRITE' });
    const { body } = await anonymous.gql(
      `mutation { updatePost(where: {id: "p6"}, data: {excerpt: "edited"}) { id author { name } } }`,
      {},
      headers,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.updatePost).toEqual({ id: 'p6', author: null });
    expect((await anonymous.gql(`{ posts { totalCount } }`, {}, headers)).body.data.posts.totalCount).toBe(3);
  });
});

describe('drafts only for a caller with the right who asks', () => {
  it('a token made with drafts reads published content by default and drafts at stage DRAFT', async () => {
    const headers = await apiToken({ drafts: true });
    expect((await anonymous.gql(EVERYWHERE, {}, headers)).body.data).toEqual(PUBLISHED_VIEW);
    const { body } = await anonymous.gql(EVERYWHERE, { stage: 'DRAFT' }, headers);
    expect(body.errors).toBeUndefined();
    expectDraftView(body.data);
    // The cached DRAFT answer is not the default one.
    expect((await anonymous.gql(EVERYWHERE, {}, headers)).body.data).toEqual(PUBLISHED_VIEW);
  });

  it('each root field reads at its own stage, relations beneath it included', async () => {
    const headers = await apiToken({ drafts: true });
    const { body } = await anonymous.gql(
      `{
        live: post(where: {id: "p6"}, stage: PUBLISHED) { author { name } }
        preview: post(where: {id: "p6"}, stage: DRAFT) { author { name } }
        liveList: posts(where: {id: {equals: "p1"}}, stage: PUBLISHED) { nodes { tags { totalCount } } }
        previewList: posts(where: {id: {equals: "p1"}}, stage: DRAFT) { nodes { tags { totalCount } } }
      }`,
      {},
      headers,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      live: { author: null },
      preview: { author: { name: 'Drafty' } },
      liveList: { nodes: [{ tags: { totalCount: 2 } }] },
      previewList: { nodes: [{ tags: { totalCount: 3 } }] },
    });
  });

  it('signed-in users read every item by default, and published ones only at stage PUBLISHED', async () => {
    expectDraftView(await viewer.data(EVERYWHERE));
    expect(await viewer.data(EVERYWHERE, { stage: 'PUBLISHED' })).toEqual(PUBLISHED_VIEW);
    expect(await admin.data(EVERYWHERE, { stage: 'PUBLISHED' })).toEqual(PUBLISHED_VIEW);
    expectDraftView(await admin.data(EVERYWHERE, { stage: 'DRAFT' }));
  });

  it('the right is listed with the token, and is off unless asked for', async () => {
    await apiToken({ drafts: false });
    const { apiTokens } = await admin.data(`{ apiTokens { drafts } }`);
    const rights = apiTokens.map((t: { drafts: boolean }) => t.drafts);
    expect(rights).toContain(true);
    expect(rights).toContain(false);
    expect(codes((await anonymous.gql(`{ posts(stage: PREVIEW) { totalCount } }`)).body)).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
  });
});
