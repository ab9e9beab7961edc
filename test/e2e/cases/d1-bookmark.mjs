// D1 read replication's bookmark (docs/deployment.md, "Read replicas and consistency") through the served worker:
// `X-D1-Bookmark` comes back on reads and writes, a write's bookmark sent with the next read returns the written data,
// and a hostile bookmark is ignored. Local D1 has no replicas: this proves the header's path, not a replica's lag.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gql } from '../lib/gql.mjs';

const BOOKMARK = /^[0-9a-f]+(-[0-9a-f]+)+$/;

async function signIn(url, { email, password }) {
  const login = 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }';
  const { body } = await gql(url, login, { email, password });
  assert.ok(body.data?.login?.token, `login failed: ${JSON.stringify(body).slice(0, 300)}`);
  return { authorization: `Bearer ${body.data.login.token}` };
}

export default [
  {
    name: "a write's X-D1-Bookmark sent with the next read returns the written data",
    item: 'd1-bookmark',
    async run({ url, admin }) {
      const headers = await signIn(url, admin);
      const title = `Bookmark ${randomUUID().slice(0, 8)}`;
      const created = await gql(
        url,
        'mutation($t: String!) { createPost(data: { title: $t }) { id } }',
        { t: title },
        headers,
      );
      const id = created.body.data?.createPost?.id;
      assert.ok(id, JSON.stringify(created.body).slice(0, 300));
      const published = await gql(
        url,
        'mutation($id: ID!) { publishPost(where: { id: $id }) { id } }',
        { id },
        headers,
      );
      assert.equal(published.body.errors, undefined);
      const bookmark = published.headers.get('x-d1-bookmark');
      assert.match(bookmark ?? '', BOOKMARK);
      const read = await gql(
        url,
        'query($id: ID!) { post(where: { id: $id }) { title } }',
        { id },
        {
          'x-d1-bookmark': bookmark,
        },
      );
      assert.equal(read.body.data?.post?.title, title);
      assert.equal(read.headers.get('x-cache-status'), 'BYPASS');
      assert.match(read.headers.get('x-d1-bookmark') ?? '', BOOKMARK);
    },
  },
  {
    name: 'a malformed or huge X-D1-Bookmark is ignored: no 5xx, the cache answers as without it',
    item: 'd1-bookmark',
    async run({ url }) {
      const query = '{ tags(first: 2) { totalCount } }';
      const plain = await gql(url, query);
      assert.equal(plain.status, 200);
      for (const value of ['x'.repeat(5000), 'first-primary', "1-2'; drop table posts; --", `0-${'f'.repeat(300)}`]) {
        const result = await gql(url, query, undefined, { 'x-d1-bookmark': value });
        assert.equal(result.status, 200);
        assert.deepEqual(result.body.data, plain.body.data);
        assert.notEqual(result.headers.get('x-cache-status'), 'BYPASS');
        assert.notEqual(result.headers.get('x-d1-bookmark'), value);
      }
    },
  },
];
