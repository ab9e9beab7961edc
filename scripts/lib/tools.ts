import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Scripts run from the package root (npm sets the working directory); tests point them at a copy. */
export const root = process.cwd();

export const fromRoot = (...parts: string[]) => path.join(root, ...parts);

/** A failure the user can fix: printed without a stack trace. */
export class ScriptError extends Error {
  override name = 'ScriptError';
}

/**
 * The JavaScript file behind a package's bin, run with `nodeBinary()` rather than through `node_modules/.bin`
 * shims, which would pick whatever `node` is first on PATH and need a shell on Windows.
 */
export function binPath(pkg: string, bin = pkg): string {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', pkg, 'package.json');
    if (existsSync(manifest)) {
      const { bin: bins } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> };
      const file = typeof bins === 'string' ? bins : bins?.[bin];
      if (!file) throw new ScriptError(`${pkg} has no "${bin}" executable`);
      return path.join(path.dirname(manifest), file);
    }
    if (path.dirname(dir) === dir) throw new ScriptError(`${pkg} is not installed: run \`npm install\``);
  }
}

/**
 * The Node that runs tools: this one when it is new enough for wrangler (22+), else the project's own `node`
 * devDependency, so a script started with an older Node on PATH still works.
 */
export function nodeBinary(): string {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const local = path.join(root, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  return existsSync(local) ? local : process.execPath;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Inherit the terminal instead of capturing output. */
  inherit?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a package's bin to completion. Stdin is always closed: neither drizzle-kit nor wrangler may stop to ask a
 * question (both fall back to their non-interactive behaviour when stdin is not a TTY).
 */
export function runBin(pkg: string, bin: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBinary(), [binPath(pkg, bin), ...args], {
      cwd: root,
      env: { ...toolEnv(), ...options.env },
      stdio: ['ignore', options.inherit ? 'inherit' : 'pipe', options.inherit ? 'inherit' : 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** The environment for tools: no usage-metrics prompt or upload unless the user asked for it. */
export function toolEnv(): NodeJS.ProcessEnv {
  return { WRANGLER_SEND_METRICS: 'false', ...process.env };
}

/** Runs a script's main function and turns a ScriptError into a message and exit code 1. */
export function main(fn: (args: string[]) => Promise<number | void>) {
  fn(process.argv.slice(2)).then(
    (code) => (process.exitCode = code ?? 0),
    (error: unknown) => {
      // parseArgs' own errors (unknown flag, missing value) are the user's to fix too.
      const code = (error as { code?: unknown } | null)?.code;
      if (error instanceof ScriptError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')))
        console.error(`\n✖ ${(error as Error).message}`);
      else console.error(error);
      process.exitCode = 1;
    },
  );
}
