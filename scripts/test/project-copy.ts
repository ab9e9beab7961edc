import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A throwaway copy of the parts of the project a test runs real tools on (its node_modules linked, not copied), so
 * nothing of the repository is touched. Returns the folder; the test removes it.
 */
export function copyProject(entries: string[], prefix: string): string {
  const repo = process.cwd();
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  for (const entry of entries) cpSync(path.join(repo, entry), path.join(dir, entry), { recursive: true });
  symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}
