// `npm run check:bundle`: builds the worker as `wrangler deploy` would (`--dry-run`, nothing sent) and fails when the
// bundle holds a module twice. esbuild marks each module it bundles with a `// node_modules/<path>` comment; a module
// present both as CommonJS (`.js`) and as an ES module (`.mjs`), or graphql loaded from two folders, means two copies
// of its classes: `instanceof GraphQLError` then fails for errors made by the other copy, and Yoga masks them as
// unexpected (every syntax error was a 500 that way). Other packages found in several folders are listed, not failed:
// they are different versions that npm could not hoist, and none of them is compared by class.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Packages whose classes are compared across modules: one folder only. */
const SINGLE = ['graphql'];

/** `{ dir, name, file }` of a bundled module path such as `node_modules/a/node_modules/@s/b/lib/x.mjs`. */
export function moduleOf(modulePath) {
  const at = modulePath.lastIndexOf('node_modules/');
  const inside = modulePath.slice(at + 'node_modules/'.length).split('/');
  const nameParts = inside[0].startsWith('@') ? 2 : 1;
  const name = inside.slice(0, nameParts).join('/');
  return { dir: `${modulePath.slice(0, at)}node_modules/${name}`, name, file: inside.slice(nameParts).join('/') };
}

/** The problems of a bundle's source: `{ failures, notes }`, each a list of sentences. */
export function duplicatesIn(source) {
  const modules = [...source.matchAll(/^\/\/ (\S*node_modules\/\S+\.[cm]?js)$/gm)].map((m) => m[1]);
  const byStem = new Map();
  const dirsOf = new Map();
  for (const modulePath of modules) {
    const { dir, name, file } = moduleOf(modulePath);
    const stem = `${dir}/${file.replace(/\.[cm]?js$/, '')}`;
    byStem.set(stem, new Set([...(byStem.get(stem) ?? []), modulePath]));
    dirsOf.set(name, new Set([...(dirsOf.get(name) ?? []), dir]));
  }
  const failures = [];
  for (const files of byStem.values())
    if (files.size > 1) failures.push(`one module in two formats: ${[...files].join(', ')}`);
  const notes = [];
  for (const [name, dirs] of dirsOf) {
    if (dirs.size < 2) continue;
    (SINGLE.includes(name) ? failures : notes).push(`${name} from ${dirs.size} folders: ${[...dirs].join(', ')}`);
  }
  if (modules.length === 0) failures.push('no node_modules markers found: has the bundle format changed?');
  return { failures, notes, modules: modules.length };
}

function nodeBinary() {
  return Number(process.versions.node.split('.')[0]) >= 22
    ? process.execPath
    : path.join(root, 'node_modules/node/bin/node');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = mkdtempSync(path.join(tmpdir(), 'cms-bundle-check-'));
  try {
    const wrangler = path.join(root, 'node_modules/wrangler/bin/wrangler.js');
    const built = spawnSync(nodeBinary(), [wrangler, 'deploy', '--dry-run', '--outdir', out], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      encoding: 'utf8',
    });
    if (built.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${built.stdout}\n${built.stderr}`);
    const source = readdirSync(out)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(path.join(out, f), 'utf8'))
      .join('\n');
    const { failures, notes, modules } = duplicatesIn(source);
    for (const note of notes) console.log(`note: ${note}`);
    for (const failure of failures) console.error(`✖ ${failure}`);
    if (failures.length) process.exitCode = 1;
    else console.log(`✔ bundle: ${modules} modules, graphql once, no module in two formats`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
