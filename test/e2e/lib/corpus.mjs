// The hostile corpus: a deterministic list of malformed requests, mutated from the seed operations. The same seed
// gives the same requests on every run, so a failure is reproducible from its printed request alone.
import { createHmac } from 'node:crypto';
import { random as prng } from '../../../scripts/lib/prng.ts';
import { persistedQueries } from './corpus-persisted.mjs';
import { seedOperations } from './seeds.mjs';
import { insertAt, mutateTokens, tokenize, unclosedString } from './tokens.mjs';

const ACCEPTS = [
  'application/json',
  'application/graphql-response+json',
  '*/*',
  undefined,
  'application/graphql-response+json, application/json;q=0.9',
  'text/event-stream',
  'multipart/mixed',
  'text/html',
];

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** A JWT signed with a key the worker doesn't know (or none): authentication must treat it as absent or refuse it. */
const jwt = (header, payload, key = 'not-the-secret') => {
  const head = `${b64url(header)}.${b64url(payload)}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
};

/**
 * `{ kind, method, path, headers, body }` requests (body a string, a Buffer or absent), at least `size` of them.
 * @example
 * for (const request of hostileCorpus({ root: process.cwd(), seed: 10 })) await send(url, request);
 */
export function hostileCorpus({ root, seed = 10, size = 2400 }) {
  const random = prng(seed);
  const seeds = seedOperations(root);
  const queries = seeds.filter((s) => !s.mutation);
  const out = [];
  const accept = () => random.pick(ACCEPTS);
  const headersWith = (extra = {}) => {
    const value = accept();
    return { ...(value ? { accept: value } : {}), ...extra };
  };
  const push = (kind, request) => out.push({ kind, method: 'POST', path: '/graphql', headers: {}, ...request });
  const postJson = (kind, payload, extra = {}) =>
    push(kind, {
      headers: headersWith({ 'content-type': 'application/json', ...extra }),
      body: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
    });
  const payloadOf = (s, query = s.query, variables = s.variables) => ({
    query,
    variables,
    ...(s.operationName ? { operationName: s.operationName } : {}),
  });
  const quota = (n) => Math.round((n * size) / 2400);
  const times = (n, fn) => {
    for (let i = 0; i < quota(n); i++) fn(i);
  };

  // Token mutations of every seed, POST and (for queries) GET.
  for (const kind of ['drop', 'duplicate', 'swap', 'replace', 'truncate']) {
    times(kind === 'truncate' ? 150 : 230, () => {
      const s = random.pick(seeds);
      const query = mutateTokens(tokenize(s.query), kind, random);
      if (!s.mutation && random.chance(0.25)) {
        const params = new URLSearchParams({ query, variables: JSON.stringify(s.variables) });
        push(`token-${kind}`, { method: 'GET', path: `/graphql?${params}`, headers: headersWith() });
      } else postJson(`token-${kind}`, payloadOf(s, query));
    });
  }
  times(80, () => {
    const s = random.pick(seeds);
    postJson('unclosed-string', payloadOf(s, unclosedString(tokenize(s.query), random)));
  });
  const controls = [
    '\u0000',
    '\u0000\u0000\u0000',
    '\u0001',
    '\u001b[31m',
    '\ud800',
    '\udfff',
    '\ufeff',
    '\u2028',
    '\r',
  ];
  times(80, () => {
    const s = random.pick(seeds);
    const bad = random.pick(controls);
    if (random.chance(0.5)) postJson('nul-control', payloadOf(s, insertAt(s.query, bad, random)));
    else
      postJson(
        'nul-control',
        payloadOf(s, s.query, { ...s.variables, [random.pick(['first', 'slug', 'email', 'x'])]: `a${bad}b` }),
      );
  });
  // Invalid UTF-8: raw bytes spliced into the JSON text, inside the document or a variable.
  const badBytes = [
    [0xff],
    [0xc3],
    [0xe0, 0xa4],
    [0xed, 0xa0, 0x80],
    [0xc0, 0xaf],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0xfe, 0xff],
  ];
  times(100, () => {
    const s = random.pick(seeds);
    const text = JSON.stringify(payloadOf(s, insertAt(s.query, '\u0007MARK\u0007', random)));
    const [before, after] = text.split('\\u0007MARK\\u0007');
    const bytes = Buffer.from(random.pick(badBytes));
    postJson('invalid-utf8', Buffer.concat([Buffer.from(before), bytes, Buffer.from(after ?? '')]));
  });
  times(40, () => {
    const bytes = Buffer.from(random.pick(badBytes)).toString('hex').replace(/../g, '%$&');
    const path = random.pick([
      `/graphql?query=${bytes}`,
      `/graphql?query={posts{totalCount}}&variables=${bytes}`,
      `/graphql?query=query($s:String!){post(where:{slug:$s}){id}}&variables={"s":"${bytes}"}`,
    ]);
    push('invalid-utf8', { method: 'GET', path, headers: headersWith() });
  });
  hugeLiterals(random, times, postJson, push, headersWith);
  deepNesting(random, times, postJson);
  wrongVariables(random, times, seeds, postJson, payloadOf);
  badJson(random, times, postJson);
  contentTypes(random, times, push, headersWith, queries);
  emptyBodies(random, times, push, headersWith);
  brokenGets(random, times, push, headersWith, queries);
  hostileHeaders(random, times, postJson, push, headersWith, queries);
  hostilePaths(random, times, push);
  persistedQueries(random, times, postJson, push, headersWith, seeds);
  hostileVariants(random, times, push);
  return out;
}

function hugeLiterals(random, times, postJson, push, headersWith) {
  const literal = () =>
    random.pick([
      '9'.repeat(random.pick([11, 20, 400, 5000])),
      `-${'9'.repeat(40)}`,
      '1e400',
      '-1e400',
      `0.${'0'.repeat(3000)}1`,
      `"${'A'.repeat(random.pick([1000, 30_000, 90_000]))}"`,
      `"""${'B'.repeat(40_000)}"""`,
      `"${'\\u0041'.repeat(10_000)}"`,
    ]);
  times(60, () => {
    const spot = random.pick([
      (v) => `{ posts(first: ${v}) { totalCount } }`,
      (v) => `{ posts(skip: ${v}) { totalCount } }`,
      (v) => `{ posts(where: { views: { gte: ${v} } }) { totalCount } }`,
      (v) => `{ posts(where: { title: { contains: ${v} } }) { totalCount } }`,
      (v) => `{ post(where: { slug: ${v} }) { id } }`,
      (v) => `{ posts(where: { rating: { lt: ${v} } }) { totalCount } }`,
      (v) => `{ posts(after: ${v}) { totalCount } }`,
    ]);
    postJson('huge-literal', { query: spot(literal()) });
  });
  times(30, () => {
    const value = random.pick([
      1e308,
      -1e308,
      2 ** 53 + 2,
      'x'.repeat(random.pick([5000, 95_000, 200_000])),
      Array.from({ length: random.pick([101, 1000, 20_000]) }, (_, i) => String(i)),
    ]);
    const query = Array.isArray(value)
      ? 'query($ids: [ID!]) { posts(where: { id: { in: $ids } }) { totalCount } }'
      : typeof value === 'number'
        ? 'query($v: Int) { posts(first: $v) { totalCount } }'
        : 'query($v: String) { posts(where: { title: { contains: $v } }) { totalCount } }';
    postJson('huge-literal', { query, variables: Array.isArray(value) ? { ids: value } : { v: value } });
  });
  times(20, () => {
    const n = random.pick([100, 500, 2000]);
    const aliases = Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ');
    if (random.chance(0.5)) postJson('huge-literal', { query: `{ ${aliases} }` });
    else
      push('huge-literal', {
        method: 'GET',
        path: `/graphql?query=${encodeURIComponent(`{ ${aliases} }`)}`,
        headers: headersWith(),
      });
  });
}

function deepNesting(random, times, postJson) {
  const nest = (depth, leaf, wrap) => {
    let v = leaf;
    for (let i = 0; i < depth; i++) v = wrap(v);
    return v;
  };
  const depth = () => random.pick([2, 10, 63, 64, 65, 100, 1000, 5000]);
  // Written as JSON text: JSON.stringify itself overflows the stack on the deepest of these.
  times(70, () => {
    const d = depth();
    const [name, value] = random.pick([
      () => ['ids', nest(d, '["1"]', (v) => `[${v}]`)],
      () => ['where', nest(d, '{"id":{"equals":"1"}}', (v) => `{"AND":[${v}]}`)],
      () => ['where', nest(d, '{"title":{"in":["a"]}}', (v) => `{"OR":[${v},{"views":{"gt":1}}]}`)],
      () => ['data', `{"title":"deep","body":${nest(d, '{"type":"doc"}', (v) => `{"content":[${v}]}`)}}`],
      () => ['x', nest(d, '1', (v) => `{"a":${v}}`)],
    ])();
    const query = {
      ids: 'query($ids: [ID!]) { posts(where: { id: { in: $ids } }) { totalCount } }',
      where: 'query($where: PostWhereInput) { posts(where: $where) { totalCount } }',
      data: 'mutation($data: PostCreateInput!) { createPost(data: $data) { id } }',
      x: '{ __typename }',
    }[name];
    // Some nesting goes in `extensions`, which armor's input depth limit also reads.
    const where = random.chance(0.2) ? 'extensions' : 'variables';
    postJson('deep-nesting', `{"query":${JSON.stringify(query)},"${where}":{"${name}":${value}}}`);
  });
  times(40, () => {
    const d = random.pick([11, 50, 300, 999]);
    const query = random.pick([
      () => `{ posts(where: ${nest(d, '{ id: { equals: "1" } }', (v) => `{ AND: [${v}] }`)}) { totalCount } }`,
      () => `{ posts(where: { id: { in: ${nest(d, '"1"', (v) => `[${v}]`)} } }) { totalCount } }`,
      () => `{ ${nest(Math.min(d, 200), 'name', (v) => `posts { nodes { author { ${v} } } }`)} }`,
      () => `{ ${nest(d, '__typename', (v) => `... on Query { ${v} }`)} }`,
    ])();
    postJson('deep-nesting', { query });
  });
}

function wrongVariables(random, times, seeds, postJson, payloadOf) {
  const wrong = [
    1,
    -1,
    2 ** 31,
    2 ** 53 + 1,
    1.5,
    '1',
    '',
    true,
    false,
    null,
    [],
    [1],
    [null],
    {},
    { a: 1 },
    '\u0000',
    'x'.repeat(5000),
    { __proto__: null, constructor: { prototype: 1 } },
    ['a', 1, true],
    'PUBLISHED',
    '2020-13-45T99:99',
  ];
  const withVars = seeds.filter((s) => Object.keys(s.variables).length);
  times(170, () => {
    const s = random.pick(withVars);
    const name = random.pick(Object.keys(s.variables));
    postJson('wrong-variable-type', payloadOf(s, s.query, { ...s.variables, [name]: random.pick(wrong) }));
  });
  // The request's own fields of the wrong type; undeclared variables; unknown operation names.
  const fields = [
    (s) => ({ query: s.query, variables: random.pick(['x', 1, [1], true, '{"a":1}']) }),
    (s) => ({ query: random.pick([1, null, [s.query], { query: s.query }, true, '']) }),
    (s) => ({ ...payloadOf(s), operationName: random.pick([1, ['x'], 'Nope', '', null, {}]) }),
    (s) => ({
      ...payloadOf(s),
      extensions: random.pick([
        'x',
        1,
        [],
        { persistedQuery: { version: 1, sha256Hash: 1 } },
        { persistedQuery: { version: 1, sha256Hash: 'abc' } },
        { persistedQuery: 'x' },
      ]),
    }),
    (s) => payloadOf(s, s.query, { ...s.variables, undeclared: 'x'.repeat(random.int(1, 3000)) }),
    (s) => ({ query: s.query, variables: s.variables }),
  ];
  times(90, () => {
    const s = random.pick(seeds);
    postJson('wrong-request-field', random.pick(fields)(s));
  });
}

function badJson(random, times, postJson) {
  const bodies = [
    '{',
    '{"query":',
    '{"query": "{ __typename }",}',
    "{'query': '{ __typename }'}",
    '{"query": "{ __typename }"}garbage',
    '[]',
    '[{"query":"{ __typename }"},{"query":"{ posts { totalCount } }"}]',
    'null',
    '"{ __typename }"',
    '1',
    'true',
    '\ufeff{"query":"{ __typename }"}',
    '{"query": NaN}',
    '{"query": "{ __typename }", "query": 1}',
    '{"query":"{ __typename }","__proto__":{"polluted":1}}',
    '{"query":"{ __typename }","variables":{"__proto__":{"a":1}}}',
    '{"query":"{ __typename }","constructor":{"prototype":{"x":1}}}',
    '{"query":"\\x41"}',
    '{"query":"\\ud800"}',
    '{"query":"{ post(where: { slug: \\"\\u0000\\" }) { id } }"}',
    '{"query":"{ __typename }"',
    '{"query":"{__typename}"}}',
    `${'['.repeat(100_000)}`,
    `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
    `{"a":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_001)}`,
    '{"query": "{ __typename }"} {"query": "{ __typename }"}',
    '\u0000',
    ' ',
    '{"query":"{ __typename }"\u0000}',
  ];
  times(130, () => postJson('bad-json', random.pick(bodies)));
}

