// `npm run deploy`'s steps against a stub of wrangler's commands: an in-memory account that answers like wrangler
// 4.156 does (JSON lists, `name:` lines for R2, a 10007 error for the secrets of a worker never deployed) and records
// every call. The config is a copy of the real wrangler.toml, read back by wrangler's own parser after each write.
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DeployIo, type DeployOptions, deploy, wranglerConfigReader, type Wrangler } from '../lib/deploy';
import { ScriptError } from '../lib/tools';

const repo = process.cwd();

interface Account {
  loggedIn: boolean;
  d1: { name: string; uuid: string }[];
  kv: { id: string; title: string }[];
  r2: string[];
  queues: string[];
  /** Secret names per worker; a worker is in here once deployed. */
  workers: Map<string, Set<string>>;
  pendingMigrations: number;
}

const VALUE_FLAGS = new Set(['--name', '--format', '--env', '--secrets-file']);
/** `wrangler d1 create x --location weur` → `d1 create x`: the command and its positionals, without flags. */
const commandOf = (args: string[]) =>
  args.filter((a, i) => !a.startsWith('-') && !VALUE_FLAGS.has(args[i - 1] ?? '')).join(' ');

function stubWrangler(account: Account, failOn?: (command: string) => boolean) {
  const calls: string[][] = [];
  /** What each `--secrets-file` held when wrangler read it, and where it was. */
  const secretFiles: { path: string; secrets: Record<string, string> }[] = [];
  const ok = (stdout: string) => ({ code: 0, stdout, stderr: '' });
  const banner = '\n ⛅️ wrangler 4.156.2\n───────────────────\n';
  const flag = (args: string[], name: string) => args[args.indexOf(name) + 1];
  const wrangler: Wrangler = async (args) => {
    calls.push(args);
    const command = commandOf(args);
    if (failOn?.(command))
      return { code: 1, stdout: '', stderr: `✘ [ERROR] A request to the Cloudflare API failed: ${command}` };
    if (command === 'whoami')
      return account.loggedIn
        ? ok(JSON.stringify({ loggedIn: true, email: 'me@example.com', accounts: [{ id: 'a1', name: 'Mine' }] }))
        : { code: 1, stdout: '{"loggedIn":false}', stderr: '' };
    if (command === 'd1 list') return ok(JSON.stringify(account.d1, null, 2));
    if (command.startsWith('d1 create ')) {
      account.d1.push({ name: args[2]!, uuid: randomUUID() });
      return ok(`${banner}✅ Successfully created DB '${args[2]}'`);
    }
    if (command === 'kv namespace list') return ok(JSON.stringify(account.kv, null, 2));
    if (command.startsWith('kv namespace create ')) {
      account.kv.push({ title: args[3]!, id: randomUUID().replaceAll('-', '') });
      return ok(`${banner}🌀 Creating namespace with title "${args[3]}"\n✨ Success!`);
    }
    if (command === 'r2 bucket list')
      return ok(
        `${banner}Listing buckets...\n${account.r2.map((n) => `name:           ${n}\ncreation_date:  x`).join('\n\n')}`,
      );
    if (command.startsWith('r2 bucket create ')) {
      account.r2.push(args[3]!);
      return ok(`${banner}Creating bucket '${args[3]}'...\n✅ Created bucket '${args[3]}'`);
    }
    if (command.startsWith('queues info ')) {
      const name = args[2]!;
      if (account.queues.includes(name)) return ok(`${banner}Queue Name: ${name}\nNumber of Producers: 1`);
      return {
        code: 1,
        stdout: '',
        stderr: `✘ [ERROR] Queue "${name}" does not exist. To create it, run: wrangler queues create ${name}`,
      };
    }
    if (command.startsWith('queues create ')) {
      account.queues.push(args[2]!);
      return ok(`${banner}🌀 Creating queue '${args[2]}'\n✅ Created queue '${args[2]}'`);
    }
    if (command === 'secret list') {
      const secrets = account.workers.get(flag(args, '--name')!);
      if (!secrets)
        return {
          code: 1,
          stdout: '',
          stderr:
            '✘ [ERROR] A request to the Cloudflare API failed.\n\n' +
            '  This Worker does not exist on your account. [code: 10007]',
        };
      return ok(JSON.stringify([...secrets].map((name) => ({ name, type: 'secret_text' }))));
    }
    if (command === 'd1 migrations apply DB') {
      const pending = account.pendingMigrations;
      account.pendingMigrations = 0;
      return ok(pending ? `Migrations to be applied: ${pending}\n✅ applied` : '✅ No migrations to apply!');
    }
    if (command === 'deploy') {
      const env = flag(args, '--env')!;
      const worker = env === 'production' ? 'edge-cms' : `edge-cms-${env}`;
      const secrets = account.workers.get(worker) ?? new Set<string>();
      if (args.includes('--secrets-file')) {
        const file = flag(args, '--secrets-file')!;
        const held = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
        secretFiles.push({ path: file, secrets: held });
        for (const name of Object.keys(held)) secrets.add(name);
      }
      account.workers.set(worker, secrets);
      return ok(`${banner}Deployed ${worker}`);
    }
    throw new Error(`the stub does not know \`wrangler ${args.join(' ')}\``);
  };
  return { wrangler, calls, secretFiles };
}

