// `npm run check:examples [-- --schema <file>]`: every consumer in examples/ (a folder with a codegen.ts) still works
// against the schema (default: the committed schema/schema.graphql). For each one, in a temp copy inside .tmp/:
//
// 1. its codegen runs against the schema: a document that no longer validates (a field removed or renamed) fails;
// 2. what it generates equals the committed src/gql/: stale generated files fail (`npm run codegen:examples`);
// 3. its own strict tsconfig type-checks the code against the freshly generated types: a field that became nullable,
//    or a promise the example's `@ts-expect-error` checks rely on, fails.
//
// Plain Node ESM; exits 1 with what to fix.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CODEGEN = path.join(root, 'node_modules/@graphql-codegen/cli/esm/bin.js');
const TSC = path.join(root, 'node_modules/typescript/bin/tsc');
/** The generated folder of an example, compared file by file. */
const GENERATED = 'src/gql';

/** Every file under `dir`, as paths relative to it, sorted. */
function filesUnder(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full, base) : [path.relative(base, full)];
    })
    .sort();
}

/** The generated files that differ between two folders (missing on either side included). */
export function staleFiles(committed, fresh) {
  const names = [...new Set([...filesUnder(committed), ...filesUnder(fresh)])].sort();
  return names.filter((name) => {
    const a = path.join(committed, name);
    const b = path.join(fresh, name);
    return !existsSync(a) || !existsSync(b) || readFileSync(a, 'utf8') !== readFileSync(b, 'utf8');
  });
}

const run = (args, cwd, env = {}) => {
  // Codegen prints its errors only outside NODE_ENV=test (vitest's), and plainly with CI set and no colours.
  const plain = { CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0', NODE_ENV: 'development' };
  const result = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...plain, ...env },
  });
  // Without codegen's progress lines (❯ Load…, ✔ Generate…): only what went wrong.
  const output = `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((line) => !/^\s*[❯✔]/.test(line))
    .join('\n');
  return { ok: result.status === 0, output: output.trim() };
};

/** Problems of one example against `schema`, as sentences. */
export function checkExample(name, schema) {
  const source = path.join(root, 'examples', name);
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  // Inside the repository, so the copy's imports resolve from the root's node_modules; one folder per run.
  const work = mkdtempSync(path.join(root, '.tmp/check-examples-'));
  try {
    return checkCopy(name, source, path.join(work, name), schema);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function checkCopy(name, source, copy, schema) {
  cpSync(source, copy, { recursive: true, filter: (from) => !from.includes(`${path.sep}node_modules`) });
  rmSync(path.join(copy, GENERATED), { recursive: true, force: true });

  const generated = run([CODEGEN, '--config', 'codegen.ts'], copy, { SCHEMA: schema });
  if (!generated.ok)
    return [`examples/${name}: codegen fails against ${path.relative(root, schema)}:\n${generated.output}`];
  const problems = [];
  const stale = staleFiles(path.join(source, GENERATED), path.join(copy, GENERATED));
  if (stale.length)
    problems.push(
      `examples/${name}/${GENERATED} is stale (${stale.join(', ')}): run \`npm run codegen:examples\` and commit it`,
    );
  const typed = run([TSC, '-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'], copy);
  if (!typed.ok) problems.push(`examples/${name} does not type-check against the schema:\n${typed.output}`);
  return problems;
}

export function examples() {
  const dir = path.join(root, 'examples');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(path.join(dir, name, 'codegen.ts')))
    .sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { schema: { type: 'string' } } });
  const schema = path.resolve(values.schema ?? path.join(root, 'schema/schema.graphql'));
  const names = examples();
  if (names.length === 0) {
    console.error('✖ no example with a codegen.ts in examples/');
    process.exit(1);
  }
  const problems = names.flatMap((name) => checkExample(name, schema));
  for (const problem of problems) console.error(`✖ ${problem}`);
  if (problems.length) process.exit(1);
  const against = path.relative(root, schema);
  console.log(`✔ ${names.join(', ')}: generated files up to date, type-checks against ${against}`);
}
