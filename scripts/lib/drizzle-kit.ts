import { runBin, ScriptError } from './tools';

/** A column as drizzle-kit describes it in `--explain --output json`. */
export interface PlannedColumn {
  table: string;
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
}

export interface ColumnAlter {
  name: string;
  type?: { from: string; to: string };
  notNull?: { from: boolean; to: boolean };
  default?: { from: unknown; to: unknown };
}

interface PlannedIndex {
  table: string;
  name: string;
  isUnique: boolean;
  columns: { value: string; isExpression: boolean }[];
}

/** The statements drizzle-kit 1.0 plans for SQLite (`src/dialects/sqlite/convertor.ts`). */
export type Statement =
  | { type: 'create_table'; table: { name: string; columns: PlannedColumn[] } }
  | { type: 'drop_table'; tableName: string }
  | { type: 'rename_table'; from: string; to: string }
  | { type: 'add_column'; column: PlannedColumn }
  | { type: 'drop_column'; column: PlannedColumn }
  | { type: 'rename_column'; table: string; from: string; to: string }
  | { type: 'recreate_column'; column: PlannedColumn }
  | { type: 'recreate_table'; to: { name: string }; columnAlters: ColumnAlter[] }
  | { type: 'create_index'; index: PlannedIndex }
  | { type: 'drop_index'; index: PlannedIndex }
  | { type: 'create_view' | 'drop_view'; view: { name: string } }
  | { type: `unknown:${string}` };

/** Entity tuples lead with a placeholder schema (`'public'`) on SQLite. */
export type Entity = [string, string] | [string, string, string];

export type MissingHint =
  | { type: 'rename_or_create'; kind: string; entity: Entity }
  | { type: 'confirm_data_loss'; kind: string; entity: Entity; reason?: string };

export type Hint =
  | { type: 'rename'; kind: string; from: Entity; to: Entity }
  | { type: 'create'; kind: string; entity: Entity }
  | { type: 'confirm_data_loss'; kind: string; entity: Entity };

export type Envelope =
  | { status: 'ok'; migration_path?: string; statements?: Statement[] }
  | { status: 'no_changes' }
  | { status: 'missing_hints'; unresolved: MissingHint[] }
  | { status: 'error'; error: { code: string; message?: string } & Record<string, unknown> };

export interface GenerateOptions {
  /** The schema module (`module.exports = tables`), relative to the package root. */
  schema: string;
  /** drizzle-kit's own folder of migrations and snapshots. */
  out: string;
  hints?: Hint[];
  /** Plan only: returns `statements` and writes nothing. */
  explain?: boolean;
  /** The migration folder's name suffix (`<timestamp>_<name>`). */
  name?: string;
}

/**
 * Runs `drizzle-kit generate` in its JSON mode, which never prompts (a rename it cannot decide comes back as
 * `missing_hints` instead of a question on stdin). Flags only, no config file, so a stray `drizzle.config.ts`
 * can't change what is generated.
 */
export async function drizzleGenerate(options: GenerateOptions): Promise<Envelope> {
  const args = [
    'generate',
    '--dialect',
    'sqlite',
    '--schema',
    options.schema,
    '--out',
    options.out,
    '--output',
    'json',
  ];
  if (options.explain) args.push('--explain');
  if (options.name) args.push('--name', options.name);
  if (options.hints?.length) args.push('--hints', JSON.stringify(options.hints));
  const { code, stdout, stderr } = await runBin('drizzle-kit', 'drizzle-kit', args);
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  let envelope: Envelope | undefined;
  try {
    envelope = line ? (JSON.parse(line) as Envelope) : undefined;
  } catch {
    envelope = undefined;
  }
  if (!envelope) {
    throw new ScriptError(`drizzle-kit exited with code ${code} without a result:\n${stderr.trim() || stdout.trim()}`);
  }
  if (envelope.status === 'ok' && envelope.statements) {
    envelope.statements = envelope.statements.map((s) => (KNOWN.has(s.type) ? s : { type: `unknown:${s.type}` }));
  }
  return envelope;
}

const KNOWN = new Set([
  'create_table',
  'drop_table',
  'rename_table',
  'add_column',
  'drop_column',
  'rename_column',
  'recreate_column',
  'recreate_table',
  'create_index',
  'drop_index',
  'create_view',
  'drop_view',
]);

/** A readable one-line cause for a drizzle-kit error envelope. */
export function describeError(envelope: Extract<Envelope, { status: 'error' }>): string {
  const { code, message, ...rest } = envelope.error;
  if (message) return message;
  return `${code}${Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : ''}`;
}
