// `node scripts/build-graphiql.mjs [<dir>]`: bundles GraphiQL (web/graphiql/main.js, the graphiql package with React)
// into public/graphiql/graphiql.js and graphiql.css, the static assets the worker serves itself (the `ASSETS` binding,
// see wrangler.toml), so GraphiQL works offline and under `script-src 'self'`. wrangler runs it before `wrangler dev`
// and `wrangler deploy` (`[build] command`), and vitest.config.ts before the worker's tests, which read the folder.
//
// GraphiQL 4 (CodeMirror 5) rather than 5 (Monaco): it bundles into one script and one stylesheet with its fonts
// inlined, and needs no web workers (Monaco's would need `worker-src` and several more files).
//
// wrangler dev runs the command again on every change it watches (src/ included), so a build whose inputs (this
// script, web/graphiql/, package-lock.json) are unchanged since the last one is skipped. `<dir>` writes the files
// elsewhere, always (the scripts' tests). Plain Node ESM that runs on Node 20 too: wrangler starts the command with
// whatever `node` is on PATH.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the assets go: the `[assets] directory` of wrangler.toml, under the path the worker serves them at. */
export const OUT_DIR = path.join(root, 'public', 'graphiql');
const OUTPUTS = ['graphiql.js', 'graphiql.css'];
/** The last build's inputs, outside the assets folder (whatever is in it is uploaded). */
const STAMP = path.join(root, 'node_modules', '.cache', 'edge-cms', 'graphiql-build.txt');

/** A hash of everything the bundle is made from. */
function fingerprint() {
  const hash = createHash('sha256');
  const web = path.join(root, 'web', 'graphiql');
  const inputs = [
    fileURLToPath(import.meta.url),
    path.join(root, 'package-lock.json'),
    ...readdirSync(web)
      .sort()
      .map((f) => path.join(web, f)),
  ];
  for (const file of inputs) hash.update(`${path.relative(root, file)}\0`).update(readFileSync(file));
  return hash.digest('hex');
}

/**
 * Builds the bundle into `outDir`; resolves the written files and their sizes.
 * @example
 * await buildGraphiql({ quiet: true });
 */
export async function buildGraphiql({ outDir = OUT_DIR, quiet = false } = {}) {
  mkdirSync(outDir, { recursive: true });
  const { build } = await import('esbuild'); // loaded only when there is something to build
  const result = await build({
    absWorkingDir: root,
    entryPoints: { graphiql: 'web/graphiql/main.js' },
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2022'],
    platform: 'browser',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Subscriptions over WebSocket are the only use of graphql-ws (a dynamic import in @graphiql/toolkit); the API
    // has none, so it stays out of the bundle.
    external: ['graphql-ws'],
    legalComments: 'eof',
    logLevel: quiet ? 'error' : 'warning',
    metafile: true,
  });
  const files = Object.entries(result.metafile.outputs).map(([file, { bytes }]) => ({ file, bytes }));
  if (!quiet) {
    const sizes = files.map(({ file, bytes }) => `${path.basename(file)} ${Math.round(bytes / 1024)} KB`);
    console.log(`✔ GraphiQL built into ${path.relative(root, outDir)}/: ${sizes.join(', ')}`);
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2]) {
    await buildGraphiql({ outDir: path.resolve(process.argv[2]) });
  } else {
    const inputs = fingerprint();
    const built = OUTPUTS.every((f) => existsSync(path.join(OUT_DIR, f)));
    if (built && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === inputs) {
      console.log(`✔ GraphiQL in ${path.relative(root, OUT_DIR)}/ is up to date`);
    } else {
      await buildGraphiql();
      mkdirSync(path.dirname(STAMP), { recursive: true });
      writeFileSync(STAMP, inputs);
    }
  }
}
