// `npm run db:generate [-- --check | --allow-destructive | --name <name> | --rename <from>=<to>]`
//
// Keeps the database in step with the content model: regenerates schema/collections/index.ts from the files in that
// folder, asks drizzle-kit for the migration of each content model (served and test), refuses changes that would lose
// data or can't apply to a table with rows, and writes each new migration as a flat `NNNN_name.sql` file for wrangler.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BARREL, collectionFiles, renderBarrel } from './lib/barrel';
import { BUNDLE, renderBundle } from './lib/bundle';
import { summarise, suggestName } from './lib/describe';
import { describeError, drizzleGenerate } from './lib/drizzle-kit';
import {
  cleanName,
  flatMigrations,
  flatSql,
  migrationStem,
  nextNumber,
  SNAPSHOTS,
  snapshotFolders,
} from './lib/migrations';
import { type Plan, parseRename, plan, type Rename } from './lib/plan';
import { destructiveSql, type Problem, review } from './lib/safety';
import { type Target, targets } from './lib/targets';
import { fromRoot, main, ScriptError } from './lib/tools';

const COLLECTIONS = 'schema/collections';
/** The served model's migrations, bundled for the worker's bootstrap (see scripts/lib/bundle.ts). */
const SERVED = targets[0]!.migrations;

const USAGE = `Usage: npm run db:generate -- [options]

  --check               exit 1 if the content model changed without a migration (writes nothing)
  --name <name>         name the new migration (default: from what it does, e.g. create_notes)
  --rename <a>=<b>      a drizzle-kit rename: <table>.<old_column>=<new_column> or <old_table>=<new_table>
  --allow-destructive   write migrations that drop or rebuild tables or columns (data is lost)
`;

main(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      check: { type: 'boolean', default: false },
      'allow-destructive': { type: 'boolean', default: false },
      name: { type: 'string' },
      rename: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const renames = values.rename.map(parseRename);
  for (const target of targets) checkFolder(target);

  const barrelPath = fromRoot(COLLECTIONS, BARREL);
  const before = existsSync(barrelPath) ? readFileSync(barrelPath, 'utf8') : undefined;
  const barrel = renderBarrel(collectionFiles(fromRoot(COLLECTIONS)));

  if (values.check) {
    if (barrel !== before)
      throw new ScriptError(`${COLLECTIONS}/${BARREL} is out of date: run \`npm run db:generate\``);
    if (bundleIsStale()) throw new ScriptError(`${SERVED}/${BUNDLE} is out of date: run \`npm run db:generate\``);
    const plans = await planAll(renames);
    if (plans.length === 0) {
      console.log('✔ The migrations match the content model.');
      return 0;
    }
    for (const p of plans) printPlan(p, `${p.target.label} (${p.target.config}) has changes without a migration:`);
    console.error('\n✖ Run `npm run db:generate` and commit the new migration files.');
    return 1;
  }

  // drizzle-kit reads the collections through the barrel, so it is written first, and put back if the run fails.
  if (barrel !== before) writeFileSync(barrelPath, barrel);
  const written: string[] = [];
  try {
    const plans = await planAll(renames);
    const unused = renames.filter((r) => !r.used);
    if (unused.length)
      throw new ScriptError(
        `Nothing to rename for ${unused.map((r) => `--rename ${r.spec}`).join(', ')}: the new name must be a table or column ` +
          'that this change adds, and the old one a table or column it removes.',
      );
    refuseUnsafe(plans, values['allow-destructive']);
    for (const p of plans) written.push(...(await write(p, values.name, values['allow-destructive'])));
  } catch (error) {
    // All or nothing: a half-written change (one model migrated, the other not) is worse than none.
    for (const file of written) rmSync(file, { recursive: true, force: true });
    if (barrel !== before) {
      if (before === undefined) rmSync(barrelPath);
      else writeFileSync(barrelPath, before);
      if (error instanceof ScriptError)
        error.message += `\n${COLLECTIONS}/${BARREL} was left as it was too: it lists the collections of the last successful run.`;
    }
    throw error;
  }
  if (barrel !== before) console.log(`✔ Updated ${COLLECTIONS}/${BARREL}`);
  if (bundleIsStale()) {
    writeFileSync(fromRoot(SERVED, BUNDLE), renderBundle(fromRoot(SERVED)));
    console.log(`✔ Updated ${SERVED}/${BUNDLE}`);
  }
  if (written.length === 0) console.log('✔ No changes: the migrations match the content model.');
  else console.log('\nApply them locally with `npm run db:migrate`.');
  return 0;
});

function bundleIsStale(): boolean {
  const file = fromRoot(SERVED, BUNDLE);
  return !existsSync(file) || readFileSync(file, 'utf8') !== renderBundle(fromRoot(SERVED));
}

async function planAll(renames: Rename[]): Promise<Plan[]> {
  const plans = await Promise.all(targets.map((t) => plan(t, renames)));
  return plans.filter((p): p is Plan => p !== undefined);
}

