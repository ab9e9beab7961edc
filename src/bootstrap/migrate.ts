/** A migration as wrangler applies it: its file name (the key in `d1_migrations`) and its SQL. */
export interface Migration {
  name: string;
  sql: string;
}

// The same table `wrangler d1 migrations apply` keeps, so a migration applied by either is never applied again.
const TRACKING = `CREATE TABLE IF NOT EXISTS d1_migrations(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

/** The statements of a generated migration file: `--` comment lines dropped, split at the `;` that ends a line. */
export function statementsOf(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter(Boolean);
}

/**
 * Applies the migrations not yet recorded in `d1_migrations`, in order. Each one runs with its tracking row in one
 * D1 batch (a transaction), so a migration is either applied and recorded or not at all. Returns the applied names.
 * @example
 * const applied = await applyMigrations(env.DB, migrations); // ['0003_add_notes.sql']
 */
export async function applyMigrations(d1: D1Database, migrations: readonly Migration[]): Promise<string[]> {
  if (migrations.length === 0) return [];
  await d1.prepare(TRACKING).run();
  const { results } = await d1.prepare('SELECT name FROM d1_migrations').all<{ name: string }>();
  const done = new Set(results.map((row) => row.name));
  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.name)) continue;
    const statements = statementsOf(migration.sql).map((statement) => d1.prepare(statement));
    try {
      await d1.batch([...statements, d1.prepare('INSERT INTO d1_migrations (name) VALUES (?)').bind(migration.name)]);
    } catch (error) {
      throw new Error(
        `Migration ${migration.name} failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    applied.push(migration.name);
  }
  return applied;
}
