// Whether an indexed filter stays as fast with 100× the rows: `posts(where: { slug: { equals } })` (slug has a unique
// index) against two workers, one on the benchmark's database and one on a database with BIG_POSTS posts.
import { measure } from './load.mjs';
import { fixed, table } from './table.mjs';
import { graphql } from './worker.mjs';

let sequence = 0;
const FILTER =
  'query BySlug($slug: String!, $miss: ID!) { posts(where: { slug: { equals: $slug }, id: { not: $miss } }, first: 1) { nodes { title } } }';

/** 50 slugs spread over the whole table (every n-th post by id), so the filter looks up rows all over the index. */
async function slugsOf(url, posts) {
  const every = Math.max(1, Math.floor(posts / 50));
  const ids = Array.from(
    { length: Math.min(50, posts) },
    (_, i) => `post-${String(i * every + 1).padStart(Math.max(5, String(posts).length), '0')}`,
  );
  const { body } = await graphql(
    url,
    'query Slugs($ids: [ID!]!) { posts(where: { id: { in: $ids } }, first: 100) { nodes { slug } } }',
    { ids },
  );
  const slugs = body.data.posts.nodes.map((n) => n.slug);
  if (slugs.length < ids.length / 2)
    throw new Error(`only ${slugs.length} of ${ids.length} sampled posts found at ${url}`);
  return slugs;
}

/** Uncached (a per-request `$miss`, a filter no post matches), a new slug each request. */
async function scenario(name, url, posts) {
  const slugs = await slugsOf(url, posts);
  let n = 0;
  return {
    name,
    url,
    expect: 'MISS database',
    varies: true,
    build: () => ({
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        query: FILTER,
        variables: { slug: slugs[n++ % slugs.length], miss: `scale-${sequence++}` },
      }),
    }),
  };
}

/** The Markdown table: requests/s, p50 and p99 at both sizes, and big ÷ small. */
export async function filterAtScale({ small, big, rounds, duration, connections }) {
  const list = [
    await scenario(`${small.posts} posts`, small.url, small.posts),
    await scenario(`${big.posts} posts`, big.url, big.posts),
  ];
  const results = await measure(list, { rounds, duration, connections, onProgress: () => process.stdout.write('.') });
  const [a, b] = list.map((s) => results.get(s));
  const rows = list.map((s) => {
    const r = results.get(s);
    return [s.name, fixed(r.rps), r.p50, r.p99];
  });
  rows.push([
    `ratio ${big.posts} ÷ ${small.posts}`,
    fixed(b.rps / a.rps, 2),
    fixed(b.p50 / a.p50, 2),
    fixed(b.p99 / a.p99, 2),
  ]);
  return table(['database', 'requests/s', 'p50 ms', 'p99 ms'], rows);
}
