// `npm run deploy [-- --env staging] [--yes] [--dry-run]`: the first (and every later) deploy to Cloudflare, step by
// step: sign-in check, D1 database, KV namespace, R2 bucket (found by name, else created), their ids in wrangler.toml's
// [env.<env>] section, the secrets the worker lacks, the remote migrations, the deploy. See docs/deployment.md.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { type DeployIo, deploy, wranglerConfigReader } from './lib/deploy';
import { fromRoot, main, runBin } from './lib/tools';

const HELP = `Usage: npm run deploy -- [options]

  --env <name>          environment to deploy (default: production; e.g. staging)
  --d1 <name>           D1 database to use or create (default: the worker's name)
  --kv <title>          KV namespace to use or create (default: the worker's name)
  --r2 <name>           R2 bucket to use or create (default: <worker>-media)
  --admin-email <email> the first admin's email (or ADMIN_EMAIL); the password comes from ADMIN_PASSWORD or a prompt
  --roll-jwt-secret     put a new JWT_SECRET even if the worker has one (signed-in clients refresh or sign in again)
  --yes, -y             never ask: fail instead when something is missing (also without a terminal, or with CI set)
  --dry-run             check and say what would be done, change nothing`;

/** A question on the terminal; a secret one doesn't echo what is typed. */
async function ask(question: string, options: { secret?: boolean } = {}): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (options.secret) {
    // readline echoes through this private method: let the question through, and nothing of the answer.
    const echo = rl as unknown as { _writeToOutput: (text: string) => void };
    const write = echo._writeToOutput.bind(rl);
    echo._writeToOutput = (text) => {
      if (text.includes(question)) write(question);
    };
  }
  try {
    return await rl.question(question);
  } finally {
    rl.close();
    if (options.secret) process.stdout.write('\n');
  }
}

main(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: 'string', default: 'production' },
      d1: { type: 'string' },
      kv: { type: 'string' },
      r2: { type: 'string' },
      'admin-email': { type: 'string' },
      'roll-jwt-secret': { type: 'boolean', default: false },
      yes: { type: 'boolean', short: 'y', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const configPath = fromRoot('wrangler.toml');
  const io: DeployIo = {
    wrangler: (args, options) => runBin('wrangler', 'wrangler', args, { inherit: options?.show }),
    log: (line) => console.log(line),
    ask,
    readConfig: wranglerConfigReader(configPath),
    configPath,
  };
  const interactive = Boolean(process.stdin.isTTY) && !values.yes && !process.env.CI;
  await deploy(
    io,
    {
      env: values.env,
      d1Name: values.d1,
      kvName: values.kv,
      r2Name: values.r2,
      adminEmail: values['admin-email'] ?? process.env.ADMIN_EMAIL,
      // A flag would leave the password in the shell's history: the environment or the prompt only.
      adminPassword: process.env.ADMIN_PASSWORD,
      rollJwtSecret: values['roll-jwt-secret'],
      dryRun: values['dry-run'],
    },
    interactive,
  );
});
