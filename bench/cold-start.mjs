// `npm run bench:cold`: the cost of an isolate's first GraphQL request (module start, schema build, bootstrap),
// against warm requests of the same worker in the same run. Not a test: it prints a table to put in the README.
//
// Each round starts `wrangler dev` on its own local state, waits until it listens, then times the first request and
// 20 warm ones. "fresh database" rounds start from empty D1 state, so the bootstrap applies every migration;
// "migrated database" rounds reuse that state, so the bootstrap only checks the model. ROUNDS=5 for more rounds.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = process.cwd();
const PORT = Number(process.env.BENCH_PORT ?? 8799);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const QUERY = '{ posts(first: 10) { totalCount nodes { title author { name } tags { nodes { name } } } } }';

function wranglerBin() {
  const { bin } = JSON.parse(readFileSync(path.join(root, 'node_modules/wrangler/package.json'), 'utf8'));
  return path.join(root, 'node_modules/wrangler', typeof bin === 'string' ? bin : bin.wrangler);
}

function nodeBinary() {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const local = path.join(root, 'node_modules/node/bin/node');
  if (existsSync(local)) return local;
  throw new Error('wrangler needs Node 22: run `npm install` first');
}

async function startWorker(persistTo) {
  const child = spawn(nodeBinary(), [wranglerBin(), 'dev', '--port', String(PORT), '--persist-to', persistTo, '--var', 'ENVIRONMENT:development'], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wrangler dev did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('Ready on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`wrangler dev exited (${code}):\n${output}`)));
  });
  return child;
}

async function timed() {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: QUERY }),
  });
  const body = await response.json();
  if (response.status !== 200 || body.errors) throw new Error(`request failed: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  const timing = response.headers.get('server-timing') ?? '';
  const bootstrap = Number(/bootstrap;dur=([\d.]+)/.exec(timing)?.[1] ?? NaN);
  return { ms: performance.now() - started, bootstrap };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function round(persistTo) {
  const child = await startWorker(persistTo);
  try {
    const first = await timed();
    const warm = [];
    for (let i = 0; i < 20; i++) warm.push((await timed()).ms);
    return { first: first.ms, bootstrap: first.bootstrap, warm: median(warm) };
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const rows = [];
for (let i = 0; i < ROUNDS; i++) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cms-cold-'));
  try {
    rows.push({ scenario: 'fresh database', ...(await round(dir)) });
    rows.push({ scenario: 'migrated database', ...(await round(dir)) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n) => n.toFixed(1).padStart(8);
console.log(`\nFirst request of a new isolate vs warm requests (${ROUNDS} rounds, medians; query: posts(first: 10) with author and tags)\n`);
console.log('| scenario          | first request ms | of which bootstrap ms | warm request ms |');
console.log('| ----------------- | ---------------: | --------------------: | --------------: |');
for (const scenario of ['fresh database', 'migrated database']) {
  const of = rows.filter((r) => r.scenario === scenario);
  console.log(`| ${scenario.padEnd(17)} | ${fmt(median(of.map((r) => r.first)))}         | ${fmt(median(of.map((r) => r.bootstrap)))}              | ${fmt(median(of.map((r) => r.warm)))}        |`);
}
