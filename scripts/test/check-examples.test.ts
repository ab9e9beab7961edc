import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SCHEMA = readFileSync('schema/schema.graphql', 'utf8');

/** The committed schema with `type Post`'s body changed by `edit`, written to a temp file. */
function postChanged(edit: (body: string) => string): string {
  const start = SCHEMA.indexOf('type Post {');
  const end = SCHEMA.indexOf('}', start);
  const changed = SCHEMA.slice(0, start) + edit(SCHEMA.slice(start, end)) + SCHEMA.slice(end);
  expect(changed).not.toBe(SCHEMA);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'check-examples-')), 'schema.graphql');
  writeFileSync(file, changed);
  return file;
}

function check(...args: string[]) {
  const run = spawnSync(process.execPath, ['scripts/check-examples.mjs', ...args], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('check:examples', () => {
  it('passes on the committed schema: generated files up to date, the example type-checks', () => {
    const { status, output } = check();
    expect(output).toContain('✔ blog-frontend');
    expect(status).toBe(0);
  });

  it("fails when a field the example queries is removed: its documents don't validate", () => {
    const { status, output } = check(
      '--schema',
      postChanged((body) => body.replace('  slug: String!\n', '')),
    );
    expect(output).toMatch(/codegen fails/);
    expect(output).toContain('Cannot query field "slug" on type "Post"');
    expect(status).toBe(1);
  });

  it('fails when a field the example relies on becomes nullable: stale types, and the code no longer compiles', () => {
    const { status, output } = check(
      '--schema',
      postChanged((body) => body.replace('  title: String!\n', '  title: String\n')),
    );
    expect(output).toMatch(/src\/gql is stale \(graphql\.ts\)/);
    expect(output).toMatch(/does not type-check[\s\S]*src\/blog\.ts.*TS2345/);
    expect(status).toBe(1);
  });

  it('fails when @oneOf is dropped: the example checks that two keys are refused', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'check-examples-')), 'schema.graphql');
    writeFileSync(file, SCHEMA.replace('input PostWhereUniqueInput @oneOf {', 'input PostWhereUniqueInput {'));
    const { status, output } = check('--schema', file);
    expect(output).toMatch(/src\/type-checks\.ts.*TS2578/);
    expect(status).toBe(1);
  });
});
