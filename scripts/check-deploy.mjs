// `npm run check:deploy`: what a deployment ships is the production profile, checked without a Cloudflare account.
// Runs `wrangler deploy --dry-run` (nothing is sent) for the top level of wrangler.toml and for every [env.<name>]
// section `npm run deploy` wrote, and fails when one fails or when the bindings it prints show a development variable:
// ENVIRONMENT missing or `development`, or any variable with its local value from .dev.vars.example.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `{ NAME: value }` of the `env.NAME ("value")  Environment Variable` lines of a dry run's binding table. */
export function variablesIn(output) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are what it removes.
  const text = output.replace(/\u001b\[[0-9;]*m/g, '');
  const vars = {};
  for (const m of text.matchAll(/^env\.([A-Za-z_][A-Za-z0-9_]*) \((.*)\)\s+Environment Variable\s*$/gm)) {
    let value = m[2];
    try {
      value = JSON.parse(value);
    } catch {}
    vars[m[1]] = value;
  }
  return vars;
}

/** The local-only settings: `KEY=VALUE` lines of .dev.vars.example. */
export function developmentValues(text) {
  return Object.fromEntries(
    [...text.matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/gm)].map((m) => [m[1], m[2]]),
  );
}

/** Why a dry run's variables are not the production profile (none when they are). */
export function problemsOf(vars, development) {
  const problems = [];
  if (!('ENVIRONMENT' in vars)) problems.push('no ENVIRONMENT variable among the bindings');
  else if (vars.ENVIRONMENT === 'development') problems.push('ENVIRONMENT is "development"');
  for (const [key, value] of Object.entries(vars))
    if (key !== 'ENVIRONMENT' && development[key] !== undefined && String(value) === development[key])
      problems.push(`${key} has its development value from .dev.vars.example`);
  return problems;
}

/** The environments `npm run deploy` (or a person) added to wrangler.toml. */
export const environmentsIn = (toml) => [...new Set([...toml.matchAll(/^\s*\[env\.([\w-]+)\]/gm)].map((m) => m[1]))];

function nodeBinary() {
  return Number(process.versions.node.split('.')[0]) >= 22
    ? process.execPath
    : path.join(root, 'node_modules/node/bin/node');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const development = developmentValues(readFileSync(path.join(root, '.dev.vars.example'), 'utf8'));
  const environments = environmentsIn(readFileSync(path.join(root, 'wrangler.toml'), 'utf8'));
  const out = mkdtempSync(path.join(tmpdir(), 'cms-deploy-check-'));
  try {
    for (const env of [undefined, ...environments]) {
      const label = env ? `--env ${env}` : 'top level';
      const args = ['deploy', '--dry-run', '--outdir', out, ...(env ? ['--env', env] : [])];
      const run = spawnSync(nodeBinary(), [path.join(root, 'node_modules/wrangler/bin/wrangler.js'), ...args], {
        cwd: root,
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
        encoding: 'utf8',
      });
      const output = `${run.stdout}\n${run.stderr}`;
      if (run.status !== 0) {
        console.error(`✖ wrangler deploy --dry-run (${label}) failed:\n${output}`);
        process.exitCode = 1;
        continue;
      }
      const vars = variablesIn(output);
      const problems = problemsOf(vars, development);
      for (const problem of problems) console.error(`✖ wrangler deploy --dry-run (${label}): ${problem}`);
      if (problems.length) process.exitCode = 1;
      else console.log(`✔ wrangler deploy --dry-run (${label}): production profile (ENVIRONMENT=${vars.ENVIRONMENT})`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
