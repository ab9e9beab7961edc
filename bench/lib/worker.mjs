// Starting the real worker for a benchmark: `wrangler dev` on its own local state (migrated and, if asked, seeded),
// under the project's Node 22, never the state `npm start` uses.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = process.cwd();

/** This Node if wrangler accepts it (22+), else the project's `node` devDependency. */
export function nodeBinary() {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const local = path.join(root, 'node_modules/node/bin/node');
  if (existsSync(local)) return local;
  throw new Error('wrangler needs Node 22: run `npm install` first');
}

export function binOf(pkg, name = pkg) {
  const dir = path.join(root, 'node_modules', pkg);
  const { bin } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return path.join(dir, typeof bin === 'string' ? bin : bin[name]);
}

export const toolEnv = (extra = {}) => ({ ...process.env, WRANGLER_SEND_METRICS: 'false', ...extra });

/** A throwaway folder for a worker's local D1/KV/R2 state; `remove()` deletes it. */
export function tempState(prefix = 'cms-bench-') {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Applies the migrations and seeds `posts` demo posts into a state folder (the real scripts, as `npm start` does);
 * `cwd` prepares it with another checkout's migrations and seed (e.g. an older tree to compare against).
 */
export function prepareState(dir, { posts = 200, authors = 12, tags = 24, cwd = root } = {}) {
  const run = (args, env = {}) => {
    const result = spawnSync(nodeBinary(), args, {
      cwd,
      env: toolEnv(env),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  };
  run([binOf('wrangler'), 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir]);
  run([binOf('jiti'), 'scripts/seed.ts', '--persist-to', dir], {
    SEED_POSTS: String(posts),
    SEED_AUTHORS: String(authors),
    SEED_TAGS: String(tags),
  });
}

/** The development settings of `.dev.vars.example` (the admin the bootstrap creates, the JWT secret), as `npm start` uses. */
export function devVars() {
  const lines = readFileSync(path.join(root, '.dev.vars.example'), 'utf8').split('\n');
  return Object.fromEntries(
    lines
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]),
  );
}

/** The production profile with a fresh random JWT secret and admin password (the development admin's email). */
export function productionVars() {
  return {
    ...devVars(),
    ENVIRONMENT: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_PASSWORD: `bench-${randomBytes(12).toString('hex')}`,
  };
}

/** A port the OS says is free now (listen on port 0, read it, close): workers started side by side never collide. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

let production;
/**
 * The variables a benchmark worker runs with: development with `devVars()`, or with `BENCH_PROFILE=production` the
 * production profile (what a deployment runs: no development extensions, masked errors) with a random JWT secret and
 * admin password, the same for every worker of the run.
 */
export function profileVars() {
  if (process.env.BENCH_PROFILE !== 'production') return { ENVIRONMENT: 'development', ...devVars() };
  production ??= productionVars();
  return production;
}

/**
 * Starts `wrangler dev` on a port with the given local state and waits until it answers `/health`. It runs in
 * development with the development admin and secrets (`devVars()`); `vars` adds or replaces variables, `args` adds
 * wrangler flags, `cwd` serves another checkout (e.g. a variant to compare), `inspectorPort` moves the inspector
 * (by default the worker's port + 1000), `onOutput(text)` gets what wrangler prints once the worker answers.
 * @example
 * const worker = await startWorker({ port: 8799, persistTo: state.dir, vars: { CACHE_MEMORY_BYTES: '0' } });
 * await worker.stop();
 */
export async function startWorker({
  port,
  persistTo,
  vars = {},
  args = [],
  cwd = root,
  inspectorPort = port + 1000,
  onOutput,
}) {
  // The inspector port follows the worker's, so several workers can run side by side.
  const argv = [
    binOf('wrangler'),
    'dev',
    '--port',
    String(port),
    '--inspector-port',
    String(inspectorPort),
    '--persist-to',
    persistTo,
    ...args,
  ];
  for (const [key, value] of Object.entries({ ...profileVars(), ...vars })) argv.push('--var', `${key}:${value}`);
  const child = spawn(nodeBinary(), argv, { cwd, env: toolEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  // Kept for an error message until the worker answers; from then on every request logs a line, read and dropped
  // (or handed to `onOutput`).
  let output = '';
  const keep = (chunk) => (output += chunk);
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); ; await new Promise((resolve) => setTimeout(resolve, 200))) {
    if (exited) throw new Error(`wrangler dev exited:\n${output}`);
    if (Date.now() - started > 60_000) throw new Error(`wrangler dev did not answer in 60 s:\n${output}`);
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
  }
  child.stdout.off('data', keep);
  child.stderr.off('data', keep);
  const rest = onOutput ? (chunk) => onOutput(String(chunk)) : () => {};
  child.stdout.on('data', rest);
  child.stderr.on('data', rest);
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** POSTs a GraphQL document and returns the parsed body; throws on an HTTP or GraphQL error. */
export async function graphql(url, query, variables = {}, headers = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (response.status !== 200 || body.errors)
    throw new Error(`GraphQL request failed: ${response.status} ${JSON.stringify(body).slice(0, 400)}`);
  return { body, response };
}
