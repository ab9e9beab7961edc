// The example consumer (examples/blog-frontend) works, not only compiles: its operations, exactly as its codegen
// compiled them (the persisted-documents manifest in src/gql/), sent by the real @urql/core client. This case imports
// @urql/core, the example's client (a root devDependency), like the browser cases import playwright-core.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, fetchExchange } from '@urql/core';
import { gql } from '../lib/gql.mjs';

const MANIFEST = new URL('../../../examples/blog-frontend/src/gql/persisted-documents.json', import.meta.url);

/** The example's operations by name, as compiled (`{ PostList: 'query PostList(…) { … }', … }`). */
function operations() {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  return Object.fromEntries(
    Object.values(manifest).map((document) => [/^(?:query|mutation) (\w+)/.exec(document)[1], document]),
  );
}

const client = (url, token) =>
  new Client({
    url: `${url}/graphql`,
    exchanges: [fetchExchange],
    requestPolicy: 'network-only',
    fetchOptions: token ? { headers: { authorization: `Bearer ${token}` } } : {},
  });

/** Runs an operation through urql; the data, or the code of its first error. */
async function send(urql, document, variables, kind = 'query') {
  const result = await urql[kind](document, variables).toPromise();
  const code = result.error?.graphQLErrors[0]?.extensions?.code;
  if (result.error && !code) throw result.error;
  return { data: result.data, code };
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export default [
  {
    name: "the example consumer's compiled operations run through @urql/core: list, paging, by slug, create",
    item: 'typed-clients',
    async run({ url, admin }) {
      const ops = operations();
      assert.deepEqual(Object.keys(ops).sort(), ['CreatePost', 'Post', 'PostList']);
      const anonymous = client(url);

      // A page of the list and the next one: the types the example relies on hold (non-null slug, views, featured).
      const first = await send(anonymous, ops.PostList, { where: null, first: 3, after: null });
      assert.equal(first.code, undefined);
      const page = first.data.posts;
      assert.ok(page.totalCount > 3 && page.nodes.length === 3 && page.pageInfo.hasNextPage);
      for (const post of page.nodes) {
        assert.equal(typeof post.slug, 'string');
        assert.equal(typeof post.views, 'number');
        assert.equal(typeof post.featured, 'boolean');
        assert.match(post.publishedAt, ISO);
      }
      const next = await send(anonymous, ops.PostList, { where: null, first: 3, after: page.pageInfo.endCursor });
      const seen = new Set(page.nodes.map((p) => p.id));
      assert.ok(next.data.posts.nodes.every((p) => !seen.has(p.id)));

      // The filter the example builds for a tag page.
      const tag = page.nodes.flatMap((p) => p.tags.nodes)[0];
      if (tag) {
        const where = { tags: { some: { slug: { equals: tag.slug } } } };
        const tagged = await send(anonymous, ops.PostList, { where, first: 10, after: null });
        assert.ok(tagged.data.posts.totalCount >= 1 && tagged.data.posts.totalCount <= page.totalCount);
      }

      // One post by slug (@oneOf); two keys are refused before any resolver runs.
      const { slug, id } = page.nodes[0];
      const one = await send(anonymous, ops.Post, { where: { slug } });
      assert.equal(one.data.post.id, id);
      const body = one.data.post.body;
      assert.ok(body === null || typeof body === 'object', 'rich text is a JSON object or array');
      assert.equal((await send(anonymous, ops.Post, { where: { slug, id } })).code, 'BAD_USER_INPUT');
      assert.equal((await send(anonymous, ops.Post, { where: {} })).code, 'BAD_USER_INPUT');
      const literal = await gql(url, `{ post(where: { slug: ${JSON.stringify(slug)}, id: "x" }) { id } }`);
      assert.equal(literal.body.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
      assert.equal(literal.body.data, undefined);

      // A create with the required title only: the slug is derived; without a title it is refused and writes nothing.
      const signIn = await gql(
        url,
        'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
        admin,
      );
      const editor = client(url, signIn.body.data.login.token);
      const title = `Example client ${randomUUID().slice(0, 8)}`;
      const created = await send(editor, ops.CreatePost, { data: { title } }, 'mutation');
      assert.equal(created.code, undefined);
      assert.equal(created.data.createPost.slug, title.toLowerCase().replace(/ /g, '-'));
      assert.equal(created.data.createPost.status, 'DRAFT');
      assert.match(created.data.createPost.createdAt, ISO);
      const untitled = await send(editor, ops.CreatePost, { data: { excerpt: title } }, 'mutation');
      assert.equal(untitled.code, 'BAD_USER_INPUT');
      const count = await gql(
        url,
        'query($t: String!) { posts(where: { excerpt: { equals: $t } }) { totalCount } }',
        {
          t: title,
        },
        { authorization: `Bearer ${signIn.body.data.login.token}` },
      );
      assert.equal(count.body.data.posts.totalCount, 0);
    },
  },
];
