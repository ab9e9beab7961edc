// `npm run check:layers [-- --root <dir>]`: the layers of src/ hold. dependency-cruiser checks the rules of
// .dependency-cruiser.cjs (each layer imports only the layers below it, no import cycle outside src/types, type
// imports included; src/types imports types only; src/ never imports test/, scripts/ or bench/), and this script
// adds what dependency-cruiser can't see: a module of src/types exports no runtime value. Exits 1 on any violation.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEPCRUISE = path.join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');

/** Comments out of the way, so a `export const` inside a JSDoc example is not taken for code. */
const withoutComments = (source) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** The runtime exports of a module of src/types, as `file: line` sentences (none expected). */
export function runtimeExports(file, source) {
  const problems = [];
  for (const line of withoutComments(source).split('\n')) {
    const exported = /^\s*export\s+(?!type\b|interface\b|declare\s+(?!const|let|var|function|class|enum))(\S+)/.exec(
      line,
    );
    if (exported) problems.push(`${file}: exports a runtime value (${line.trim()}); src/types holds declarations only`);
  }
  return problems;
}

/** Every problem of the tree at `root`: dependency-cruiser's report (when it fails) and the runtime exports of types. */
export function checkLayers(root = repo) {
  const run = spawnSync(
    process.execPath,
    [DEPCRUISE, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
    { cwd: root, encoding: 'utf8' },
  );
  const problems = [];
  if (run.status !== 0) problems.push((run.stdout + run.stderr).trim());
  const types = path.join(root, 'src/types');
  for (const name of readdirSync(types).filter((f) => f.endsWith('.ts')))
    problems.push(...runtimeExports(`src/types/${name}`, readFileSync(path.join(types, name), 'utf8')));
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--root');
  const problems = checkLayers(at > 0 ? path.resolve(process.argv[at + 1]) : repo);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exitCode = 1;
  else console.log('✔ layers hold: no upward import, no cycle outside src/types, src/types runs no code');
}
