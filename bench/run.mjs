// `npm run bench`: requests/s and latency of the worker's main paths under load, against `wrangler dev` with a seeded
// local database, each as a ratio to a baseline measured in the same run (a static response of the same worker).
// Not a test: it prints a Markdown table for the README.
//
// Every scenario is warmed up first; then ROUNDS rounds run every scenario for DURATION seconds with CONNECTIONS
// connections, the order reversed every other round so no scenario always runs on a warmer (or hotter) machine.
// The table shows the median over rounds. Env: ROUNDS (3), DURATION (5), CONNECTIONS (10), SEED_POSTS (1000),
// BENCH_PORT (8799).
import autocannon from 'autocannon';
import { graphql, median, prepareState, startWorker, tempState } from './lib/worker.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 8799);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const DURATION = Number(process.env.DURATION ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const POSTS = Number(process.env.SEED_POSTS ?? 1000);

const post = (query, variables = {}, headers = {}) => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
  body: JSON.stringify({ query, variables }),
});

/** The scenarios, baseline first. Each is one request autocannon repeats. */
async function scenarios(url) {
  const { body } = await graphql(url, '{ posts(first: 1, orderBy: [{ title: asc }]) { nodes { slug } } }');
  const slug = body.data.posts.nodes[0].slug;
  return [
    { name: 'static response (GET /health)', baseline: true, request: { method: 'GET', path: '/health' } },
    { name: 'bare { __typename }', request: post('{ __typename }') },
    { name: 'nested list, uncached', request: post('{ posts(first: 10) { nodes { title author { name } tags { nodes { name } } } } }') },
    { name: 'single item by slug', request: post('query One($slug: String!) { post(where: { slug: $slug }) { title author { name } } }', { slug }) },
  ];
}

function load(url, request, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url: `${url}${request.path}`, method: request.method, headers: request.headers, body: request.body, connections: CONNECTIONS, duration }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const state = tempState();
let worker;
try {
  console.log(`Seeding ${POSTS} posts into a fresh local database…`);
  prepareState(state.dir, { posts: POSTS });
  worker = await startWorker({ port: PORT, persistTo: state.dir });
  const list = await scenarios(worker.url);
  for (const s of list) await load(worker.url, s.request, 2); // warm-up
  const results = new Map(list.map((s) => [s.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? list : [...list].reverse();
    for (const s of order) {
      const r = await load(worker.url, s.request, DURATION);
      const failed = r.non2xx + r.errors + r.timeouts;
      if (failed > 0) throw new Error(`${s.name}: ${failed} failed requests of ${r.requests.total}`);
      results.get(s.name).push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 });
      process.stdout.write('.');
    }
  }
  const baseline = median(results.get(list.find((s) => s.baseline).name).map((r) => r.rps));
  console.log(`\n\n${ROUNDS} rounds × ${DURATION} s, ${CONNECTIONS} connections, ${POSTS} posts; medians over rounds\n`);
  console.log('| scenario | requests/s | p50 ms | p99 ms | × baseline |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const s of list) {
    const rows = results.get(s.name);
    const rps = median(rows.map((r) => r.rps));
    console.log(`| ${s.name} | ${rps.toFixed(0)} | ${median(rows.map((r) => r.p50))} | ${median(rows.map((r) => r.p99))} | ${(rps / baseline).toFixed(2)} |`);
  }
} finally {
  await worker?.stop();
  state.remove();
}
