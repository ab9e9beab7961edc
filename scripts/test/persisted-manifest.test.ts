import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The trusted documents' manifest the persisted-documents tests and e2e case use is committed (CI stays offline and
// quick). Codegen's own `--check` regenerates every output of codegen.ts in memory, the client preset's manifest
// included, and exits 1 naming the stale files. (In-process, codegen's CommonJS graphql meets the config's ES module
// one and refuses the schema, so it runs as `npm run codegen` does.)
describe('npm run codegen outputs (test/persisted/generated: the client preset with persistedDocuments)', () => {
  it('are what codegen writes from the current documents and schema', () => {
    const run = spawnSync(
      process.execPath,
      ['node_modules/@graphql-codegen/cli/cjs/bin.js', '--config', 'codegen.ts', '--check'],
      { encoding: 'utf8' },
    );
    expect(run.stdout + run.stderr).not.toMatch(/stale files/);
    expect(run.status, `${run.stdout}\n${run.stderr}\nrun \`npm run codegen\` and commit the result`).toBe(0);
  });
});
