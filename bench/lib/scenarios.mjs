// The scenarios `npm run bench` measures. Each says which cache outcome every one of its responses must have
// (`expect`), so "uncached" and "KV hit" are checked, not assumed: a probe asserts it before the load, and the load
// tallies it for every response.

// The cache key holds the variables the document declares, so a declared `$miss` that changes nothing (a filter
// `id: { not: $miss }` no id matches) makes each request a new key, a MISS, with the same document, parse/validation
// cache and result. (A variable the document does not declare is ignored by GraphQL and by the key.)
let sequence = 0;
const run = Date.now().toString(36);
const nonce = () => `${run}-${sequence++}`;

const json = (query, variables, headers = {}) => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
  body: JSON.stringify({ query, variables }),
});

export const NESTED_LIST =
  'query List($first: Int!) { posts(first: $first) { nodes { title author { name } tags { nodes { name } } } } }';
/** The nested list with a filter that keeps every post, for misses: `{ first, miss: nonce() }`. */
export const NESTED_LIST_MISS =
  'query List($first: Int!, $miss: ID!) { posts(first: $first, where: { id: { not: $miss } }) { nodes { title author { name } tags { nodes { name } } } } }';
// One post by its slug (unique index), and a filter that keeps it: a unique lookup has no argument to vary.
const ONE =
  'query One($slug: String!, $miss: ID!) { posts(where: { slug: { equals: $slug }, id: { not: $miss } }, first: 1) { nodes { title author { name } } } }';
// Three levels below the list: each post's author, the author's posts, and their tags (schema/: Post.author, the
// reverse Author.posts, Post.tags).
const DEEP =
  'query Deep($first: Int!, $miss: ID!) { posts(first: $first, where: { id: { not: $miss } }) { nodes { title author { name posts(first: 3) { nodes { title tags(first: 3) { nodes { name } } } } } } } }';
// A filtered list with the count of every match, as a paged listing asks for it.
const FILTERED =
  'query Filtered($first: Int!, $miss: ID!) { posts(first: $first, where: { featured: { equals: true }, views: { gte: 10 }, id: { not: $miss } }) { totalCount nodes { title slug views } } }';
// `{ __typename }` has no argument at all: its misses differ by a comment (a new document text, so a new parse too).
const typenameMiss = () => `{ __typename } # ${nonce()}`;
const RETITLE =
  'mutation Retitle($id: ID!, $title: String!) { updatePost(where: { id: $id }, data: { title: $title }) { id title } }';

/**
 * @param {{ url: string, kvUrl: string, loggedUrl: string, resolversUrl: string, floorUrl: string, slugs: string[],
 *   postIds: string[], token: string }} setup
 *   `loggedUrl` is a worker on a copy of the database that writes the request log line. `kvUrl` is a second
 *   worker on a copy of the same database started with `CACHE_MEMORY_BYTES=0`, so each of its hits comes from KV.
 *   `resolversUrl` is one started with `COMPILED_READS=off`: every read through the resolvers. `floorUrl` is the floor
 *   worker (bench/floor/): the nested list as one handwritten statement, and its own static response.
 */
