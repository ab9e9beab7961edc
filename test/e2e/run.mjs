// `npm run test:e2e`: the shipped bundle under hostile input. Serves the worker as users do (`wrangler dev` on the
// repo's wrangler.toml, fresh migrated and seeded local state, free ports) in the development and production
// profiles, and sends each the graphql-http audits, the regression cases of test/e2e/cases/ and a generated corpus of
// malformed and hostile requests. See docs/e2e.md.
//
// Settings (environment): E2E_PROFILES (development,production), E2E_PARALLEL (0: one profile after the other; 1: side
// by side, printed when each ends; on 2 cores both take 40 s: the corpus is CPU-bound, so one at a time prints live),
// E2E_SEED (10: the corpus's PRNG seed), E2E_SIZE (2400: corpus size per profile, ≥ 2000),
// E2E_CONCURRENCY (8: corpus requests in flight), E2E_CWD (the checkout to serve, default this one: point it at an
// older tree to see what the tier catches there), E2E_JSON (a file for the counts, in the shape of vitest's JSON
// report, so .ci/run's closing line adds them up).
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareState, tempState } from '../../bench/lib/worker.mjs';
import { loadCases } from './lib/cases.mjs';
import { hostileCorpus } from './lib/corpus.mjs';
import { runProfile } from './lib/profile.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const env = process.env;
const profiles = (env.E2E_PROFILES ?? 'development,production')
  .split(',')
  .map((p) => p.trim())
  .filter(Boolean);
const parallel = env.E2E_PARALLEL === '1';
const cwd = path.resolve(env.E2E_CWD ?? root);
const concurrency = Number(env.E2E_CONCURRENCY ?? 8);

const started = Date.now();
const cases = await loadCases(path.join(here, 'cases'));
const corpus = hostileCorpus({ root, seed: Number(env.E2E_SEED ?? 10), size: Number(env.E2E_SIZE ?? 2400) });
console.log(
  `npm run test:e2e: ${profiles.join(' + ')}${parallel ? ' side by side' : ''}, ${corpus.length} corpus ` +
    `requests and ${cases.length} cases per profile, concurrency ${concurrency}`,
);

// One migrated and seeded state (as `npm start` makes it), copied for each profile so they never share a database.
const states = profiles.map(() => tempState('cms-e2e-'));
prepareState(states[0].dir, { posts: 50, cwd });
for (const state of states.slice(1)) cpSync(states[0].dir, state.dir, { recursive: true });

const runOne = async (profile, i) => {
  // Side by side, each profile's lines are printed together when it ends.
  const lines = [];
  const log = parallel ? (line) => lines.push(line) : (line) => console.log(line);
  try {
    return await runProfile({ profile, cwd, stateDir: states[i].dir, cases, corpus, concurrency, log });
  } catch (error) {
    log(`e2e ${profile}: could not run: ${error.stack ?? error}`);
    return { profile, broken: true };
  } finally {
    if (parallel) console.log(lines.join('\n'));
  }
};
let runs;
try {
  runs = parallel ? await Promise.all(profiles.map(runOne)) : [];
  if (!parallel) for (const [i, profile] of profiles.entries()) runs.push(await runOne(profile, i));
} finally {
  for (const state of states) state.remove();
}

// The closing line counts checks: each audit, each case, and each corpus request (a request passes when it has no
// problem: no 5xx, parsable JSON, a code on every error, and no leak in production). A profile that could not run
// counts as one failed check.
let passed = 0;
let failed = 0;
for (const run of runs) {
  if (run.broken) {
    failed++;
    continue;
  }
  const casesOk = run.cases.filter((c) => c.ok).length;
  passed += run.audits.ok + casesOk + run.requests - run.failedRequests;
  failed += run.audits.failures.length + run.cases.length - casesOk + run.failedRequests;
}
console.log(`e2e: ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${passed} passed, ${failed} failed`);
if (env.E2E_JSON) {
  const counts = { numPassedTests: passed, numFailedTests: failed, numTotalTests: passed + failed };
  writeFileSync(env.E2E_JSON, JSON.stringify(counts));
}
if (failed > 0) process.exitCode = 1;