// A GraphQL multipart request (file upload) with one file.
const UPLOAD = [
  '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n',
  '{"query":"mutation($f: Upload){ __typename }","variables":{"f":null}}\r\n',
  '--x\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.f"]}\r\n',
  '--x\r\nContent-Disposition: form-data; name="0"; filename="a.txt"\r\n\r\nhello\r\n--x--',
].join('');

function contentTypes(random, times, push, headersWith, queries) {
  const types = [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'multipart/form-data; boundary=x',
    'application/graphql',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/xml',
    'application/json, text/plain',
    ';;;',
    `application/${'x'.repeat(5000)}`,
    'application/graphql-response+json',
    'application/json; boundary="',
    'APPLICATION/JSON',
    'application/jsonp',
    'text/html',
    '',
  ];
  times(110, () => {
    const s = random.pick(queries);
    const type = random.pick(types);
    // Half of them carry the CSRF header, so the refusal is not the only path taken.
    const csrf = random.chance(0.5) ? { 'x-graphql-yoga-csrf': '1' } : {};
    const body = random.pick([
      JSON.stringify({ query: s.query, variables: s.variables }),
      s.query,
      `query=${encodeURIComponent(s.query)}`,
      '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":1}\r\n--x--',
      UPLOAD,
    ]);
    push('content-type', { headers: headersWith({ 'content-type': type, ...csrf }), body });
  });
}

