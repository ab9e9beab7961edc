import { runBin, ScriptError } from './tools';

/** The D1 binding in wrangler.toml that scripts work on, always the local copy under `.wrangler/state`. */
export const BINDING = 'DB';

/** Extra wrangler flags from the command line that make sense for local D1 (`--persist-to <dir>`). */
export function localFlags(persistTo?: string): string[] {
  return ['--local', ...(persistTo ? ['--persist-to', persistTo] : [])];
}

/** Runs SQL on the local database and returns the rows of each statement. */
export async function d1Query<T = Record<string, unknown>>(sql: string, persistTo?: string): Promise<T[][]> {
  const { code, stdout, stderr } = await runBin('wrangler', 'wrangler', [
    'd1',
    'execute',
    BINDING,
    ...localFlags(persistTo),
    '--json',
    '--command',
    sql,
  ]);
  const parsed = parseJson(stdout) as { results: T[] }[] | { error?: { text?: string } } | undefined;
  if (code !== 0 || !Array.isArray(parsed)) {
    const text = (parsed as { error?: { text?: string } } | undefined)?.error?.text;
    throw new ScriptError(`wrangler d1 execute failed: ${text ?? (stderr.trim() || stdout.trim())}`);
  }
  return parsed.map((r) => r.results);
}

/** Runs a SQL file on the local database as one batch (all of it or none of it). */
export async function d1File(file: string, persistTo?: string): Promise<void> {
  const { code, stdout, stderr } = await runBin('wrangler', 'wrangler', [
    'd1',
    'execute',
    BINDING,
    ...localFlags(persistTo),
    '--json',
    '--file',
    file,
  ]);
  if (code !== 0) {
    const text = (parseJson(stdout) as { error?: { text?: string } } | undefined)?.error?.text;
    throw new ScriptError(`wrangler d1 execute --file ${file} failed: ${text ?? (stderr.trim() || stdout.trim())}`);
  }
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
