// The response cache never merges two different requests, keeps no entry over its size cap, and one caller can't
// flush its memory tier: checked from outside, as anonymous callers of the served worker.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gql } from '../lib/gql.mjs';

const unique = () => randomUUID().slice(0, 8);

async function graphql(url, query, variables, headers = {}) {
  const { status, headers: sent, text, body } = await gql(url, query, variables, headers);
  const cache = [sent.get('x-cache-status'), sent.get('x-cache-source')].filter(Boolean).join(' ');
  return { status, body, bytes: Buffer.byteLength(text), cache, ttl: sent.get('x-cache-ttl') };
}

async function signIn(url, { email, password }) {
  const login = 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }';
  const { body } = await graphql(url, login, { email, password });
  assert.ok(body.data?.login?.token, `login failed: ${JSON.stringify(body).slice(0, 300)}`);
  return { authorization: `Bearer ${body.data.login.token}` };
}

/** A document of `aliases` lists of every published post with its body, each filtered by `$miss` (no id matches). */
const bigList = (aliases) =>
  `query Big($miss: ID!) { ${Array.from({ length: aliases }, (_, i) => `a${i}: posts(first: 30, where: { id: { not: $miss } }) { nodes { id title slug body excerpt } }`).join(' ')} }`;

export default [
  {
    name: 'a string literal with two spaces never shares a cache entry with one space',
    item: 'cache-key-literals',
    async run({ url, admin }) {
      const word = `Keytest${unique()}`;
      const title = `${word} Practical Guide`;
      const headers = await signIn(url, admin);
      const created = await graphql(
        url,
        'mutation($title: String!) { createPost(data: { title: $title }) { id } }',
        { title },
        headers,
      );
      const id = created.body.data?.createPost?.id;
      assert.ok(id, JSON.stringify(created.body).slice(0, 300));
      const published = await graphql(
        url,
        'mutation($id: ID!) { publishPost(where: { id: $id }) { id } }',
        { id },
        headers,
      );
      assert.equal(published.body.errors, undefined);
      const search = (text) => `{ posts(where: { title: { contains: "${text}" } }) { nodes { title } } }`;
      const titles = (result) => result.body.data.posts.nodes.map((n) => n.title);
      const two = await graphql(url, search(`${word}  Practical`));
      assert.deepEqual(titles(two), []);
      const one = await graphql(url, search(`${word} Practical`));
      assert.equal(one.cache, 'MISS database');
      assert.deepEqual(titles(one), [title]);
      assert.deepEqual(titles(await graphql(url, search(`${word}  Practical`))), []);
    },
  },
  {
    name: 'only declared variables, as GraphQL coerces them, are in the cache key',
    item: 'cache-key-variables',
    async run({ url }) {
      const query = `query Vars${unique()}($n: Int = 2) { posts(first: $n) { nodes { id } } }`;
      const absent = await graphql(url, query);
      assert.equal(absent.cache, 'MISS database');
      assert.equal(absent.body.data.posts.nodes.length, 2);
      // The default is the value; an undeclared variable is ignored by GraphQL, so by the key too.
      for (const variables of [{ n: 2 }, { n: 2, bust: unique() }, { bust: unique() }]) {
        const same = await graphql(url, query, variables);
        assert.equal(same.cache, 'HIT memory', JSON.stringify(variables));
      }
      // An explicit null is not absent: another entry, another answer.
      const explicitNull = await graphql(url, query, { n: null });
      assert.equal(explicitNull.cache, 'MISS database');
      assert.ok(explicitNull.body.data.posts.nodes.length > 2);
      // A value that does not coerce is an error, never cached.
      for (let i = 0; i < 2; i++) {
        const wrong = await graphql(url, query, { n: '2' });
        assert.equal(wrong.cache, 'BYPASS');
        assert.ok(wrong.body.errors?.length);
      }
    },
  },
  {
    name: 'a response over the cache entry cap (512 KiB) is sent but not kept',
    item: 'cache-entry-cap',
    async run({ url }) {
      const miss = unique();
      const first = await graphql(url, bigList(9), { miss });
      assert.equal(first.status, 200);
      assert.equal(first.body.errors, undefined, JSON.stringify(first.body.errors));
      assert.ok(first.bytes > 512 * 1024, `the response is only ${first.bytes} bytes`);
      const again = await graphql(url, bigList(9), { miss });
      assert.equal(again.cache, 'MISS database');
      assert.equal(again.ttl, null);
    },
  },
  {
    name: 'one caller sending 140 distinct large responses does not evict a popular entry from memory',
    item: 'cache-flush',
    async run({ url }) {
      const popular = `query Popular${unique()} { posts(first: 3) { nodes { title } } }`;
      for (let i = 0; i < 5; i++) await graphql(url, popular);
      assert.equal((await graphql(url, popular)).cache, 'HIT memory');
      // About 450 KB each (under the entry cap), 140 of them: more than the memory tier's 50 MB.
      const run = unique();
      let sent = 0;
      const flood = async () => {
        while (sent < 140) {
          const response = await graphql(url, bigList(7), { miss: `${run}-${sent++}` });
          assert.equal(response.cache, 'MISS database');
          assert.ok(response.bytes > 400_000 && response.bytes < 512 * 1024, `${response.bytes} bytes`);
        }
      };
      await Promise.all([flood(), flood()]);
      assert.equal((await graphql(url, popular)).cache, 'HIT memory');
    },
  },
];