/** Every snapshot folder needs its flat file; a folder without one means a half-deleted or foreign migration. */
function checkFolder(target: Target) {
  const flat = new Set(flatMigrations(fromRoot(target.migrations)).map((m) => m.file));
  for (const { folder, stem } of snapshotFolders(fromRoot(target.migrations))) {
    const where = `${target.migrations}/${SNAPSHOTS}/${folder}`;
    if (!stem) throw new ScriptError(`${where} was not written by db:generate (expected <timestamp>_<NNNN>_<name>)`);
    if (!flat.has(`${stem}.sql`))
      throw new ScriptError(
        `${where} has no ${target.migrations}/${stem}.sql. Restore the file, or, if that migration was never applied ` +
          'anywhere, delete the snapshot folder too and run db:generate again.',
      );
  }
}

function refuseUnsafe(plans: Plan[], allowDestructive: boolean) {
  const found: { plan: Plan; problems: Problem[] }[] = [];
  for (const p of plans) {
    const { problems, warnings } = review(p.statements, p.created);
    for (const w of warnings) console.warn(`⚠ ${p.target.label}: ${w}`);
    if (problems.length) found.push({ plan: p, problems });
  }
  if (found.length === 0) return;
  if (allowDestructive) {
    for (const { plan: p, problems } of found)
      for (const problem of problems)
        console.warn(`⚠ ${p.target.label}, allowed by --allow-destructive: ${problem.message}`);
    return;
  }
  const lines: string[] = [];
  for (const { plan: p, problems } of found) {
    lines.push(`${p.target.label} (${p.target.config}):`);
    for (const problem of problems) lines.push(`  • ${problem.message}`, `    → ${problem.fix}`);
  }
  const tail =
    'Nothing was written. If that is intended (a database you can reset, a table you know is empty), run again with ' +
    '`npm run db:generate -- --allow-destructive`.';
  throw new ScriptError(
    `This change would lose data or can't apply to a table with rows:\n${lines.join('\n')}\n${tail}`,
  );
}

/** The real drizzle-kit run, with the plan's answers, then the flat copy wrangler applies. Returns what it wrote. */
async function write(p: Plan, requested: string | undefined, allowDestructive: boolean): Promise<string[]> {
  const dir = fromRoot(p.target.migrations);
  const first = flatMigrations(dir).length === 0;
  const name = cleanName(requested ?? (first ? 'init' : suggestName(p.statements))) || 'update';
  const stem = migrationStem(nextNumber(dir), name);
  const envelope = await drizzleGenerate({
    schema: p.target.schema,
    out: path.join(p.target.migrations, SNAPSHOTS),
    hints: p.hints,
    name: stem,
  });
  if (envelope.status !== 'ok' || !envelope.migration_path)
    throw new ScriptError(
      `drizzle-kit did not write the planned migration for the ${p.target.label}: ${
        envelope.status === 'error' ? describeError(envelope) : envelope.status
      }`,
    );
  const folder = path.dirname(fromRoot(envelope.migration_path));
  const sql = readFileSync(fromRoot(envelope.migration_path), 'utf8');
  const unexpected = allowDestructive ? [] : destructiveSql(sql);
  if (unexpected.length) {
    rmSync(folder, { recursive: true, force: true });
    throw new ScriptError(
      `drizzle-kit wrote destructive SQL the plan did not show; removed it:\n  ${unexpected.join('\n  ')}`,
    );
  }
  const file = path.join(p.target.migrations, `${stem}.sql`);
  writeFileSync(fromRoot(file), flatSql(d1Pragmas(sql), { config: p.target.config, snapshot: path.basename(folder) }));
  printPlan(p, `✔ ${file} (${p.target.label})`);
  return [folder, fromRoot(file)];
}

/**
 * D1 runs a migration in a transaction, where `PRAGMA foreign_keys=OFF` is silently ignored; its documented switch
 * is `defer_foreign_keys`, which lets a rebuilt table pass foreign-key checks until the end of the migration.
 */
function d1Pragmas(sql: string): string {
  return sql
    .replace(/PRAGMA foreign_keys\s*=\s*OFF;/gi, 'PRAGMA defer_foreign_keys = on;')
    .replace(/PRAGMA foreign_keys\s*=\s*ON;/gi, 'PRAGMA defer_foreign_keys = off;');
}

function printPlan(p: Plan, title: string) {
  console.log(title);
  // A new table brings several indexes; past a handful they are counted, not listed.
  const indexes = p.statements.filter((s) => s.type === 'create_index');
  const listed = indexes.length > 5 ? p.statements.filter((s) => s.type !== 'create_index') : p.statements;
  const lines = listed.map(summarise);
  if (listed !== p.statements) lines.push(`+ ${indexes.length} indexes`);
  for (const line of lines.slice(0, 25)) console.log(`    ${line}`);
  if (lines.length > 25) console.log(`    … and ${lines.length - 25} more`);
}
