// HTTP-level answers of /graphql (issue 10): malformed JSON bodies, and Server-Timing only where it is wanted.
import assert from 'node:assert/strict';

const post = (url, body, headers = {}) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
  });

const bodies = [
  ['unclosed', '{"query":'],
  ['trailing comma', '{"query": "{ __typename }",}'],
  ['null', 'null'],
  ['array', '[]'],
  ['string', '"x"'],
  ['number', '5'],
  ['query a number', '{"query": 5}'],
  ['query an object', '{"query": {}}'],
  ['variables a string', '{"query": "{ __typename }", "variables": "x"}'],
  ['empty', ''],
  ['NUL byte', '{"query": "{ __typename }"\u0000}'],
  ['NUL in a string', '{"query": "{ __typename }\u0000"}'],
  [
    'invalid UTF-8',
    Buffer.concat([Buffer.from('{"query": "{ __typename }"'), Buffer.from([0xff, 0xfe]), Buffer.from('}')]),
  ],
];

export default [
  {
    name: 'a malformed JSON body is a 400 with a stable code, without originalError or stack outside development',
    item: 'json-body',
    async run({ url, profile }) {
      for (const [what, body] of bodies) {
        for (const accept of ['application/json', 'application/graphql-response+json']) {
          const response = await post(url, body, { accept });
          const text = await response.text();
          assert.equal(response.status, 400, `${what} (${accept}) answered ${response.status}: ${text.slice(0, 300)}`);
          const errors = JSON.parse(text).errors;
          assert.ok(Array.isArray(errors) && errors.length > 0, `${what}: ${text.slice(0, 300)}`);
          for (const error of errors)
            assert.equal(error.extensions?.code, 'BAD_USER_INPUT', `${what}: ${text.slice(0, 300)}`);
          assert.equal(response.headers.get('x-content-type-options'), 'nosniff', what);
          if (profile === 'production')
            assert.doesNotMatch(text, /originalError|stack|at [\w.]+ \(|\.ts:|\.js:/, `${what}: ${text}`);
        }
      }
    },
  },
  {
    name: 'Server-Timing is off in production and on in development, on the pipeline and the fast hit path',
    item: 'server-timing',
    async run({ url, profile }) {
      const query = JSON.stringify({ query: '{ posts(first: 1) { totalCount } }' });
      const responses = [
        await post(url, query),
        await post(url, query),
        await fetch(`${url}/graphql?query=%7B__typename%7D`),
        await post(url, '{"query": "{"}'),
      ];
      for (const response of responses) {
        await response.arrayBuffer();
        const timing = response.headers.get('server-timing');
        if (profile === 'production') assert.equal(timing, null, `production sent Server-Timing: ${timing}`);
        else assert.match(timing ?? '', /dur=/, 'development sends Server-Timing');
      }
    },
  },
];
