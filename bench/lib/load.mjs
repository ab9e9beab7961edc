// Putting load on a scenario with autocannon, and the rounds around it: warm-up, alternating order, medians.
import autocannon from 'autocannon';
import { send } from './scenarios.mjs';

const header = (headers, name) => headers[name] ?? headers[name.toLowerCase()] ?? headers[name.toUpperCase()];

/**
 * Runs one scenario for `duration` seconds with `connections` connections. Every response's `X-Cache-Status` and
 * `X-Cache-Source` are tallied (`HIT memory`, `MISS database`, `BYPASS`, `-` for none), and responses with GraphQL
 * errors counted, so a scenario can be checked to have measured what its name says.
 */
export async function load(scenario, { connections, duration }) {
  // One request first, so each run starts from its scenario's steady state: a cached scenario run right after the
  // mutation scenario (whose writes invalidate the cached lists) would otherwise begin with a burst of MISSes.
  await (await send(scenario)).arrayBuffer();
  const seen = {};
  let graphqlErrors = 0;
  const onResponse = (_status, body, _context, headers) => {
    const cache =
      [header(headers, 'X-Cache-Status'), header(headers, 'X-Cache-Source')].filter(Boolean).join(' ') || '-';
    seen[cache] = (seen[cache] ?? 0) + 1;
    if (body?.startsWith('{"errors"') || body?.includes('"errors":[')) graphqlErrors++;
  };
  const first = scenario.build();
  // A scenario that varies per request (a new variable, another post) builds each request; others send one.
  const request = scenario.varies
    ? { ...first, setupRequest: (req) => ({ ...req, ...scenario.build() }), onResponse }
    : { ...first, onResponse };
  return new Promise((resolve, reject) => {
    autocannon({ url: scenario.url, connections, duration, requests: [request] }, (error, result) => {
      if (error) return reject(error);
      const failed = result.non2xx + result.errors + result.timeouts + graphqlErrors;
      if (failed > 0)
        return reject(
          new Error(
            `${scenario.name}: ${failed} failed requests of ${result.requests.total} (${graphqlErrors} with GraphQL errors)`,
          ),
        );
      resolve({
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        total: result.requests.total,
        seen,
      });
    });
  });
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Warms every scenario up, then runs `rounds` rounds over all of them, the order reversed every other round so no
 * scenario always runs on a warmer (or hotter) machine. Returns per scenario the medians over rounds and the tally of
 * cache outcomes over all rounds; `onProgress` is called after each run.
 */
export async function measure(scenarios, { rounds, duration, connections, warmup = 2, onProgress = () => {} }) {
  for (const s of scenarios) await load(s, { connections, duration: warmup });
  const runs = new Map(scenarios.map((s) => [s, []]));
  for (let round = 0; round < rounds; round++) {
    for (const s of round % 2 === 0 ? scenarios : [...scenarios].reverse()) {
      runs.get(s).push(await load(s, { connections, duration }));
      onProgress(s);
    }
  }
  return new Map(
    [...runs].map(([s, list]) => {
      const seen = {};
      for (const run of list) for (const [k, n] of Object.entries(run.seen)) seen[k] = (seen[k] ?? 0) + n;
      return [
        s,
        {
          rps: median(list.map((r) => r.rps)),
          p50: median(list.map((r) => r.p50)),
          p99: median(list.map((r) => r.p99)),
          total: list.reduce((n, r) => n + r.total, 0),
          seen,
        },
      ];
    }),
  );
}

/** The share of a scenario's responses that had the cache outcome it expects (1 for scenarios expecting none). */
export function expectedShare(scenario, seen) {
  if (!scenario.expect) return 1;
  const total = Object.values(seen).reduce((a, b) => a + b, 0);
  return total ? (seen[scenario.expect] ?? 0) / total : 0;
}
