// `npm start [-- <wrangler dev flags>]`: the local CMS on http://localhost:8787/graphql, from a fresh clone.
//
// 1. creates .dev.vars from .dev.vars.example when it is missing;
// 2. applies migrations to the local D1 database;
// 3. seeds demo content when the database has none (SEED_POSTS, SEED_AUTHORS, SEED_TAGS size it);
// 4. runs `wrangler dev`, passing the variables of .dev.vars.example (and ENVIRONMENT) that are set in the
//    environment as `--var KEY:VALUE`, which wrangler ranks above .dev.vars and [vars]; ENVIRONMENT is development
//    unless the environment or .dev.vars says otherwise ([vars] in wrangler.toml is the deployed, production profile).
//
// Plain Node ESM, run by the project's Node 22 (npm puts node_modules/.bin first on PATH); children are started with
// a Node 22 binary directly (this one, or the project's), so a Node 20 on PATH never runs wrangler.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const DEV_VARS = '.dev.vars';
const EXAMPLE = '.dev.vars.example';
const PORT = '8787';

/** This Node if wrangler accepts it (22+), else the project's `node` devDependency (`node scripts/start.mjs` on Node 20). */
function nodeBinary() {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const local = path.join(root, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (existsSync(local)) return local;
  fail(
    `wrangler needs Node 22 or newer; this is Node ${process.versions.node}. Run \`npm install\`, then \`npm start\`.`,
  );
}

/** The JS file behind a package's bin (see scripts/lib/tools.ts: no shims, no shell, the same Node). */
function binPath(pkg, bin = pkg) {
  const manifest = path.join(root, 'node_modules', pkg, 'package.json');
  if (!existsSync(manifest)) fail(`${pkg} is not installed: run \`npm install\` first.`);
  const { bin: bins } = JSON.parse(readFileSync(manifest, 'utf8'));
  return path.join(path.dirname(manifest), typeof bins === 'string' ? bins : bins[bin]);
}

function fail(message) {
  console.error(`\n✖ ${message}`);
  process.exit(1);
}

/** Runs a step to completion with output shown; stdin closed so nothing can stop to ask a question. */
function step(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBinary(), args, { cwd: root, env: toolEnv(), stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const toolEnv = () => ({ WRANGLER_SEND_METRICS: 'false', ...process.env });

/** `KEY=VALUE` lines of a dotenv file (comments and blank lines skipped). */
function envKeys(file) {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1])
    .filter(Boolean);
}

if (!existsSync(path.join(root, DEV_VARS))) {
  if (!existsSync(path.join(root, EXAMPLE))) fail(`${EXAMPLE} is missing: it holds the local development defaults.`);
  copyFileSync(path.join(root, EXAMPLE), path.join(root, DEV_VARS));
  console.log(`✔ Created ${DEV_VARS} from ${EXAMPLE} (local development values).`);
} else if (existsSync(path.join(root, EXAMPLE))) {
  // An older .dev.vars misses settings added to the example since; say so rather than fail obscurely later.
  const have = new Set(envKeys(path.join(root, DEV_VARS)));
  const missing = envKeys(path.join(root, EXAMPLE)).filter((key) => !have.has(key));
  if (missing.length) console.warn(`⚠ ${DEV_VARS} has no ${missing.join(', ')}: copy them from ${EXAMPLE}.`);
}

const wrangler = binPath('wrangler');
console.log('▸ Applying migrations to the local D1 database…');
if ((await step([wrangler, 'd1', 'migrations', 'apply', 'DB', '--local'])) !== 0)
  fail('Applying migrations failed (see above).');

console.log('▸ Seeding demo content if the database is empty…');
if ((await step([binPath('jiti'), 'scripts/seed.ts'])) !== 0) fail('Seeding failed (see above).');

const overrides = [...new Set([...envKeys(path.join(root, EXAMPLE)), 'ENVIRONMENT'])].filter(
  (key) => process.env[key] !== undefined,
);
const args = process.argv.slice(2);
const devArgs = [
  wrangler,
  'dev',
  ...(args.some((a) => a === '--port' || a.startsWith('--port=')) ? [] : ['--port', PORT]),
];
for (const key of overrides) devArgs.push('--var', `${key}:${process.env[key]}`);
if (overrides.length) console.log(`▸ From the environment, overriding ${DEV_VARS}: ${overrides.join(', ')}`);
// wrangler.toml says production (what a deploy ships); a .dev.vars older than its ENVIRONMENT line still runs locally
// in development rather than in a production profile that refuses the development secrets.
if (process.env.ENVIRONMENT === undefined && !envKeys(path.join(root, DEV_VARS)).includes('ENVIRONMENT'))
  devArgs.push('--var', 'ENVIRONMENT:development');

const dev = spawn(nodeBinary(), [...devArgs, ...args], { cwd: root, env: toolEnv(), stdio: 'inherit' });
// Ctrl+C reaches wrangler through the terminal already; a signal sent to this process alone (a process manager, a
// `kill`) is passed on, and this process waits for wrangler to finish shutting down workerd.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (dev.exitCode === null && dev.signalCode === null) dev.kill(signal);
  });
}
dev.on('error', (error) => fail(`Could not start wrangler dev: ${error.message}`));
dev.on('close', (code, signal) =>
  process.exit(code ?? (signal ? 128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[signal] ?? 0) : 0)),
);