export function scenarios({ url, kvUrl, loggedUrl, resolversUrl, floorUrl, slugs, postIds, token }) {
  const admin = { authorization: `Bearer ${token}` };
  let item = 0;
  return [
    {
      id: 'static',
      name: 'static response (GET /health)',
      note: 'no GraphQL',
      baseline: true,
      url,
      build: () => ({ method: 'GET', path: '/health' }),
    },
    { id: 'typename', name: '`{ __typename }`', expect: 'HIT memory', url, build: () => json('{ __typename }', {}) },
    {
      id: 'typename-miss',
      name: '`{ __typename }`, uncached',
      expect: 'MISS database',
      url,
      varies: true,
      build: () => json(typenameMiss(), {}),
    },
    {
      id: 'list',
      name: 'cached list (memory)',
      expect: 'HIT memory',
      url,
      build: () => json(NESTED_LIST, { first: 10 }),
    },
    {
      id: 'list-admin',
      name: 'cached list, signed in (admin)',
      expect: 'HIT memory',
      url,
      build: () => json(NESTED_LIST, { first: 10 }, admin),
    },
    // A browser's read: its Origin (a local frontend's) gets CORS headers, where the profile's policy allows it.
    {
      id: 'list-cors',
      name: 'cached list, cross-origin (a browser)',
      expect: 'HIT memory',
      url,
      build: () => json(NESTED_LIST, { first: 10 }, { origin: 'http://localhost:5173' }),
    },
    {
      id: 'kv',
      name: 'KV hit (memory tier off)',
      expect: 'HIT kv',
      url: kvUrl,
      build: () => json(NESTED_LIST, { first: 10 }),
    },
    {
      id: 'nested-miss',
      name: 'nested list, uncached',
      expect: 'MISS database',
      url,
      varies: true,
      build: () => json(NESTED_LIST_MISS, { first: 10, miss: nonce() }),
    },
    {
      id: 'deep-miss',
      name: 'deep nested read (3 levels), uncached',
      expect: 'MISS database',
      url,
      varies: true,
      build: () => json(DEEP, { first: 10, miss: nonce() }),
    },
    {
      id: 'filtered-count-miss',
      name: 'filtered list with totalCount, uncached',
      expect: 'MISS database',
      url,
      varies: true,
      build: () => json(FILTERED, { first: 10, miss: nonce() }),
    },
    {
      id: 'slug-miss',
      name: 'single item by slug, uncached',
      expect: 'MISS database',
      url,
      varies: true,
      build: () => json(ONE, { slug: slugs[item++ % slugs.length], miss: nonce() }),
    },
    // The same four uncached reads on a worker with COMPILED_READS=off: the resolvers' cost, measured beside them.
    ...[
      ['nested-miss-off', 'nested list', NESTED_LIST_MISS, () => ({ first: 10, miss: nonce() })],
      ['deep-miss-off', 'deep nested read (3 levels)', DEEP, () => ({ first: 10, miss: nonce() })],
      ['filtered-count-miss-off', 'filtered list with totalCount', FILTERED, () => ({ first: 10, miss: nonce() })],
      ['slug-miss-off', 'single item by slug', ONE, () => ({ slug: slugs[item++ % slugs.length], miss: nonce() })],
    ].map(([id, name, query, variables]) => ({
      id,
      name: `${name}, uncached, resolvers (COMPILED_READS=off)`,
      expect: 'MISS database',
      url: resolversUrl,
      varies: true,
      build: () => json(query, variables()),
    })),
    // The floors of the nested list here: a worker that only reads the body, runs the list as one handwritten
    // statement (or finds its text in memory) and answers it, against its own static response (bench/floor/).
    {
      id: 'floor-static',
      name: 'floor worker: static response',
      note: 'bench/floor/',
      url: floorUrl,
      build: () => ({ method: 'GET', path: '/health' }),
    },
    {
      id: 'floor-hit',
      name: 'floor worker: nested list, from its memory',
      note: 'bench/floor/',
      url: floorUrl,
      build: () => json(NESTED_LIST, { first: 10 }),
    },
    {
      id: 'floor-read',
      name: 'floor worker: nested list, one handwritten statement',
      note: 'bench/floor/',
      url: floorUrl,
      varies: true,
      build: () => json(NESTED_LIST_MISS, { first: 10, miss: nonce() }),
    },
    // Two posts in turn, each time a new title: a real write (and an invalidation) every request.
    // The request log line's cost: the cached list on a worker that writes the line (the default; `/health` has none).
    {
      id: 'list-logged',
      name: 'cached list, request log on',
      expect: 'HIT memory',
      url: loggedUrl,
      build: () => json(NESTED_LIST, { first: 10 }),
    },
    {
      id: 'mutation',
      name: 'mutation (updatePost title, admin)',
      expect: 'BYPASS',
      url,
      varies: true,
      build: () => json(RETITLE, { id: postIds[item++ % postIds.length], title: `Benchmark title ${nonce()}` }, admin),
    },
  ];
}

/**
 * The scenarios `SCENARIOS` names (ids separated by commas, e.g. `nested-miss,deep-miss`), with the static baseline
 * every ratio needs; all of them when it is empty. An unknown id throws, listing the known ones.
 * @param {string | undefined} filter
 */
export function selectScenarios(list, filter) {
  const wanted = new Set(
    (filter ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  );
  if (wanted.size === 0) return list;
  const unknown = [...wanted].filter((id) => !list.some((s) => s.id === id));
  if (unknown.length)
    throw new Error(`SCENARIOS: unknown ${unknown.join(', ')}; known: ${list.map((s) => s.id).join(', ')}`);
  // The floor's reads are measured against the floor's own static response.
  if (wanted.has('floor-read') || wanted.has('floor-hit')) wanted.add('floor-static');
  return list.filter((s) => s.baseline || wanted.has(s.id));
}

/** Sends a scenario's request as autocannon would. */
export async function send(scenario) {
  const { method, path, headers, body } = scenario.build();
  return fetch(`${scenario.url}${path}`, { method, headers, body });
}

/**
 * Sends a scenario's request twice and checks the second answer: 200, no GraphQL errors, the cache outcome the
 * scenario expects. Throws otherwise, so a benchmark never reports a number for something it did not measure.
 * Returns that answer's cache outcome and D1 statements (from `Server-Timing: d1;desc="N statements"`).
 */
export async function probe(scenario) {
  await (await send(scenario)).arrayBuffer();
  const response = await send(scenario);
  const text = await response.text();
  const cache =
    [response.headers.get('x-cache-status'), response.headers.get('x-cache-source')].filter(Boolean).join(' ') || '-';
  if (response.status !== 200 || text.includes('"errors":['))
    throw new Error(`${scenario.name}: probe failed: ${response.status} ${text.slice(0, 300)}`);
  if (scenario.expect && cache !== scenario.expect)
    throw new Error(`${scenario.name}: expected X-Cache ${scenario.expect}, the probe got ${cache}`);
  const statements = /d1;desc="(\d+) statements"/.exec(response.headers.get('server-timing') ?? '')?.[1];
  return { cache, statements: statements === undefined ? '–' : Number(statements) };
}
