import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const DEPCRUISE = 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs';

/** `npm run check:layers` on a tree: its exit code and what it printed. */
function checkLayers(root = '.') {
  const run = spawnSync(process.execPath, ['scripts/check-layers.mjs', '--root', root], { encoding: 'utf8' });
  return { code: run.status, report: run.stdout + run.stderr };
}

/**
 * What a set of entry files reaches: each module of the repository, and each package with the module importing it
 * (`package ← importer`); `types: false` follows runtime imports only.
 */
function reached(entries: string[], { types }: { types: boolean }): string[] {
  const args = [DEPCRUISE, ...entries, '--no-config', '--ts-config', 'tsconfig.json', '--output-type', 'json'];
  if (types) args.push('--ts-pre-compilation-deps');
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(run.status, run.stderr).toBe(0);
  const result = JSON.parse(run.stdout) as {
    modules: Array<{ source: string; dependencies: Array<{ resolved: string; module: string; coreModule: boolean }> }>;
  };
  const packages = result.modules.flatMap((m) =>
    m.dependencies.filter((d) => !d.module.startsWith('.') && !d.coreModule).map((d) => `${d.module} ← ${m.source}`),
  );
  return [...result.modules.map((m) => m.source), ...packages];
}

describe('layers', () => {
  const copies: string[] = [];
  afterAll(() => {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });

  it('hold on the tree as it is', () => {
    const { code, report } = checkLayers();
    expect(code, report).toBe(0);
  });

  it('fail on an upward import, a cycle and a runtime value in src/types', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'layers-'));
    copies.push(dir);
    for (const entry of ['src', 'tsconfig.json', '.dependency-cruiser.cjs'])
      cpSync(entry, path.join(dir, entry), { recursive: true });
    symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'));
    // A field type reaching for the HTTP handler: fields sit below server.
    writeFileSync(path.join(dir, 'src/fields/upward.ts'), "export { createHandler } from '../server/handler';\n");
    // Two database modules importing each other, one of them for a type only.
    writeFileSync(path.join(dir, 'src/db/ring-a.ts'), "import type { B } from './ring-b';\nexport type A = B[];\n");
    writeFileSync(
      path.join(dir, 'src/db/ring-b.ts'),
      "import type { A } from './ring-a';\nexport type B = { a: A };\n",
    );
    // Code in the types layer, and an import of a module that runs code.
    writeFileSync(
      path.join(dir, 'src/types/runs-code.ts'),
      "import { names } from '../names';\nexport const LIMIT = 10;\nexport type Names = typeof names;\n",
    );
    // Declarations only, with a code example in a comment: fine.
    writeFileSync(
      path.join(dir, 'src/types/declarations.ts'),
      '/** @example\n * export const x = 1;\n */\nexport interface A {}\nexport type B = A;\nexport type { A as C };\n',
    );
    const { code, report } = checkLayers(dir);
    expect(code).toBe(1);
    expect(report).toMatch(/layer-fields: src\/fields\/upward\.ts → src\/server\/handler\.ts/);
    expect(report).toMatch(/no-circular: src\/db\/ring-a\.ts/);
    expect(report).toMatch(/types-import-only-types: src\/types\/runs-code\.ts → src\/names\.ts/);
    expect(report).toMatch(/src\/types\/runs-code\.ts: exports a runtime value \(export const LIMIT = 10;\)/);
    expect(report).not.toMatch(/declarations\.ts/);
  });
});

describe('db:generate', () => {
  // What `npm run db:generate` loads: the script, and the schema modules drizzle-kit loads for each target.
  const entries = ['scripts/db-generate.ts', 'scripts/drizzle/app-schema.ts', 'scripts/drizzle/test-schema.ts'];
  const GRAPHQL_OR_SERVER = /^src\/(graphql|server|plugins\/core)\/|^src\/build\.ts$/;

  it('reaches no GraphQL-building or server module, type imports included', () => {
    const modules = reached(entries, { types: true });
    expect(modules).toContain('src/config/model.ts');
    expect(modules.filter((m) => GRAPHQL_OR_SERVER.test(m))).toEqual([]);
  });

  it('loads neither Yoga nor the Pothos schema plugins; Pothos itself only for its cursor decoding', () => {
    const loaded = reached(entries, { types: false });
    expect(loaded).toContain('src/db/model.ts');
    expect(loaded.filter((m) => GRAPHQL_OR_SERVER.test(m) || /^(@pothos\/plugin-|graphql-yoga)/.test(m))).toEqual([]);
    // The query layer reads the cursors @pothos/plugin-drizzle writes with Pothos's own decoder, so they can't drift.
    expect(loaded.filter((m) => m.startsWith('@pothos/'))).toEqual(['@pothos/core ← src/query/cursor.ts']);
  });
});
