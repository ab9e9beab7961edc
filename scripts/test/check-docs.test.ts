import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs `node scripts/check-docs.mjs <root>` on a tree of files written to a fresh temp dir. */
function check(files: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), 'check-docs-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  const run = spawnSync(process.execPath, ['scripts/check-docs.mjs', root], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

const index = '# Docs\n\n- [API](api.md)\n';
const api = [
  '# The API',
  '',
  '## Reading',
  '',
  '## Errors and codes (`extensions.code`)',
  '',
  '### Reading',
  '',
  "## What's new?",
  '',
  '```md',
  '## Not a heading [nor a link](nowhere.md)',
  '```',
  '',
  'Back to the [README](../README.md#docs), [reading](#reading), [again](#reading-1), [codes](#errors-and-codes-extensionscode),',
  '[new](#whats-new), the [site](https://example.com/nowhere#x) and `[code](missing.md)`.',
  '',
].join('\n');
const good = {
  'README.md': '# Project\n\n## Docs\n\nSee [the API](docs/api.md#reading) and [the index](docs/README.md).\n',
  'docs/README.md': index,
  'docs/api.md': api,
};

describe('check:docs', () => {
  it('passes on links to files and headings that exist (GitHub slugs, repeats numbered, code left alone)', () => {
    const { status, output } = check(good);
    expect(output).toContain('every relative link and anchor resolves');
    expect(status).toBe(0);
  });

  it('fails on a link to a file that does not exist', () => {
    const { status, output } = check({ ...good, 'docs/README.md': `${index}- [Gone](gone.md)\n` });
    expect(status).toBe(1);
    expect(output).toContain('docs/README.md:4: gone.md: no such file (docs/gone.md)');
  });

  it('fails on an anchor that matches no heading, in the same file or another', () => {
    const { status, output } = check({
      ...good,
      'README.md': '# Project\n\nSee [writing](docs/api.md#writing) and [here](#nowhere).\n',
    });
    expect(status).toBe(1);
    expect(output).toContain('README.md:3: docs/api.md#writing: no heading #writing in docs/api.md');
    expect(output).toContain('README.md:3: #nowhere: no heading #nowhere in README.md');
  });

  it('fails when the README is longer than a page (200 lines)', () => {
    const { status, output } = check({ ...good, 'README.md': `# Project\n${'line\n'.repeat(200)}` });
    expect(status).toBe(1);
    expect(output).toContain('README.md: 201 lines, more than 200');
  });

  it('passes on the repository itself', () => {
    const run = spawnSync(process.execPath, ['scripts/check-docs.mjs'], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toContain('resolves');
    expect(run.status).toBe(0);
  });
});
