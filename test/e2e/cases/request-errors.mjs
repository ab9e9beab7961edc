// Variables that don't coerce and operations the schema can't run are the caller's mistake: a stable code
// (BAD_USER_INPUT), never an error without one. Found by the hostile corpus (wrong variable types).
import assert from 'node:assert/strict';

const REQUESTS = [
  { query: 'query($n: Int) { posts(first: $n) { totalCount } }', variables: { n: 'x' } },
  { query: 'query($n: Int) { posts(first: $n) { totalCount } }', variables: { n: 2 ** 31 } },
  { query: 'query($s: String!) { post(where: { slug: $s }) { id } }', variables: {} },
  { query: 'query($w: PostWhereInput) { posts(where: $w) { totalCount } }', variables: { w: [1] } },
  { query: 'subscription { __typename }' },
];

export default [
  {
    name: 'a variable of the wrong type or a subscription is BAD_USER_INPUT, under either JSON media type',
    item: 'request-error-codes',
    async run({ url }) {
      for (const body of REQUESTS) {
        for (const accept of ['application/json', 'application/graphql-response+json']) {
          const response = await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept },
            body: JSON.stringify(body),
          });
          const text = await response.text();
          assert.ok([200, 400].includes(response.status), `${response.status} for ${JSON.stringify(body)}: ${text}`);
          const { errors } = JSON.parse(text);
          for (const error of errors) assert.equal(error.extensions?.code, 'BAD_USER_INPUT', `${accept}: ${text}`);
        }
      }
    },
  },
  {
    name: 'an invalid token is a 401 under application/graphql-response+json and a 200 under application/json',
    item: 'token-status',
    async run({ url }) {
      for (const [accept, status] of [
        ['application/graphql-response+json', 401],
        ['application/json', 200],
      ]) {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept, authorization: 'Bearer not.a.token' },
          body: JSON.stringify({ query: '{ posts(first: 1) { totalCount } }' }),
        });
        const text = await response.text();
        assert.equal(response.status, status, `${accept}: ${text}`);
        assert.equal(JSON.parse(text).errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', text);
      }
    },
  },
];
