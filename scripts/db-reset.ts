// `npm run db:reset [-- --no-seed] [--persist-to <dir>]`: a fresh local database.
//
// Deletes wrangler's local D1 files (`<state>/v3/d1`, where miniflare keeps one SQLite file per database; only DB is
// bound here), leaving local KV and R2 alone, then applies every migration and seeds the demo content again.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BINDING, localFlags } from './lib/d1';
import { fromRoot, main, runBin } from './lib/tools';

main(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { 'no-seed': { type: 'boolean', default: false }, 'persist-to': { type: 'string' } },
  });
  const persistTo = values['persist-to'];
  const d1 = path.join(persistTo ? path.resolve(persistTo) : fromRoot('.wrangler', 'state'), 'v3', 'd1');
  if (existsSync(d1)) {
    rmSync(d1, { recursive: true, force: true });
    console.log(
      `✔ Deleted the local D1 state (${path.relative(fromRoot(), d1)}). Restart a running \`npm start\` to pick it up.`,
    );
  }
  const migrate = await runBin(
    'wrangler',
    'wrangler',
    ['d1', 'migrations', 'apply', BINDING, ...localFlags(persistTo)],
    { inherit: true },
  );
  if (migrate.code !== 0 || values['no-seed']) return migrate.code;
  const seed = await runBin('jiti', 'jiti', ['scripts/seed.ts', ...(persistTo ? ['--persist-to', persistTo] : [])], {
    inherit: true,
  });
  return seed.code;
});
