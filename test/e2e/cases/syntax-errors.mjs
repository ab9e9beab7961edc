// Syntax errors in the shipped bundle: a document that doesn't parse is the client's mistake, answered as GraphQL over
// HTTP says (200 for application/json, 400 for application/graphql-response+json) with GRAPHQL_PARSE_FAILED. When
// the bundle held two copies of graphql, every one of these was a 500.
import assert from 'node:assert/strict';

const BROKEN = ['{ posts( }', '{ posts { nodes { title }', 'query { "unclosed }', '{ posts(first: 1 2) { total } }'];
// What each Accept must get; `*/*` and no Accept are answered like application/json (the legacy default).
const ACCEPTS = [
  ['application/json', 200],
  ['application/graphql-response+json', 400],
  ['*/*', 200],
  [undefined, 200],
];

async function expectParseError(response, status, label) {
  const text = await response.text();
  assert.equal(response.status, status, `${label}: status ${response.status}, body ${text.slice(0, 300)}`);
  const body = JSON.parse(text);
  assert.equal(body.data, undefined, `${label}: a request that doesn't parse has no data`);
  assert.equal(body.errors?.[0]?.extensions?.code, 'GRAPHQL_PARSE_FAILED', `${label}: ${text.slice(0, 300)}`);
  assert.match(body.errors[0].message, /^Syntax Error/, label);
}

export default [
  {
    name: 'a syntax error POSTed is a parse error (200 or 400 by Accept), never a 500',
    item: 'syntax-errors',
    async run({ url }) {
      for (const query of BROKEN) {
        for (const [accept, status] of ACCEPTS) {
          const headers = { 'content-type': 'application/json', ...(accept ? { accept } : {}) };
          const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query }) });
          await expectParseError(response, status, `POST ${query} with Accept ${accept ?? '(none)'}`);
        }
      }
    },
  },
  {
    name: 'a syntax error in a GET is a parse error (200 or 400 by Accept), never a 500',
    item: 'syntax-errors',
    async run({ url }) {
      for (const query of BROKEN) {
        for (const [accept, status] of ACCEPTS) {
          const headers = accept ? { accept } : {};
          const response = await fetch(`${url}/graphql?query=${encodeURIComponent(query)}`, { headers });
          await expectParseError(response, status, `GET ${query} with Accept ${accept ?? '(none)'}`);
        }
      }
    },
  },
  {
    name: 'a valid document still runs after syntax errors (the isolate is not left broken)',
    item: 'syntax-errors',
    async run({ url }) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: '{ posts(first: 1) { totalCount } }' }),
      });
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      assert.ok(body.data.posts.totalCount > 0, 'the seeded posts are there');
    },
  },
];
