// The steps of `npm run deploy` (scripts/deploy.ts), each idempotent and each saying what it found or did. Wrangler
// and the terminal are passed in, so the tests drive every step against a stub of wrangler's commands.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { emailProblems, passwordProblems } from '../../src/auth/policy';
import { productionProblems } from '../../src/bootstrap/production';
import {
  checkEnvName,
  defaultNames,
  type EnvResources,
  envBlock,
  recordedNames,
  withEnvBlock,
  workerNameOf,
} from './deploy-config';
import { type RunResult, ScriptError } from './tools';

/** Runs `wrangler <args>`; `show` lets its output through to the terminal (the deploy itself) as well. */
export type Wrangler = (args: string[], options?: { show?: boolean }) => Promise<RunResult>;

export interface DeployIo {
  wrangler: Wrangler;
  log: (line: string) => void;
  /** Asks a question on the terminal; undefined when there is no terminal to ask on. */
  ask?: (question: string, options?: { secret?: boolean }) => Promise<string>;
  /** The top level of wrangler.toml and the whole file (`raw.env` holds earlier runs' sections). */
  readConfig: () => { raw: Record<string, unknown>; text: string };
  configPath: string;
}

export interface DeployOptions {
  env: string;
  d1Name?: string;
  kvName?: string;
  r2Name?: string;
  adminEmail?: string;
  adminPassword?: string;
  /** Puts a new JWT_SECRET even when the worker has one. */
  rollJwtSecret?: boolean;
  /** Stops before anything is changed in the account or the config: shows what would be done. */
  dryRun?: boolean;
}

/** JWT_SECRET: 48 random bytes, 64 base64url characters (the worker needs at least 32). */
export const newJwtSecret = () => randomBytes(48).toString('base64url');

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are what it removes.
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

