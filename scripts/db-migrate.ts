// `npm run db:migrate [-- --persist-to <dir>]`: applies migrations/*.sql to the local D1 database.
//
// Wrangler asks for confirmation only when stdin and stdout are terminals; stdin is closed here, so it takes its
// non-interactive path (answers yes, as in CI) and never waits. Applied files are recorded in `d1_migrations`.
import { BINDING } from './lib/d1';
import { main, runBin } from './lib/tools';

main(async (argv) => {
  const { code } = await runBin('wrangler', 'wrangler', ['d1', 'migrations', 'apply', BINDING, '--local', ...argv], {
    inherit: true,
  });
  return code;
});