let dir: string;
let configPath: string;
const freshAccount = (): Account => ({
  loggedIn: true,
  d1: [],
  kv: [],
  r2: [],
  queues: [],
  workers: new Map(),
  pendingMigrations: 3,
});

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cms-deploy-'));
  configPath = path.join(dir, 'wrangler.toml');
  copyFileSync(path.join(repo, 'wrangler.toml'), configPath);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ADMIN = { adminEmail: 'owner@example.com', adminPassword: 'a-real-admin-password' };

async function run(
  account: Account,
  options: Partial<DeployOptions> = {},
  extra: { failOn?: (command: string) => boolean; answers?: string[] } = {},
) {
  const stub = stubWrangler(account, extra.failOn);
  const lines: string[] = [];
  const questions: { question: string; secret?: boolean }[] = [];
  const io: DeployIo = {
    wrangler: stub.wrangler,
    log: (line) => lines.push(line),
    ask: async (question, o) => {
      questions.push({ question, secret: o?.secret });
      const answer = extra.answers?.shift();
      if (answer === undefined) throw new Error(`unexpected question: ${question}`);
      return answer;
    },
    readConfig: wranglerConfigReader(configPath),
    configPath,
  };
  let error: unknown;
  try {
    await deploy(io, { env: 'production', ...options }, extra.answers !== undefined);
  } catch (e) {
    error = e;
  }
  const commands = stub.calls.map(commandOf);
  return { ...stub, lines, output: lines.join('\n'), questions, error, commands, io };
}

