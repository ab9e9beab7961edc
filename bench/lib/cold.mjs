// The cost of an isolate's first GraphQL request (module start, schema build, bootstrap) against warm requests of the
// same worker, for `npm run bench:cold` and `npm run bench`.
import { graphql, startWorker, tempState } from './worker.mjs';
import { median } from './load.mjs';
import { fixed, table } from './table.mjs';

const QUERY =
  'query Cold($miss: ID!) { posts(first: 10, where: { id: { not: $miss } }) { totalCount nodes { title author { name } tags { nodes { name } } } } }';

// Each request has its own `$miss`, a filter no post matches, so each is a response-cache MISS (the cache key holds
// the declared variables): the warm ones do the first one's work (minus the isolate's start), not a cache lookup.
async function timed(url, miss) {
  const started = performance.now();
  const { response } = await graphql(url, QUERY, { miss: String(miss) });
  const bootstrap = Number(/bootstrap;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1] ?? NaN);
  return { ms: performance.now() - started, bootstrap };
}

async function round(port, persistTo) {
  // The bootstrap's duration is read from Server-Timing, which production sends only when asked.
  const worker = await startWorker({ port, persistTo, vars: { SERVER_TIMING: 'on' } });
  try {
    const first = await timed(worker.url, 'first');
    const warm = [];
    for (let i = 0; i < 20; i++) warm.push((await timed(worker.url, i)).ms);
    return { first: first.ms, bootstrap: first.bootstrap, warm: median(warm) };
  } finally {
    await worker.stop();
  }
}

/**
 * `rounds` rounds, each starting `wrangler dev` twice on one new local state: on the empty database ("fresh": the
 * bootstrap applies every migration), then on the migrated one ("migrated": it only checks the model). Returns the
 * Markdown table of medians.
 */
export async function coldStart({ port, rounds }) {
  const rows = [];
  for (let i = 0; i < rounds; i++) {
    const state = tempState('cms-cold-');
    try {
      rows.push({ scenario: 'fresh database', ...(await round(port, state.dir)) });
      rows.push({ scenario: 'migrated database', ...(await round(port, state.dir)) });
    } finally {
      state.remove();
    }
  }
  return table(
    ['scenario', 'first request ms', 'of which bootstrap ms', 'warm request ms'],
    ['fresh database', 'migrated database'].map((scenario) => {
      const of = rows.filter((r) => r.scenario === scenario);
      return [
        scenario,
        fixed(median(of.map((r) => r.first)), 1),
        fixed(median(of.map((r) => r.bootstrap)), 1),
        fixed(median(of.map((r) => r.warm)), 1),
      ];
    }),
  );
}