/** The JSON a wrangler command printed (after any banner), or undefined. */
export function jsonOf(text: string): unknown {
  const start = plain(text).search(/^\s*[[{]/m);
  if (start < 0) return undefined;
  try {
    return JSON.parse(plain(text).slice(start));
  } catch {
    return undefined;
  }
}

const said = (r: RunResult) => plain(`${r.stderr.trim()}\n${r.stdout.trim()}`).trim();

async function must(io: DeployIo, args: string[], what: string, show = false): Promise<RunResult> {
  const result = await io.wrangler(args, { show });
  if (result.code !== 0) throw new ScriptError(`${what} failed (wrangler ${args.join(' ')}):\n${said(result)}`);
  return result;
}

function listOf<T>(result: RunResult, what: string): T[] {
  const parsed = jsonOf(result.stdout);
  if (!Array.isArray(parsed)) throw new ScriptError(`could not read the ${what} wrangler listed:\n${said(result)}`);
  return parsed as T[];
}

/** 1. Signed in? Everything after needs an account. */
export async function checkLogin(io: DeployIo): Promise<void> {
  const result = await io.wrangler(['whoami', '--json']);
  const who = jsonOf(result.stdout) as { loggedIn?: boolean; email?: string; accounts?: { name?: string }[] };
  if (result.code !== 0 || !who?.loggedIn)
    throw new ScriptError(
      'wrangler is not signed in to Cloudflare: run `npx wrangler login` (or set CLOUDFLARE_API_TOKEN) and try again',
    );
  const accounts = (who.accounts ?? []).map((a) => a.name).filter(Boolean);
  io.log(`✔ Signed in${who.email ? ` as ${who.email}` : ''}${accounts.length ? ` (${accounts.join(', ')})` : ''}`);
}

/** 2. The secrets the worker lacks (never their values in any output); `{}` when it has them all. */
export async function secretsToSet(
  io: DeployIo,
  workerName: string,
  env: string,
  options: DeployOptions,
  interactive: boolean,
): Promise<Record<string, string>> {
  // By worker name, not --env: on a first run wrangler.toml has no [env.<env>] section yet.
  const result = await io.wrangler(['secret', 'list', '--name', workerName, '--format', 'json']);
  let existing: string[] = [];
  if (result.code === 0) existing = listOf<{ name: string }>(result, 'secrets').map((s) => s.name);
  // A worker that was never deployed has no secrets; anything else is a real failure.
  else if (!/does not exist|not found|\b10007\b/i.test(said(result)))
    throw new ScriptError(`Listing the secrets of "${workerName}" failed (wrangler secret list):\n${said(result)}`);
  const has = new Set(existing);
  const put: Record<string, string> = {};

  if (!has.has('JWT_SECRET') || options.rollJwtSecret) {
    put.JWT_SECRET = newJwtSecret();
    const what = has.has('JWT_SECRET') ? 'a new one generated (--roll-jwt-secret)' : 'generated';
    io.log(options.dryRun ? `▸ JWT_SECRET: would be ${what}` : `✔ JWT_SECRET: ${what}`);
  } else io.log('✔ JWT_SECRET is set: keeping it (--roll-jwt-secret makes a new one)');

  const needsAdmin = !has.has('ADMIN_EMAIL') || !has.has('ADMIN_PASSWORD');
  const given = options.adminEmail !== undefined || options.adminPassword !== undefined;
  if (!needsAdmin && !given) {
    io.log('✔ ADMIN_EMAIL and ADMIN_PASSWORD are set: keeping them');
    return put;
  }
  if (options.dryRun && !given) {
    io.log('▸ would ask for ADMIN_EMAIL and ADMIN_PASSWORD (the first admin)');
    return put;
  }
  const ask = async (name: string, question: string, secret: boolean) => {
    if (!interactive || !io.ask)
      throw new ScriptError(
        `${name} is not set on the worker: set the ${name} environment variable${
          name === 'ADMIN_EMAIL' ? ' (or --admin-email)' : ''
        } to run without a terminal`,
      );
    return (await io.ask(question, { secret })).trim();
  };
  const email = options.adminEmail ?? (await ask('ADMIN_EMAIL', 'Email of the first admin: ', false));
  if (emailProblems('ADMIN_EMAIL', email).length) throw new ScriptError('ADMIN_EMAIL must be an email address');
  const password = options.adminPassword ?? (await ask('ADMIN_PASSWORD', 'Password of the first admin: ', true));
  const problem =
    passwordProblems('ADMIN_PASSWORD', password)[0]?.message ??
    productionProblems({ ENVIRONMENT: env, JWT_SECRET: put.JWT_SECRET ?? 'x'.repeat(32), ADMIN_PASSWORD: password })
      .find((p) => p.startsWith('ADMIN_PASSWORD'))
      ?.replace('ADMIN_PASSWORD ', '');
  if (problem) throw new ScriptError(`ADMIN_PASSWORD ${problem}`);
  Object.assign(put, { ADMIN_EMAIL: email, ADMIN_PASSWORD: password });
  io.log(
    `✔ ADMIN_EMAIL (${email}) and ADMIN_PASSWORD: ${
      needsAdmin ? 'will be set' : 'replacing the ones set (they only matter while no admin exists)'
    }`,
  );
  return put;
}

/** 3. The D1 database, by name. */
export async function ensureD1(io: DeployIo, name: string, dryRun?: boolean): Promise<{ name: string; id: string }> {
  const list = async () =>
    listOf<{ name: string; uuid: string }>(await must(io, ['d1', 'list', '--json'], 'Listing D1 databases'), 'D1');
  const found = (await list()).find((db) => db.name === name);
  if (found) {
    io.log(`✔ D1 database "${name}" exists (${found.uuid}): reusing it`);
    return { name, id: found.uuid };
  }
  if (dryRun) {
    io.log(`▸ would create the D1 database "${name}"`);
    return { name, id: '(new)' };
  }
  await must(io, ['d1', 'create', name], `Creating the D1 database "${name}"`);
  const created = (await list()).find((db) => db.name === name);
  if (!created) throw new ScriptError(`wrangler created the D1 database "${name}" but does not list it`);
  io.log(`✔ Created the D1 database "${name}" (${created.uuid})`);
  return { name, id: created.uuid };
}

/** 4. The KV namespace, by title (or, from an earlier run, by the id in the config). */
export async function ensureKv(
  io: DeployIo,
  title: string,
  recordedId?: string,
  dryRun?: boolean,
): Promise<{ title: string; id: string }> {
  const list = async () =>
    listOf<{ id: string; title: string }>(
      await must(io, ['kv', 'namespace', 'list'], 'Listing KV namespaces'),
      'KV namespaces',
    );
  const namespaces = await list();
  // The id an earlier run recorded wins: the namespace may have another title than today's default.
  const found =
    namespaces.find((ns) => recordedId && ns.id === recordedId) ?? namespaces.find((ns) => ns.title === title);
  if (found) {
    io.log(`✔ KV namespace "${found.title}" exists (${found.id}): reusing it`);
    return found;
  }
  if (dryRun) {
    io.log(`▸ would create the KV namespace "${title}"`);
    return { title, id: '(new)' };
  }
  await must(io, ['kv', 'namespace', 'create', title], `Creating the KV namespace "${title}"`);
  const created = (await list()).find((ns) => ns.title === title);
  if (!created) throw new ScriptError(`wrangler created the KV namespace "${title}" but does not list it`);
  io.log(`✔ Created the KV namespace "${title}" (${created.id})`);
  return created;
}

/** 5. The R2 bucket, by name (`wrangler r2 bucket list` prints `name: …` lines, not JSON). */
export async function ensureR2(io: DeployIo, name: string, dryRun?: boolean): Promise<{ name: string }> {
  const listed = await must(io, ['r2', 'bucket', 'list'], 'Listing R2 buckets');
  const names = [...plain(listed.stdout).matchAll(/^name:\s+(\S+)\s*$/gm)].map((m) => m[1]);
  if (names.includes(name)) {
    io.log(`✔ R2 bucket "${name}" exists: reusing it`);
    return { name };
  }
  if (dryRun) {
    io.log(`▸ would create the R2 bucket "${name}"`);
    return { name };
  }
  await must(io, ['r2', 'bucket', 'create', name], `Creating the R2 bucket "${name}"`);
  io.log(`✔ Created the R2 bucket "${name}"`);
  return { name };
}

/** The queues wrangler.toml names (producers, consumers and their dead-letter queues), each once. */
export function queuesIn(raw: Record<string, unknown>): string[] {
  const queues = (raw.queues ?? {}) as {
    producers?: { queue?: unknown }[];
    consumers?: { queue?: unknown; dead_letter_queue?: unknown }[];
  };
  const names = [
    ...(queues.producers ?? []).map((p) => p.queue),
    ...(queues.consumers ?? []).flatMap((c) => [c.queue, c.dead_letter_queue]),
  ];
  return [...new Set(names.filter((name): name is string => typeof name === 'string' && name !== ''))];
}

/**
 * 5b. The queues, by name: `wrangler queues info` finds one (its "does not exist" is the only answer that creates);
 * a deploy whose consumer names a missing queue fails, so they come first.
 */
export async function ensureQueues(io: DeployIo, names: string[], dryRun?: boolean): Promise<void> {
  for (const name of names) {
    const info = await io.wrangler(['queues', 'info', name]);
    if (info.code === 0) {
      io.log(`✔ Queue "${name}" exists: reusing it`);
      continue;
    }
    if (!/does not exist/i.test(said(info)))
      throw new ScriptError(`Looking up the queue "${name}" failed (wrangler queues info):\n${said(info)}`);
    if (dryRun) {
      io.log(`▸ would create the queue "${name}"`);
      continue;
    }
    await must(io, ['queues', 'create', name], `Creating the queue "${name}"`);
    io.log(`✔ Created the queue "${name}"`);
  }
}

/** 6. The environment's section of wrangler.toml, rewritten (atomically: a temporary file renamed over it). */
export function writeConfig(io: DeployIo, env: string, resources: EnvResources, dryRun?: boolean): void {
  const { raw, text } = io.readConfig();
  const next = withEnvBlock(text, env, envBlock(raw, env, resources));
  const where = `${path.basename(io.configPath)} [env.${env}]`;
  if (next === text) io.log(`✔ ${where} already holds these resources`);
  else if (dryRun) io.log(`▸ would write the resources' ids to ${where}`);
  else writeAtomically(io, next, where);
}

function writeAtomically(io: DeployIo, next: string, where: string): void {
  const temporary = `${io.configPath}.deploy-tmp`;
  writeFileSync(temporary, next);
  renameSync(temporary, io.configPath);
  io.log(`✔ Wrote the resources' ids to ${where}`);
}

/** 7. The migrations D1 has not recorded, applied to the remote database. */
export async function applyMigrations(io: DeployIo, env: string): Promise<void> {
  const result = await must(
    io,
    ['d1', 'migrations', 'apply', BINDING_D1, '--remote', '--env', env],
    'Applying the migrations to the remote D1 database',
  );
  const applied = /No migrations to apply/i.test(result.stdout) ? 'none were pending' : 'applied the pending ones';
  io.log(`✔ Migrations (remote D1, ${env}): ${applied}`);
}
const BINDING_D1 = 'DB';

/**
 * 8. The deploy, with the new secrets in the same upload (`--secrets-file`): the first version already has them, so
 * the worker never runs a moment without its JWT secret. The file lives in a private temporary folder, mode 600,
 * and is removed whatever happens.
 */
export async function deployWorker(io: DeployIo, env: string, secrets: Record<string, string>): Promise<void> {
  const args = ['deploy', '--env', env];
  const dir = Object.keys(secrets).length ? mkdtempSync(path.join(tmpdir(), 'cms-deploy-')) : undefined;
  try {
    if (dir) {
      const file = path.join(dir, 'secrets.json');
      writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
      args.push('--secrets-file', file);
    }
    await must(io, args, `Deploying the worker (${env})`, true);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  const set = Object.keys(secrets);
  io.log(`✔ Deployed the ${env} worker${set.length ? `, with the secrets ${set.join(', ')}` : ''}`);
}

/** Every step in order. Returns the resources it found or made. */
export async function deploy(io: DeployIo, options: DeployOptions, interactive: boolean): Promise<EnvResources> {
  const { env, dryRun } = options;
  checkEnvName(env);
  const { raw } = io.readConfig();
  if (typeof raw.name !== 'string') throw new ScriptError('wrangler.toml has no worker name');
  const workerName = workerNameOf(raw.name, env);
  const recorded = recordedNames(raw, env);
  const defaults = defaultNames(workerName);
  io.log(`Deploying the ${env} environment: worker "${workerName}"${dryRun ? ' (dry run: nothing is changed)' : ''}`);

  await checkLogin(io);
  // The questions come first: a run without a terminal fails before it changes anything, and a person answers
  // everything at once, then leaves the rest to run.
  const secrets = await secretsToSet(io, workerName, env, options, interactive);
  const d1 = await ensureD1(io, options.d1Name ?? recorded.d1 ?? defaults.d1, dryRun);
  const kv = await ensureKv(io, options.kvName ?? defaults.kv, options.kvName ? undefined : recorded.kvId, dryRun);
  const r2 = await ensureR2(io, options.r2Name ?? recorded.r2 ?? defaults.r2, dryRun);
  await ensureQueues(io, queuesIn(raw), dryRun);
  const resources: EnvResources = { workerName, d1, kv, r2 };
  writeConfig(io, env, resources, dryRun);
  if (dryRun) {
    io.log(`▸ would apply the migrations (wrangler d1 migrations apply DB --remote --env ${env})`);
    io.log(`▸ would deploy (wrangler deploy --env ${env})${Object.keys(secrets).length ? ' with the secrets' : ''}`);
    return resources;
  }
  await applyMigrations(io, env);
  await deployWorker(io, env, secrets);
  return resources;
}

/** The config reader the CLI uses: wrangler's own TOML parsing, so the deploy reads what wrangler reads. */
export function wranglerConfigReader(configPath: string): DeployIo['readConfig'] {
  // Node's own require: jiti, which runs the scripts, can't evaluate wrangler's bundle (it breaks inside miniflare).
  const { experimental_readRawConfig } = createRequire(import.meta.url)('wrangler') as typeof import('wrangler');
  return () => ({
    raw: experimental_readRawConfig({ config: configPath }).rawConfig as Record<string, unknown>,
    text: readFileSync(configPath, 'utf8'),
  });
}