describe('npm run deploy', () => {
  it('first run: creates each resource, writes its ids, deploys with the secrets after the migrations', async () => {
    const account = freshAccount();
    const first = await run(account, {}, { answers: ['owner@example.com', 'a-real-admin-password'] });
    expect(first.error).toBeUndefined();
    expect(first.commands).toEqual([
      'whoami',
      'secret list',
      'd1 list',
      'd1 create edge-cms',
      'd1 list',
      'kv namespace list',
      'kv namespace create edge-cms',
      'kv namespace list',
      'r2 bucket list',
      'r2 bucket create edge-cms-media',
      'queues info edge-cms-email',
      'queues create edge-cms-email',
      'queues info edge-cms-email-dlq',
      'queues create edge-cms-email-dlq',
      'd1 migrations apply DB',
      'deploy',
    ]);
    expect(first.calls.at(-2)).toEqual(['d1', 'migrations', 'apply', 'DB', '--remote', '--env', 'production']);
    expect(first.questions).toEqual([
      { question: 'Email of the first admin: ', secret: false },
      { question: 'Password of the first admin: ', secret: true },
    ]);

    // The ids are in [env.production], read back by wrangler's parser; the top level keeps its placeholders.
    const { raw } = first.io.readConfig();
    const production = (raw.env as Record<string, Record<string, unknown>>).production!;
    expect(production.name).toBe('edge-cms');
    expect(production.vars).toEqual({ ENVIRONMENT: 'production' });
    expect(production.d1_databases).toEqual([
      { binding: 'DB', database_name: 'edge-cms', database_id: account.d1[0]!.uuid, migrations_dir: 'migrations' },
    ]);
    expect(production.kv_namespaces).toEqual([{ binding: 'KV', id: account.kv[0]!.id }]);
    expect(production.r2_buckets).toEqual([{ binding: 'MEDIA_BUCKET', bucket_name: 'edge-cms-media' }]);
    expect(production.durable_objects).toEqual(raw.durable_objects);
    // The queues are wrangler.toml's, made before the deploy whose consumers name them.
    expect(production.queues).toEqual(raw.queues);
    expect(account.queues).toEqual(['edge-cms-email', 'edge-cms-email-dlq']);
    expect((raw.d1_databases as { database_id: string }[])[0]!.database_id).toBe(
      '00000000-0000-0000-0000-000000000000',
    );

    // The secrets went with the deploy, in a file that is gone now; none of them was ever printed or passed as an arg.
    expect(first.secretFiles).toHaveLength(1);
    const { secrets, path: file } = first.secretFiles[0]!;
    expect(Object.keys(secrets).sort()).toEqual(['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'JWT_SECRET']);
    expect(secrets.ADMIN_PASSWORD).toBe('a-real-admin-password');
    expect(secrets.JWT_SECRET!.length).toBeGreaterThanOrEqual(32);
    expect(existsSync(file)).toBe(false);
    for (const value of [secrets.JWT_SECRET!, secrets.ADMIN_PASSWORD!]) {
      expect(first.output).not.toContain(value);
      expect(JSON.stringify(first.calls)).not.toContain(value);
    }
    expect(first.output).toMatch(/Created the D1 database "edge-cms"/);
    expect(first.output).toMatch(/Created the KV namespace "edge-cms"/);
    expect(first.output).toMatch(/Created the R2 bucket "edge-cms-media"/);
    expect(first.output).toMatch(/Migrations \(remote D1, production\): applied the pending ones/);
    expect(first.output).toMatch(/Deployed the production worker, with the secrets JWT_SECRET, ADMIN_EMAIL/);
  });

  it('second run: creates nothing, reuses each resource, leaves the secrets and the config as they are', async () => {
    const account = freshAccount();
    await run(account, ADMIN);
    const config = readFileSync(configPath, 'utf8');
    const second = await run(account, {}, { answers: [] });
    expect(second.error).toBeUndefined();
    expect(second.commands.filter((c) => c.includes('create'))).toEqual([]);
    expect(second.questions).toEqual([]);
    expect(second.secretFiles).toEqual([]);
    expect(second.calls.at(-1)).toEqual(['deploy', '--env', 'production']);
    expect(readFileSync(configPath, 'utf8')).toBe(config);
    for (const line of [
      /D1 database "edge-cms" exists .*: reusing it/,
      /KV namespace "edge-cms" exists .*: reusing it/,
      /R2 bucket "edge-cms-media" exists: reusing it/,
      /Queue "edge-cms-email" exists: reusing it/,
      /Queue "edge-cms-email-dlq" exists: reusing it/,
      /wrangler.toml \[env.production\] already holds these resources/,
      /JWT_SECRET is set: keeping it/,
      /ADMIN_EMAIL and ADMIN_PASSWORD are set: keeping them/,
      /Migrations \(remote D1, production\): none were pending/,
    ])
      expect(second.output).toMatch(line);
  });

  it('keeps what a person added inside the section (a custom domain, a variable) when it rewrites it', async () => {
    const account = freshAccount();
    await run(account, ADMIN);
    const text = readFileSync(configPath, 'utf8');
    const edited = text
      .replace(
        '[env.production]\nname = "edge-cms"\n',
        '[env.production]\nname = "edge-cms"\nroutes = [{ pattern = "cms.example.com", custom_domain = true }]\n',
      )
      .replace(
        '[env.production.vars]\nENVIRONMENT = "production"\n',
        '[env.production.vars]\nENVIRONMENT = "production"\nCORS_ORIGINS = "https://example.com"\n',
      );
    expect(edited).toContain('routes = ');
    expect(edited).toContain('CORS_ORIGINS = ');
    writeFileSync(configPath, edited);
    const again = await run(account, { d1Name: 'other-db' });
    expect(again.error).toBeUndefined();
    const production = (again.io.readConfig().raw.env as Record<string, Record<string, unknown>>).production!;
    expect(production.routes).toEqual([{ pattern: 'cms.example.com', custom_domain: true }]);
    expect(production.vars).toEqual({ ENVIRONMENT: 'production', CORS_ORIGINS: 'https://example.com' });
    expect((production.d1_databases as { database_name: string }[])[0]!.database_name).toBe('other-db');
  });

  it('uses existing resources named on the command line, and remembers them on the next run', async () => {
    const account = freshAccount();
    account.d1.push({ name: 'my-db', uuid: randomUUID() });
    account.kv.push({ title: 'my-kv', id: 'f'.repeat(32) });
    account.r2.push('my-media');
    account.queues.push('edge-cms-email', 'edge-cms-email-dlq');
    const first = await run(account, { ...ADMIN, d1Name: 'my-db', kvName: 'my-kv', r2Name: 'my-media' });
    expect(first.error).toBeUndefined();
    expect(first.commands.filter((c) => c.includes('create'))).toEqual([]);
    // No names this time: the ones in [env.production] are the ones used, not the defaults, even when those exist.
    account.kv.push({ title: 'edge-cms', id: 'e'.repeat(32) });
    const second = await run(account);
    expect(second.error).toBeUndefined();
    expect(second.commands.filter((c) => c.includes('create'))).toEqual([]);
    expect(second.output).toMatch(/D1 database "my-db" exists/);
    expect(second.output).toMatch(/KV namespace "my-kv" exists/);
    expect(second.output).toMatch(/R2 bucket "my-media" exists/);
  });

  it('a staging environment gets its own worker, resources and section, next to production', async () => {
    const account = freshAccount();
    await run(account, ADMIN);
    const staging = await run(account, { ...ADMIN, env: 'staging' });
    expect(staging.error).toBeUndefined();
    expect(account.d1.map((d) => d.name)).toEqual(['edge-cms', 'edge-cms-staging']);
    expect(account.r2).toEqual(['edge-cms-media', 'edge-cms-staging-media']);
    expect([...account.workers.keys()]).toEqual(['edge-cms', 'edge-cms-staging']);
    const env = staging.io.readConfig().raw.env as Record<string, Record<string, unknown>>;
    expect(Object.keys(env)).toEqual(['production', 'staging']);
    expect(env.staging!.name).toBe('edge-cms-staging');
    expect(env.staging!.vars).toEqual({ ENVIRONMENT: 'staging' });
    expect(staging.calls.at(-1)!.slice(0, 3)).toEqual(['deploy', '--env', 'staging']);
  });

  it('--roll-jwt-secret puts a new JWT_SECRET and nothing else', async () => {
    const account = freshAccount();
    const first = await run(account, ADMIN);
    const rolled = await run(account, { rollJwtSecret: true });
    expect(rolled.error).toBeUndefined();
    expect(rolled.secretFiles.map((f) => Object.keys(f.secrets))).toEqual([['JWT_SECRET']]);
    expect(rolled.secretFiles[0]!.secrets.JWT_SECRET).not.toBe(first.secretFiles[0]!.secrets.JWT_SECRET);
    expect(rolled.output).toMatch(/JWT_SECRET: a new one generated/);
  });

  it('a failure midway stops with what failed, and writes nothing after it', async () => {
    const account = freshAccount();
    const before = readFileSync(configPath, 'utf8');
    const failed = await run(account, ADMIN, { failOn: (c) => c.startsWith('kv namespace create') });
    expect(failed.error).toBeInstanceOf(ScriptError);
    expect(String(failed.error)).toMatch(/Creating the KV namespace "edge-cms" failed \(wrangler kv namespace create/);
    expect(String(failed.error)).toMatch(/Cloudflare API failed/);
    expect(failed.commands.at(-1)).toBe('kv namespace create edge-cms');
    expect(readFileSync(configPath, 'utf8')).toBe(before);

    // Run again once the account lets it: the database made before the failure is reused, the rest is made.
    const again = await run(account, ADMIN);
    expect(again.error).toBeUndefined();
    expect(again.commands.filter((c) => c.includes('create'))).toEqual([
      'kv namespace create edge-cms',
      'r2 bucket create edge-cms-media',
      'queues create edge-cms-email',
      'queues create edge-cms-email-dlq',
    ]);
  });

  it('a queue lookup that fails for another reason than a missing queue stops the deploy', async () => {
    const failed = await run(freshAccount(), ADMIN, { failOn: (c) => c.startsWith('queues info') });
    expect(String(failed.error)).toMatch(/Looking up the queue "edge-cms-email" failed \(wrangler queues info\)/);
    expect(failed.commands.filter((c) => c.startsWith('queues create') || c === 'deploy')).toEqual([]);
  });

  it('a failed deploy leaves no secrets file behind and says so', async () => {
    const account = freshAccount();
    const failed = await run(account, ADMIN, { failOn: (c) => c === 'deploy' });
    expect(String(failed.error)).toMatch(/Deploying the worker \(production\) failed/);
    const file = failed.calls.at(-1)![failed.calls.at(-1)!.indexOf('--secrets-file') + 1]!;
    expect(existsSync(file)).toBe(false);
    expect(String(failed.error)).not.toContain('a-real-admin-password');
  });

  it('without a terminal, a missing admin email fails before anything is created', async () => {
    const account = freshAccount();
    const failed = await run(account, {});
    expect(String(failed.error)).toMatch(/ADMIN_EMAIL is not set on the worker: set the ADMIN_EMAIL environment/);
    expect(failed.commands).toEqual(['whoami', 'secret list']);
  });

  it('refuses a weak or development admin password, and a wrong email', async () => {
    for (const [options, message] of [
      [{ adminEmail: 'a@example.com', adminPassword: 'short' }, /ADMIN_PASSWORD must be at least 10 characters/],
      [{ adminEmail: 'a@example.com', adminPassword: 'admin-dev-password' }, /ADMIN_PASSWORD is the development/],
      [{ adminEmail: 'not-an-email', adminPassword: 'a-real-admin-password' }, /ADMIN_EMAIL must be an email/],
    ] as const) {
      const failed = await run(freshAccount(), options);
      expect(String(failed.error)).toMatch(message);
      expect(failed.commands).toEqual(['whoami', 'secret list']);
    }
  });

  it('stops at once when wrangler is not signed in', async () => {
    const failed = await run({ ...freshAccount(), loggedIn: false }, ADMIN);
    expect(String(failed.error)).toMatch(/not signed in to Cloudflare: run `npx wrangler login`/);
    expect(failed.commands).toEqual(['whoami']);
  });

  it('--dry-run creates, writes and deploys nothing', async () => {
    const account = freshAccount();
    const before = readFileSync(configPath, 'utf8');
    const dry = await run(account, { dryRun: true });
    expect(dry.error).toBeUndefined();
    expect(dry.commands).toEqual([
      'whoami',
      'secret list',
      'd1 list',
      'kv namespace list',
      'r2 bucket list',
      'queues info edge-cms-email',
      'queues info edge-cms-email-dlq',
    ]);
    expect(dry.output).toMatch(/would create the queue "edge-cms-email-dlq"/);
    expect(readFileSync(configPath, 'utf8')).toBe(before);
    expect(dry.output).toMatch(/would create the D1 database "edge-cms"/);
    expect(dry.output).toMatch(/would deploy \(wrangler deploy --env production\)/);
  });

  it('refuses to deploy the development profile or to rewrite a hand-written [env] section', async () => {
    expect(String((await run(freshAccount(), { ...ADMIN, env: 'development' })).error)).toMatch(/never deployed/);
    copyFileSync(path.join(repo, 'wrangler.toml'), configPath);
    const text = `${readFileSync(configPath, 'utf8')}\n[env.production]\nname = "mine"\n`;
    writeFileSync(configPath, text);
    const refused = await run(freshAccount(), ADMIN);
    expect(String(refused.error)).toMatch(/already has an \[env.production\] section not written by the deploy/);
    expect(readFileSync(configPath, 'utf8')).toBe(text);
  });
});
