// `npm run bench:profile`: where one scenario's CPU time goes inside workerd. Starts `wrangler dev` on a seeded local
// database, loads the scenario for a warm-up, then again while the V8 profiler samples through the inspector, and
// prints the functions with the most self and inclusive time. Not a test. PROFILE_OUT=<file.cpuprofile> also keeps the
// profile for DevTools (Performance panel → load profile).
//
// Env: SCENARIO (`hit`: the cached list from memory; `miss`: the nested list uncached; `static`: GET /health),
// DURATION (5), CONNECTIONS (10), SEED_POSTS (200), BENCH_PORT (8799), LOG_REQUESTS (`off` profiles without the request
// log line, as `npm run bench` measures).
// Note: `wrangler dev` keeps an inspector attached to read the worker's console, so console.log costs far more here
// than in production (the request log line shows up as `(native) ← onResponse`).
import { writeFileSync } from 'node:fs';
import { profileWhile, summarise } from './lib/cpu-profile.mjs';
import { load } from './lib/load.mjs';
import { NESTED_LIST, NESTED_LIST_MISS } from './lib/scenarios.mjs';
import { table } from './lib/table.mjs';
import { graphql, prepareState, startWorker, tempState } from './lib/worker.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 8799);
const DURATION = Number(process.env.DURATION ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const NAME = process.env.SCENARIO ?? 'hit';

let sequence = 0;
const list = (variables, query = NESTED_LIST) => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify({ query, variables }),
});
const scenarios = {
  hit: { expect: 'HIT memory', build: () => list({ first: 10 }) },
  miss: {
    expect: 'MISS database',
    varies: true,
    build: () => list({ first: 10, miss: `miss-${sequence++}` }, NESTED_LIST_MISS),
  },
  static: { build: () => ({ method: 'GET', path: '/health' }) },
};
if (!scenarios[NAME]) throw new Error(`SCENARIO must be one of ${Object.keys(scenarios).join(', ')}`);

const state = tempState('cms-profile-');
let worker;
try {
  prepareState(state.dir, { posts: Number(process.env.SEED_POSTS ?? 200) });
  worker = await startWorker({
    port: PORT,
    persistTo: state.dir,
    vars: { SERVER_TIMING: 'on', ...(process.env.LOG_REQUESTS ? { LOG_REQUESTS: process.env.LOG_REQUESTS } : {}) },
  });
  await graphql(worker.url, '{ __typename }');
  const scenario = { name: NAME, url: worker.url, ...scenarios[NAME] };
  await load(scenario, { connections: CONNECTIONS, duration: 2 });
  const { profile, result } = await profileWhile(PORT, () =>
    load(scenario, { connections: CONNECTIONS, duration: DURATION }),
  );
  if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
  const { self, inclusive } = summarise(profile);
  console.log(
    `\n${NAME}: ${result.total} requests, ${JSON.stringify(result.seen)}; shares of the worker's busy CPU time\n`,
  );
  console.log(table(['self', 'function'], self));
  console.log();
  console.log(table(['inclusive', 'function'], inclusive));
} finally {
  await worker?.stop();
  state.remove();
}
