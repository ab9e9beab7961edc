// Content stages over HTTP: a read-only API token, made the documented way, never receives a draft (by list, id or
// relation, fresh or cached, after an admin read the same document); drafts only for a token made with
// `drafts: true` that asks for `stage: DRAFT`.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gql } from '../lib/gql.mjs';

async function graphql(url, query, variables, headers = {}) {
  const result = await gql(url, query, variables, headers);
  return { ...result, cache: result.headers.get('x-cache-status') };
}

async function must(url, query, variables, headers) {
  const result = await graphql(url, query, variables, headers);
  assert.equal(result.body.errors, undefined, result.text.slice(0, 300));
  return result.body.data;
}

async function token(url, admin, drafts) {
  const data = await must(
    url,
    'mutation($drafts: Boolean) { createApiToken(name: "e2e site", access: READ, drafts: $drafts) { token } }',
    { drafts },
    admin,
  );
  return { authorization: `Bearer ${data.createApiToken.token}` };
}

/** Every way the e2e content reaches a reader: the list, the draft by id, the draft author through a published post. */
const READ = `query Read($word: String!, $draft: ID!, $live: ID!, $stage: ContentStage) {
  posts(where: { title: { contains: $word } }, orderBy: [{ title: asc }], stage: $stage) {
    totalCount
    nodes { title status author { name status } }
  }
  draft: post(where: { id: $draft }, stage: $stage) { title }
  live: post(where: { id: $live }, stage: $stage) { title author { name } }
}`;

export default [
  {
    name: 'a read-only API token never receives a draft, cached or not; a drafts token only when it asks',
    item: 'content-stages',
    async run({ url, admin: account }) {
      const word = `Stage${randomUUID().slice(0, 8)}`;
      const login = await must(
        url,
        'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
        account,
      );
      const admin = { authorization: `Bearer ${login.login.token}` };
      const author = await must(
        url,
        'mutation($n: String!) { createAuthor(data: { name: $n }) { id } }',
        { n: `${word} hidden author` },
        admin,
      );
      const create =
        'mutation($t: String!, $a: ID!) { createPost(data: { title: $t, author: { connect: { id: $a } } }) { id } }';
      const live = await must(url, create, { t: `${word} A live`, a: author.createAuthor.id }, admin);
      const draft = await must(url, create, { t: `${word} B draft`, a: author.createAuthor.id }, admin);
      await must(
        url,
        'mutation($id: ID!) { publishPost(where: { id: $id }) { id } }',
        { id: live.createPost.id },
        admin,
      );
      const variables = { word, draft: draft.createPost.id, live: live.createPost.id };

      // The admin reads first, drafts and all: nothing of it may reach the token or anonymous callers.
      const full = await must(url, READ, variables, admin);
      assert.equal(full.posts.totalCount, 2);
      assert.equal(full.live.author.name, `${word} hidden author`);

      const published = {
        posts: {
          totalCount: 1,
          nodes: [{ title: `${word} A live`, status: 'PUBLISHED', author: null }],
        },
        draft: null,
        live: { title: `${word} A live`, author: null },
      };
      const site = await token(url, admin, false);
      const caches = [];
      for (let i = 0; i < 3; i++) {
        const seen = await graphql(url, READ, variables, site);
        caches.push(seen.cache);
        // Development adds `extensions.cache` to a hit: the data is what must match.
        assert.equal(seen.body.errors, undefined, seen.text.slice(0, 300));
        assert.deepEqual(seen.body.data, published);
        assert.doesNotMatch(seen.text, /DRAFT|B draft|hidden author/);
      }
      assert.ok(caches.includes('HIT'), caches.join(' '));
      assert.deepEqual((await graphql(url, READ, variables)).body.data, published);

      const denied = await graphql(url, READ, { ...variables, stage: 'DRAFT' }, site);
      assert.ok(denied.body.errors?.length, denied.text.slice(0, 300));
      assert.ok(
        denied.body.errors.every((e) => e.extensions?.code === 'FORBIDDEN'),
        denied.text.slice(0, 300),
      );
      assert.doesNotMatch(denied.text, /B draft|hidden author/);

      const preview = await token(url, admin, true);
      assert.deepEqual((await graphql(url, READ, variables, preview)).body.data, published);
      const drafts = await must(url, READ, { ...variables, stage: 'DRAFT' }, preview);
      assert.equal(drafts.posts.totalCount, 2);
      assert.deepEqual(drafts.draft, { title: `${word} B draft` });
      assert.equal(drafts.live.author.name, `${word} hidden author`);
    },
  },
];
