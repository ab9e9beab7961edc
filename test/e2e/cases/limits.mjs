// Limits of one request in the shipped bundle: page sizes given as variables count in the cost limit, one response
// is bounded in size, crafted cursors are the client's mistake, and filters longer than D1's 100 bound parameters
// work. Each was a 500, a 6 MB answer or an unbounded one on the old main.
import assert from 'node:assert/strict';
import { gql } from '../lib/gql.mjs';

const code = (result) => result.body.errors?.[0]?.extensions?.code;
const fakes = (n, prefix = 'nope') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const b64 = (text) => Buffer.from(text, 'latin1').toString('base64');

export default [
  {
    name: 'page sizes given as variables count in the cost limit like literals',
    item: 'cost-variables',
    async run({ url }) {
      const wide = (size, declared) =>
        `query Wide${declared} { ${Array.from({ length: 15 }, (_, i) => `a${i}: posts(first: ${size}) { nodes { title tags(first: ${size}) { nodes { posts(first: ${size}) { nodes { title } } } } } }`).join(' ')} }`;
      const literal = await gql(url, wide('100', ''));
      const variable = await gql(url, wide('$n', '($n: Int)'), { n: 100 });
      const defaulted = await gql(url, wide('$n', '($n: Int = 100)'));
      for (const [label, result] of [
        ['literal', literal],
        ['variable', variable],
        ['default', defaulted],
      ]) {
        assert.equal(result.status, 200, `${label}: ${result.status}`);
        assert.equal(result.body.data, undefined, `${label}: answered ${result.text.length} bytes`);
        assert.deepEqual(
          result.body.errors?.[0]?.extensions,
          { code: 'BAD_USER_INPUT', limit: 'cost' },
          `${label}: ${result.text.slice(0, 200)}`,
        );
      }
      const small = await gql(url, wide('$n', '($n: Int)'), { n: 2 });
      assert.equal(small.body.errors, undefined, small.text.slice(0, 300));
      // Lists given no size count at the default page (20), not as one item: their pages multiply.
      const nested = (alias) => `${alias}: posts(first: 50) { nodes { tags { nodes { posts { nodes { title } } } } } }`;
      const defaults = await gql(url, `{ ${['a', 'b'].map(nested).join(' ')} }`);
      assert.deepEqual(
        defaults.body.errors?.[0]?.extensions,
        { code: 'BAD_USER_INPUT', limit: 'cost' },
        defaults.text.slice(0, 200),
      );
    },
  },
  {
    name: 'one response is bounded in size: a larger one is a BAD_USER_INPUT error, not megabytes',
    item: 'response-size',
    async run({ url, admin }) {
      // Two published posts of ~90 KB bodies, each read by 15 aliases: ~2.7 MB, well within the cost limit.
      const signIn =
        'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }';
      const token = (await gql(url, signIn, admin)).body.data?.login?.token;
      assert.ok(token, 'the admin signs in');
      const headers = { authorization: `Bearer ${token}` };
      const ids = [];
      for (let i = 0; i < 2; i++) {
        const body = { type: 'doc', text: `${i} ${'large '.repeat(15_000)}` };
        const created = await gql(
          url,
          'mutation($data: PostCreateInput!) { createPost(data: $data) { id } }',
          { data: { title: `Response size ${Date.now()} ${i}`, body } },
          headers,
        );
        const id = created.body.data?.createPost?.id;
        assert.ok(id, created.text.slice(0, 300));
        const published = await gql(
          url,
          'mutation($id: ID!) { publishPost(where: { id: $id }) { id } }',
          { id },
          headers,
        );
        assert.equal(published.body.errors, undefined, published.text.slice(0, 300));
        ids.push(id);
      }
      const alias = (name) => `${name}: posts(first: 2, where: { id: { in: $ids } }) { nodes { id body } }`;
      const query = `query Large($ids: [ID!]) { ${Array.from({ length: 15 }, (_, i) => alias(`a${i}`)).join(' ')} }`;
      for (let round = 0; round < 2; round++) {
        const result = await gql(url, query, { ids });
        assert.equal(result.status, 200);
        assert.ok(result.text.length < 64 * 1024, `answered ${result.text.length} bytes`);
        assert.equal(result.body.data, null, result.text.slice(0, 300));
        assert.deepEqual(result.body.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', limit: 'responseBytes' });
      }
      // The same read of one alias (~180 KB) is answered in full.
      const one = await gql(url, `query One($ids: [ID!]) { ${alias('a')} }`, { ids });
      assert.equal(one.body.errors, undefined, one.text.slice(0, 300));
      assert.equal(one.body.data.a.nodes.length, 2);
    },
  },
  {
    name: 'a crafted cursor is BAD_USER_INPUT, after and before, on root lists and relations',
    item: 'cursor',
    async run({ url }) {
      const crafted = [
        'garbage',
        b64('hello'),
        b64('DC:J:{"a":1}'),
        b64('DC:T:["S:x","S:y","S:z","S:w","S:v"]'),
        b64('DC:N:1e400'),
        b64('DC:D:99999999999999999999'),
        b64('DC:T:["D:1000","D:1000","D:1000","D:1000"]'),
        b64('DC:T:["B:AAAA","S:x"]'),
        b64('DC:T:["O:{}","S:x"]'),
        b64('DC:I:1'),
      ];
      const orders = [
        [{ createdAt: 'desc' }],
        [{ title: 'asc' }],
        [{ publishedAt: 'desc' }],
        [{ views: 'asc' }],
        [{ rating: 'desc' }],
      ];
      const root =
        'query Q($o: [PostOrderByInput!], $a: String, $b: String) { posts(orderBy: $o, after: $a, before: $b, first: 3) { nodes { id } } }';
      const related = 'query Q($a: String) { authors(first: 2) { nodes { posts(after: $a) { nodes { id } } } } }';
      for (const cursor of crafted) {
        for (const orderBy of orders) {
          for (const variables of [
            { o: orderBy, a: cursor },
            { o: orderBy, b: cursor },
          ]) {
            const result = await gql(url, root, variables);
            assert.equal(result.status, 200, `${JSON.stringify(variables)}: ${result.status}`);
            assert.equal(code(result), 'BAD_USER_INPUT', `${JSON.stringify(variables)}: ${result.text.slice(0, 200)}`);
          }
        }
        const result = await gql(url, related, { a: cursor });
        assert.equal(code(result), 'BAD_USER_INPUT', `relation ${cursor}: ${result.text.slice(0, 200)}`);
      }
    },
  },
  {
    name: 'filters binding more than 100 values work: two in lists of 90, an OR of 300 contains, notIn, relations',
    item: 'bound-params',
    async run({ url }) {
      const query =
        'query Q($w: PostWhereInput) { posts(where: $w, first: 100) { totalCount nodes { id slug title } } }';
      const all = await gql(url, query, {});
      assert.equal(all.body.errors, undefined, all.text.slice(0, 300));
      const posts = all.body.data.posts.nodes;
      assert.ok(posts.length >= 3, 'the demo content is seeded');
      const [p, q] = posts;
      const lists = await gql(url, query, {
        w: { id: { in: [p.id, q.id, ...fakes(88)] }, slug: { in: [p.slug, ...fakes(89)] } },
      });
      assert.equal(lists.body.errors, undefined, lists.text.slice(0, 300));
      assert.deepEqual(
        lists.body.data.posts.nodes.map((n) => n.id),
        [p.id],
      );
      const word = p.title.split(' ')[0];
      const contains = await gql(url, query, {
        w: { OR: [word, ...fakes(299)].map((c) => ({ title: { contains: c } })) },
      });
      assert.equal(contains.body.errors, undefined, contains.text.slice(0, 300));
      assert.ok(contains.body.data.posts.nodes.some((n) => n.id === p.id));
      const notIn = await gql(url, query, { w: { id: { notIn: [p.id, ...fakes(500)] } } });
      assert.equal(notIn.body.data.posts.totalCount, all.body.data.posts.totalCount - 1, notIn.text.slice(0, 300));
      const relation = await gql(url, query, {
        w: { tags: { some: { slug: { notIn: fakes(300) } } }, author: { name: { notIn: fakes(150) } } },
      });
      assert.equal(relation.body.errors, undefined, relation.text.slice(0, 300));
      const tooWide = await gql(url, query, {
        w: { OR: Array.from({ length: 300 }, (_, i) => ({ views: { gt: i } })) },
      });
      assert.equal(tooWide.status, 200);
      assert.equal(code(tooWide), 'BAD_USER_INPUT', tooWide.text.slice(0, 300));
    },
  },
];
