// `npm run bench:cold`: the cost of an isolate's first GraphQL request (module start, schema build, bootstrap),
// against warm requests of the same worker in the same run. Not a test: it prints a table to put in docs/benchmarks.md.
//
// Each round starts `wrangler dev` on its own local state, waits until it listens, then times the first request and
// 20 warm ones. "fresh database" rounds start from empty D1 state, so the bootstrap applies every migration;
// "migrated database" rounds reuse that state, so the bootstrap only checks the model. ROUNDS=5 for more rounds.
import { coldStart } from './lib/cold.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 8799);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

console.log(
  `\nFirst request of a new isolate vs warm requests (${ROUNDS} rounds, medians; query: posts(first: 10) with author and tags)\n`,
);
console.log(await coldStart({ port: PORT, rounds: ROUNDS }));
