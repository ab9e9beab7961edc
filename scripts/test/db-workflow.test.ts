// End to end in a throwaway copy of the project: the real drizzle-kit and wrangler, nothing of the repo touched.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatMigrations, migrationStem, nextNumber } from '../lib/migrations';
import { nodeBinary } from '../lib/tools';
import { copyProject } from './project-copy';

const repo = process.cwd();
let dir: string;

function run(script: string, args: string[] = [], env: Record<string, string> = {}) {
  const jiti = path.join(repo, 'node_modules/jiti/lib/jiti-cli.mjs');
  const result = spawnSync(process.execPath, [jiti, script, ...args], {
    cwd: dir,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status, out: `${result.stdout}\n${result.stderr}` };
}

/** Every file under the migration folders and the barrel, with contents: what "nothing written" compares. */
function snapshot(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(path.join(dir, d), { withFileTypes: true })) {
      const rel = path.join(d, e.name);
      if (e.isDirectory()) walk(rel);
      else files[rel] = readFileSync(path.join(dir, rel), 'utf8');
    }
  };
  walk('migrations');
  walk('test/fixtures/migrations');
  files.barrel = readFileSync(path.join(dir, 'schema/collections/index.ts'), 'utf8');
  return files;
}

const edit = (file: string, from: string, to: string) => {
  const text = readFileSync(path.join(dir, file), 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(path.join(dir, file), text.replace(from, to));
};

const sql = (query: string) => {
  const wrangler = path.join(repo, 'node_modules/wrangler/bin/wrangler.js');
  const r = spawnSync(
    nodeBinary(),
    [wrangler, 'd1', 'execute', 'DB', '--local', '--persist-to', 'state', '--json', '--command', query],
    {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    },
  );
  return JSON.parse(r.stdout) as { results: Record<string, unknown>[] }[];
};

beforeAll(() => {
  dir = copyProject(
    ['package.json', 'wrangler.toml', 'schema', 'src', 'plugins', 'scripts', 'migrations', 'test/fixtures'],
    'cms-db-',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('db:generate, db:migrate and seed', () => {
  it('finds the committed migrations up to date', () => {
    const { code, out } = run('scripts/db-generate.ts', ['--check']);
    expect(out).toContain('The migrations match the content model');
    expect(code).toBe(0);
  });

  it('migrates and seeds an empty database once', () => {
    const migrated = run('scripts/db-migrate.ts', ['--persist-to', 'state']);
    expect(migrated.code, migrated.out).toBe(0);
    const seeded = run('scripts/seed.ts', ['--persist-to', 'state'], {
      SEED_POSTS: '30',
      SEED_AUTHORS: '3',
      SEED_TAGS: '5',
    });
    expect(seeded.out).toMatch(/Seeded 3 authors, 5 tags, 30 posts/);
    const again = run('scripts/seed.ts', ['--persist-to', 'state'], { SEED_POSTS: '30' });
    expect(again.out).toMatch(/already has \d+ demo rows: not seeding/);
    expect(sql('SELECT count(*) AS n FROM posts')[0]!.results[0]!.n).toBe(30);
  });

  it('turns a new collection file into an additive migration that keeps existing rows', () => {
    writeFileSync(
      path.join(dir, 'schema/collections/zz-note.ts'),
      "import { defineCollection, text } from '../../src';\n\nexport default defineCollection({ name: 'ZzNote', fields: { text: text() } });\n",
    );
    const existing = flatMigrations(path.join(repo, 'migrations')).map((m) => m.file);
    const added = `${migrationStem(nextNumber(path.join(repo, 'migrations')), 'create_zz_notes')}.sql`;
    // The test model numbers its own migrations (it has collections of its own, e.g. the template plugin's).
    const addedForTests = `${migrationStem(nextNumber(path.join(repo, 'test/fixtures/migrations')), 'create_zz_notes')}.sql`;
    const { code, out } = run('scripts/db-generate.ts');
    expect(out, out).toContain(`migrations/${added}`);
    expect(code).toBe(0);
    expect(readFileSync(path.join(dir, 'schema/collections/index.ts'), 'utf8')).toContain(
      "import zzNote from './zz-note';",
    );
    expect(readFileSync(path.join(dir, 'migrations', added), 'utf8')).toContain('CREATE TABLE `zz_notes`');
    expect(readdirSync(path.join(dir, 'test/fixtures/migrations'))).toContain(addedForTests);
    // The worker's bundle carries the new migration, so its bootstrap applies it too.
    expect(readFileSync(path.join(dir, 'migrations/bundle.ts'), 'utf8')).toContain(`name: "${added}"`);
    expect(run('scripts/db-generate.ts').out).toContain('No changes');
    expect(run('scripts/db-generate.ts', ['--check']).code).toBe(0);

    expect(run('scripts/db-migrate.ts', ['--persist-to', 'state']).code).toBe(0);
    const [counts, applied] = sql(
      'SELECT (SELECT count(*) FROM posts) AS posts, (SELECT count(*) FROM zz_notes) AS notes; SELECT name FROM d1_migrations ORDER BY id',
    );
    expect(counts!.results[0]).toEqual({ posts: 30, notes: 0 });
    expect(applied!.results.map((r) => r.name)).toEqual([...existing, added]);

    // What a restarted worker serves: the schema built from the served config, with no other code change.
    writeFileSync(
      path.join(dir, 'fields.ts'),
      "import { buildCms } from './src/build';\nimport config from './schema/config';\n" +
        'const { schema } = buildCms(config);\n' +
        'console.log(JSON.stringify([Object.keys(schema.getQueryType()!.getFields()), Object.keys(schema.getMutationType()!.getFields())]));\n',
    );
    const printed = run('fields.ts');
    expect(printed.code, printed.out).toBe(0);
    const [queries, mutations] = JSON.parse(printed.out.trim().split('\n')[0]!);
    expect(queries).toEqual(expect.arrayContaining(['zzNote', 'zzNotes', 'posts']));
    expect(mutations).toEqual(expect.arrayContaining(['createZzNote', 'updateZzNotes', 'publishZzNote']));
  });

  it('refuses a dropped column and a required column without default, writing nothing', () => {
    const before = snapshot();
    edit('schema/collections/author.ts', '    bio: textarea({ maxLength: 2000 }),\n', '');
    const dropped = run('scripts/db-generate.ts');
    expect(dropped.code).toBe(1);
    expect(dropped.out).toContain('column `authors.bio` would be dropped with its data');
    expect(snapshot()).toEqual(before);

    edit(
      'schema/collections/author.ts',
      '    email:',
      '    bio: textarea({ maxLength: 2000 }),\n    handle: text({ required: true }),\n    email:',
    );
    const required = run('scripts/db-generate.ts');
    expect(required.code).toBe(1);
    expect(required.out).toContain('`authors.handle` would be added as NOT NULL without a DEFAULT');
    expect(snapshot()).toEqual(before);

    const check = run('scripts/db-generate.ts', ['--check']);
    expect(check.code).toBe(1);
    expect(check.out).toContain('+ column authors.handle');
  });

  it('detects a removed collection file, and a barrel left stale, with --check', () => {
    edit('schema/collections/author.ts', '    handle: text({ required: true }),\n', '');
    rmSync(path.join(dir, 'schema/collections/zz-note.ts'));
    const check = run('scripts/db-generate.ts', ['--check']);
    expect(check.code).toBe(1);
    expect(check.out).toContain('schema/collections/index.ts is out of date');
    const refused = run('scripts/db-generate.ts');
    expect(refused.out).toContain('table `zz_notes` would be dropped');
    expect(refused.out).toContain('index.ts was left as it was');
  });
});
