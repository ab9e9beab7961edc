// The regression cases of test/e2e/cases/*.mjs: each a `{ name, item, profiles?, timeout?, run(context) }`, run in
// sequence against the served worker (see docs/e2e.md for the contract).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Every case of every file in `dir`, in file then array order; a name used twice is an error. */
export async function loadCases(dir) {
  const cases = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.mjs'))
    .sort()) {
    const { default: list } = await import(pathToFileURL(path.join(dir, file)).href);
    if (!Array.isArray(list)) throw new Error(`${file}: the default export must be an array of cases`);
    for (const entry of list) {
      if (typeof entry?.name !== 'string' || typeof entry.run !== 'function') {
        throw new Error(`${file}: a case needs a name and run()`);
      }
      if (cases.some((c) => c.name === entry.name)) throw new Error(`${file}: case "${entry.name}" is named twice`);
      cases.push({ ...entry, file });
    }
  }
  return cases;
}

/** Runs the cases meant for `profile`; resolves `[{ name, item, ok, message, ms }]`. */
export async function runCases(cases, context, { timeoutMs = 30_000 } = {}) {
  const results = [];
  for (const entry of cases.filter((c) => !c.profiles || c.profiles.includes(context.profile))) {
    const started = Date.now();
    let timer;
    const timeout = new Promise((_, reject) => {
      const ms = entry.timeout ?? timeoutMs;
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    });
    try {
      await Promise.race([entry.run(context), timeout]);
      results.push({ name: entry.name, item: entry.item, ok: true, ms: Date.now() - started });
    } catch (error) {
      const message = String(error?.message ?? error)
        .split('\n')
        .slice(0, 6)
        .join('\n    ');
      results.push({ name: entry.name, item: entry.item, ok: false, message, ms: Date.now() - started });
    } finally {
      clearTimeout(timer);
    }
  }
  return results;
}
