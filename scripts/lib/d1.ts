import { runBin, ScriptError } from './tools';

/** The D1 binding in wrangler.toml that scripts work on, always the local copy under `.wrangler/state`. */
export const BINDING = 'DB';

/** Extra wrangler flags from the command line that make sense for local D1 (`--persist-to <dir>`). */
export function localFlags(persistTo?: string): string[] {
  return ['--local', ...(persistTo ? ['--persist-to', persistTo] : [])];
}

/**
 * Runs `wrangler d1 execute` on the local database with `--json` and the given source (`--command` or `--file`);
 * returns its parsed output, or throws what wrangler said went wrong.
 */
async function execute(source: ['--command' | '--file', string], persistTo?: string): Promise<unknown> {
  const args = ['d1', 'execute', BINDING, ...localFlags(persistTo), '--json', ...source];
  const { code, stdout, stderr } = await runBin('wrangler', 'wrangler', args);
  const parsed = parseJson(stdout);
  if (code === 0 && (source[0] === '--file' || Array.isArray(parsed))) return parsed;
  const text = (parsed as { error?: { text?: string } } | undefined)?.error?.text;
  const what = source[0] === '--file' ? ` --file ${source[1]}` : '';
  throw new ScriptError(`wrangler d1 execute${what} failed: ${text ?? (stderr.trim() || stdout.trim())}`);
}

/** Runs SQL on the local database and returns the rows of each statement. */
export async function d1Query<T = Record<string, unknown>>(sql: string, persistTo?: string): Promise<T[][]> {
  const parsed = (await execute(['--command', sql], persistTo)) as { results: T[] }[];
  return parsed.map((r) => r.results);
}

/** Runs a SQL file on the local database as one batch (all of it or none of it). */
export async function d1File(file: string, persistTo?: string): Promise<void> {
  await execute(['--file', file], persistTo);
}

function parseJson(text: string): unknown {
  const start = text.search(/^[[{]/m);
  if (start < 0) return undefined;
  try {
    return JSON.parse(text.slice(start));
  } catch {
    return undefined;
  }
}
