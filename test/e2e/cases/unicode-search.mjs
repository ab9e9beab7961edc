// mode: insensitive folds Unicode case in the shipped bundle too (D1's SQLite folds ASCII only): ü/Ü, ß/SS, É/é,
// İ/i, a decomposed name, and a long needle whose fold chain is cut into stages.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gql as send } from '../lib/gql.mjs';

const gql = async (url, query, variables, headers = {}) => {
  const { status, body } = await send(url, query, variables, headers);
  assert.ok(status < 500, `${status}: ${JSON.stringify(body)}`);
  return body;
};

export default [
  {
    name: 'mode: insensitive matches ü/Ü, ß/SS, É/é, İ/i and decomposed text',
    item: 'unicode-insensitive',
    async run({ url, admin }) {
      const login = await gql(
        url,
        'mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
        {
          e: admin.email,
          p: admin.password,
        },
      );
      const headers = { authorization: `Bearer ${login.data.login.token}` };
      const tag = randomUUID().slice(0, 8);
      const names = [`Müller ${tag}`, `Mu\u0308ller ${tag}`, `Straße ${tag}`, `Éric ${tag}`, `İstanbul ${tag}`];
      for (const name of names) {
        const made = await gql(
          url,
          'mutation C($n: String!) { createAuthor(data: { name: $n }) { id } }',
          { n: name },
          headers,
        );
        assert.ok(made.data?.createAuthor?.id, JSON.stringify(made));
      }
      const count = async (name) => {
        const body = await gql(
          url,
          'query Q($w: AuthorWhereInput) { authors(where: $w) { totalCount } }',
          { w: { name: { ...name, mode: 'insensitive' } } },
          headers,
        );
        assert.equal(body.errors, undefined, JSON.stringify(body.errors));
        return body.data.authors.totalCount;
      };
      assert.equal(await count({ equals: `MÜLLER ${tag}` }), 2);
      assert.equal(await count({ equals: `STRASSE ${tag}` }), 1);
      assert.equal(await count({ equals: `éric ${tag}` }), 1);
      assert.equal(await count({ equals: `istanbul ${tag}` }), 1);
      assert.equal(await count({ equals: `ıstanbul ${tag}` }), 0);
      assert.equal(await count({ endsWith: `ÜLLER ${tag}`.toUpperCase() }), 2);
      assert.equal(await count({ contains: 'ЭТИХ МЯГКИХ ФРАНЦУЗСКИХ БУЛОК ДА ВЫПЕЙ ЧАЮ' }), 0);
    },
  },
];
