// The worker's bundle as `wrangler deploy` would upload it (`--dry-run`: built, not sent), raw and gzipped; Cloudflare's
// size limits apply to the gzipped size.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { binOf, nodeBinary, tempState, toolEnv } from './worker.mjs';

/** The `.js` modules of the bundle with their raw and gzip sizes in bytes. */
export function bundleSizes() {
  const out = tempState('cms-bundle-');
  try {
    const result = spawnSync(nodeBinary(), [binOf('wrangler'), 'deploy', '--dry-run', '--outdir', out.dir], {
      env: toolEnv(),
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${result.stdout}\n${result.stderr}`);
    return readdirSync(out.dir)
      .filter((name) => name.endsWith('.js'))
      .map((name) => {
        const bytes = readFileSync(path.join(out.dir, name));
        return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
      });
  } finally {
    out.remove();
  }
}