function emptyBodies(random, times, push, headersWith) {
  times(40, () => {
    const method = random.pick(['POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'GET']);
    const type = random.pick(['application/json', 'application/graphql+json', 'multipart/form-data', undefined]);
    const headers = headersWith(type ? { 'content-type': type } : {});
    push('empty-body', {
      method,
      headers,
      body: ['GET', 'HEAD'].includes(method) ? undefined : random.pick(['', undefined]),
    });
  });
}

function brokenGets(random, times, push, headersWith, queries) {
  const s = () => random.pick(queries);
  const params = [
    () => '',
    () => 'query=',
    () => 'query=%E0%A4%A',
    () => 'query=%',
    () => 'query=%zz',
    () => `query=${'%'.repeat(100)}`,
    () => `query=${encodeURIComponent(s().query)}&variables={bad`,
    () => `query=${encodeURIComponent(s().query)}&variables=null`,
    () => `query=${encodeURIComponent(s().query)}&variables=[]`,
    () => `query=${encodeURIComponent(s().query)}&variables=1e999`,
    () => `query=${encodeURIComponent(s().query)}&extensions=[`,
    () => `query=${encodeURIComponent(s().query)}&extensions=%7B`,
    () => `query={__typename}&query={posts{totalCount}}`,
    () => `query={__typename}&operationName=Nope`,
    () => `query=${encodeURIComponent('mutation { logout }')}`,
    () => `query=${encodeURIComponent('subscription { x }')}`,
    () => `query=${encodeURIComponent(s().query)}&operationName=${encodeURIComponent(s().name)}&operationName=x`,
    () => `query=${'a'.repeat(random.pick([8000, 60_000]))}`,
    () => `variables=${encodeURIComponent('{"a":1}')}`,
    () => `query=%7B__typename%7D&variables=${encodeURIComponent(JSON.stringify({ a: 'x'.repeat(9000) }))}`,
    () => 'query[]=1&query[x]=2',
    () => 'query=%00',
    () => 'query=%7B%20posts(first%3A%20%24n)%20%7B%20totalCount%20%7D%20%7D&variables=%7B%22n%22%3A%22x%22%7D',
    () => 'query=%7B__typename%7D#fragment',
    () => '&&&=&=',
    () => 'query=%2B%2B%2B',
  ];
  times(150, () =>
    push('get-broken', { method: 'GET', path: `/graphql?${random.pick(params)()}`, headers: headersWith() }),
  );
}

function hostileHeaders(random, times, postJson, push, headersWith, queries) {
  const s = () => random.pick(queries);
  const payload = () => ({ query: s().query, variables: s().variables });
  // Fixed times (2100 and 2001), so the corpus is the same on every run.
  const [later, earlier] = [4_102_444_800, 1_000_000_000];
  const tokens = [
    '',
    ' ',
    'Bearer',
    'Bearer ',
    'Bearer a.b.c',
    'Basic YWRtaW46YWRtaW4=',
    'bearer x',
    'Bearer %E0%A4%A',
    `Bearer ${'A'.repeat(10_000)}`,
    'Bearer cms_at_',
    'Bearer cms_at_zzzz',
    `Bearer cms_at_${'0'.repeat(64)}`,
    `Bearer ${jwt({ alg: 'none', typ: 'JWT' }, { sub: '1', role: 'admin', exp: later }).replace(/[^.]+$/, '')}`,
    `Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, { sub: '1', role: 'admin', exp: later })}`,
    `Bearer ${jwt({ alg: 'HS256' }, { sub: '1', exp: earlier })}`,
    `Bearer ${jwt({ alg: 'RS256', kid: '../../x' }, {})}`,
    `Bearer ${b64url('{')}.${b64url('{')}.x`,
    'Bearer ....',
    'Bearer a b c',
    'Bearer x, Bearer y',
  ];
  const cookies = [
    'auth_token=%E0%A4%A',
    'auth_token=',
    'auth_token=a.b.c',
    'auth_token="quoted"',
    'auth_token=%',
    'auth_token=%zz',
    `auth_token=${'A'.repeat(8000)}`,
    'auth_token=x; auth_token=y',
    ';;;;',
    '=',
    'auth_token',
    `auth_token=${jwt({ alg: 'HS256' }, { sub: '1', exp: later })}`,
    `${'c=1; '.repeat(300)}auth_token=x`,
    'auth_token=%00',
    'refresh_token=%E0%A4%A; auth_token=%C0%AF',
  ];
  times(90, () => postJson('bad-authorization', payload(), { authorization: random.pick(tokens) }));
  times(90, () => {
    const cookie = random.pick(cookies);
    if (random.chance(0.3))
      push('hostile-cookie', {
        method: 'GET',
        path: `/graphql?query=${encodeURIComponent('{ me { id } }')}`,
        headers: headersWith({ cookie }),
      });
    else postJson('hostile-cookie', random.chance(0.5) ? payload() : { query: '{ me { id email } }' }, { cookie });
  });
  const headers = [
    () => ({
      'x-request-id': random.pick(['', '../../etc', 'a'.repeat(5000), 'é'.repeat(20), '%E0%A4%A', 'ok-id-12345678']),
    }),
    () => ({
      origin: random.pick([
        'null',
        'http://evil.test',
        `http://${'a'.repeat(3000)}.test`,
        'http://localhost:99999',
        '*',
      ]),
    }),
    () => ({
      accept: random.pick(['*/*;q=abc', 'application/json;q=0', `${'text/x, '.repeat(500)}*/*`, ';', 'application/*']),
    }),
    () => ({ 'x-huge': 'h'.repeat(random.pick([4000, 16_000, 30_000])) }),
    () => Object.fromEntries(Array.from({ length: 90 }, (_, i) => [`x-h-${i}`, String(i)])),
    () => ({
      'cf-connecting-ip': random.pick(['1.2.3.4', 'not-an-ip', '::1', '1.1.1.1, 2.2.2.2']),
      'x-forwarded-for': '9.9.9.9',
    }),
    () => ({ 'if-none-match': random.pick(['zzz', '*', '"x"', 'W/"x"', '"'.repeat(50)]) }),
    () => ({ 'accept-encoding': random.pick(['zzz', 'br;q=x', 'gzip, '.repeat(300)]) }),
    () => ({ 'apollo-require-preflight': 'x', 'x-graphql-yoga-csrf': '' }),
    // D1 session bookmarks: malformed, huge, a constraint's name, SQL, and well-formed ones D1 never issued.
    () => ({
      'x-d1-bookmark': random.pick([
        '',
        'x'.repeat(5000),
        'first-primary',
        "00000001-00000002'; drop table posts; --",
        'ffffffff-ffffffff-ffffffff-0',
        `00000000-00000000-00000000-${'f'.repeat(300)}`,
        '%E0%A4%A',
      ]),
    }),
  ];
  times(100, () => {
    const extra = random.pick(headers)();
    if (random.chance(0.3))
      push('hostile-header', {
        method: 'GET',
        path: `/graphql?query=${encodeURIComponent(s().query)}`,
        headers: headersWith(extra),
      });
    else postJson('hostile-header', payload(), extra);
  });
}

function hostilePaths(random, times, push) {
  const paths = [
    '/media/%',
    '/media/..%2f',
    '/media/..%2f..%2fwrangler.toml',
    '/media/%2e%2e/%2e%2e/',
    '/media/',
    '/media',
    '/media/x',
    '/media/%00',
    '/media/%E0%A4%A',
    `/media/${'a'.repeat(3000)}`,
    '/media/a/../../graphql',
    '/graphql/',
    '/GRAPHQL',
    '/graphql%00',
    '//graphql',
    '/health?x=%',
    '/%',
    '/..%2f..%2f',
    `/${'x'.repeat(8000)}`,
    '/health/../graphql',
    '/favicon.ico',
    '/.env',
    '/.dev.vars',
    '/src/worker.ts',
    '/node_modules/graphql/package.json',
    '/email/outbox?to=%',
    '/email/outbox?to=%00',
    `/email/outbox?to=${'a'.repeat(5000)}`,
    '/email/outbox?to=*&to=',
    '/email/outbox/../../graphql',
    '/email/',
    '/email/%2e%2e/outbox',
  ];
  const conditions = [
    {},
    { 'if-none-match': 'zzz' },
    { 'if-match': 'zzz' },
    { 'if-none-match': '*' },
    { range: 'bytes=abc' },
    { range: 'bytes=5-1' },
    { range: 'bytes=99999999-' },
    { range: 'bytes=0-0,1-1,2-2' },
    { 'if-unmodified-since': 'garbage' },
    { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' },
    { 'if-range': 'zzz', range: 'bytes=0-1' },
  ];
  times(90, () => {
    const method = random.pick(['GET', 'GET', 'GET', 'HEAD', 'POST', 'DELETE']);
    push('hostile-path', {
      method,
      path: random.pick(paths),
      headers: random.pick(conditions),
      body: method === 'POST' ? '{}' : undefined,
    });
  });
}

/**
 * Image variant queries a careless or hostile client sends: off the allow-lists, malformed numbers, repeated and
 * unknown parameters, odd `Accept` values, on keys that don't exist (each is refused before any file is read).
 */
function hostileVariants(random, times, push) {
  const queries = [
    'w=301',
    'w=-1',
    'w=0',
    'w=1e3',
    'w=0x12c',
    'w=300.0',
    'w=%E0%A4%A',
    'w=%00',
    `w=${'9'.repeat(400)}`,
    'w=300&w=300',
    'w=300&dpr=NaN',
    'w=2048&dpr=3',
    'w=300&q=101',
    'w=300&q=',
    'w=300&f=svg',
    'w=300&f=AUTO',
    'w=300&fit=__proto__',
    'h=300&fit=squeeze',
    'f=webp',
    'dpr=2',
    `w=300&${'x=1&'.repeat(2000)}`,
    'w=300&f=auto',
  ];
  const accepts = [undefined, 'image/avif', 'image/*;q=x', 'image/webp;q=0', ',,,', 'x'.repeat(4000)];
  const keys = ['/media/x/y.png', '/media/%E0%A4%A', `/media/${'a'.repeat(1100)}`];
  times(60, () => {
    const accept = random.pick(accepts);
    push('hostile-variant', {
      method: random.pick(['GET', 'GET', 'HEAD']),
      path: `${random.pick(keys)}?${random.pick(queries)}`,
      headers: accept === undefined ? {} : { accept },
    });
  });
}
