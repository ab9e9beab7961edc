// `npm run seed [-- --force]`: deterministic demo authors, tags and posts in the local D1 database.
//
// Sizes come from SEED_POSTS (200), SEED_AUTHORS (12) and SEED_TAGS (24). An empty database is seeded; one with
// content is left alone unless --force or SEED_RESET=1 is given, which replaces the demo collections' rows.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import config from '../schema/config';
import { buildModel } from '../src/config/model';
import { withTables } from '../src/db/model';
import { d1File, d1Query } from './lib/d1';
import { type DemoSize, demoContent } from './lib/seed-data';
import { toRows } from './lib/seed-rows';
import { ident, insertStatements } from './lib/sql';
import { fromRoot, main, ScriptError } from './lib/tools';

const SQL_FILE = '.wrangler/seed/seed.sql';

main(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      force: { type: 'boolean', default: false },
      'persist-to': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('Usage: [SEED_POSTS=200 SEED_AUTHORS=12 SEED_TAGS=24] npm run seed -- [--force] [--persist-to <dir>]');
    return 0;
  }
  const force = values.force || ['1', 'true', 'yes'].includes((process.env.SEED_RESET ?? '').toLowerCase());
  const persistTo = values['persist-to'];
  const size: DemoSize = {
    posts: count('SEED_POSTS', 200),
    authors: count('SEED_AUTHORS', 12),
    tags: count('SEED_TAGS', 24),
  };
  const started = Date.now();

  const model = withTables(buildModel(config));
  const tables = toRows(model, demoContent(size));

  const existing = await countRows(
    tables.map((t) => t.table),
    persistTo,
  );
  if (existing > 0 && !force) {
    console.log(
      `The local database already has ${existing} demo rows: not seeding. Use \`npm run seed -- --force\` (or SEED_RESET=1) to replace them.`,
    );
    return 0;
  }

  // Children before parents when clearing, parents before children when filling, in one batch: all or nothing.
  const sql = [
    ...(force ? [...tables].reverse().map((t) => `DELETE FROM ${ident(t.table)};`) : []),
    ...tables.flatMap((t) => insertStatements(t.table, t.columns, t.rows)),
  ];
  mkdirSync(fromRoot('.wrangler/seed'), { recursive: true });
  writeFileSync(fromRoot(SQL_FILE), `${sql.join('\n')}\n`);
  await d1File(SQL_FILE, persistTo);

  const summary = tables.map((t) => `${t.rows.length} ${t.table}`).join(', ');
  console.log(
    `✔ Seeded ${summary} in ${((Date.now() - started) / 1000).toFixed(1)}s (${sql.length} statements, ${SQL_FILE}).`,
  );
  return 0;
});

function count(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new ScriptError(`${name} must be a whole number ≥ 0, got "${raw}"`);
  return value;
}

async function countRows(tables: string[], persistTo?: string): Promise<number> {
  const sql = `SELECT ${tables.map((t) => `(SELECT count(*) FROM ${ident(t)})`).join(' + ')} AS n`;
  try {
    const [rows] = await d1Query<{ n: number }>(sql, persistTo);
    return rows?.[0]?.n ?? 0;
  } catch (error) {
    if (error instanceof ScriptError && /no such table/.test(error.message))
      throw new ScriptError(
        `${error.message.replace(/^.*?: /, '')}: the local database has no tables yet. Run \`npm run db:migrate\` first.`,
      );
    throw error;
  }
}
