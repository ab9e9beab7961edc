// `npm run bench:cold`: the cost of an isolate's first GraphQL request (module start, schema build, bootstrap),
// against warm requests of the same worker in the same run. Not a test: it prints a table to put in the README.
//
// Each round starts `wrangler dev` on its own local state, waits until it listens, then times the first request and
// 20 warm ones. "fresh database" rounds start from empty D1 state, so the bootstrap applies every migration;
// "migrated database" rounds reuse that state, so the bootstrap only checks the model. ROUNDS=5 for more rounds.
import { graphql, median, startWorker, tempState } from './lib/worker.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 8799);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const QUERY = '{ posts(first: 10) { totalCount nodes { title author { name } tags { nodes { name } } } } }';

async function timed(url) {
  const started = performance.now();
  const { response } = await graphql(url, QUERY);
  const bootstrap = Number(/bootstrap;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1] ?? NaN);
  return { ms: performance.now() - started, bootstrap };
}

async function round(persistTo) {
  const worker = await startWorker({ port: PORT, persistTo });
  try {
    const first = await timed(worker.url);
    const warm = [];
    for (let i = 0; i < 20; i++) warm.push((await timed(worker.url)).ms);
    return { first: first.ms, bootstrap: first.bootstrap, warm: median(warm) };
  } finally {
    await worker.stop();
  }
}

const rows = [];
for (let i = 0; i < ROUNDS; i++) {
  const state = tempState('cms-cold-');
  try {
    rows.push({ scenario: 'fresh database', ...(await round(state.dir)) });
    rows.push({ scenario: 'migrated database', ...(await round(state.dir)) });
  } finally {
    state.remove();
  }
}

const cell = (n) => n.toFixed(1).padStart(8);
console.log(`\nFirst request of a new isolate vs warm requests (${ROUNDS} rounds, medians; query: posts(first: 10) with author and tags)\n`);
console.log('| scenario          | first request ms | of which bootstrap ms | warm request ms |');
console.log('| ----------------- | ---------------: | --------------------: | --------------: |');
for (const scenario of ['fresh database', 'migrated database']) {
  const of = rows.filter((r) => r.scenario === scenario);
  console.log(`| ${scenario.padEnd(17)} | ${cell(median(of.map((r) => r.first)))}         | ${cell(median(of.map((r) => r.bootstrap)))}              | ${cell(median(of.map((r) => r.warm)))}        |`);
}
