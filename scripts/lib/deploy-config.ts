// The part of wrangler.toml that `npm run deploy` owns: one `[env.<name>]` section per deployed environment, between
// marker comments, rewritten whole on every run. The top level stays the local configuration (placeholder ids, so the
// local D1/KV state under .wrangler/ keeps its identity) and the production profile that `wrangler deploy --dry-run`
// shows; each environment gets the real ids. Wrangler doesn't inherit bindings or vars into an environment, so the
// section repeats the top level's, with this environment's resources in place of the placeholders.
import { ScriptError } from './tools';

/** The bindings the deploy creates resources for, as wrangler.toml names them. */
export const BINDINGS = { d1: 'DB', kv: 'KV', r2: 'MEDIA_BUCKET' } as const;

/** The resources of one environment, found or created in the account. */
export interface EnvResources {
  workerName: string;
  d1: { name: string; id: string };
  kv: { title: string; id: string };
  r2: { name: string };
}

// Keys wrangler reads per environment without inheriting them from the top level (its config validation calls them
// "not inheritable"): bindings, vars and defines. Whatever of these the top level has, the environment gets a copy of.
const NOT_INHERITED = [
  'vars',
  'define',
  'secrets',
  'durable_objects',
  'workflows',
  'kv_namespaces',
  'r2_buckets',
  'd1_databases',
  'queues',
  'services',
  'send_email',
  'vectorize',
  'hyperdrive',
  'analytics_engine_datasets',
  'dispatch_namespaces',
  'mtls_certificates',
  'tail_consumers',
  'unsafe',
  'browser',
  'ai',
  'images',
  'ratelimits',
  'secrets_store_secrets',
  'worker_loaders',
  'pipelines',
] as const;

type Table = Record<string, unknown>;
const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Environment names become worker and resource names: lower-case, and never the local-only profile. */
export function checkEnvName(env: string): void {
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(env))
    throw new ScriptError(`--env "${env}": use lower-case letters, digits and dashes (e.g. production, staging)`);
  if (env === 'development')
    throw new ScriptError('development is the local profile (`npm start`); it is never deployed');
}

/** The worker an environment deploys: production keeps the top-level name, others get `<name>-<env>` (wrangler's). */
export const workerNameOf = (topName: string, env: string) => (env === 'production' ? topName : `${topName}-${env}`);

/** The names the resources get unless the config or a flag says otherwise. */
export function defaultNames(workerName: string) {
  return { d1: workerName, kv: workerName, r2: `${workerName}-media` };
}

/**
 * The `[env.<env>]` table for an environment: the top level's bindings with its own resources and ENVIRONMENT. What
 * a person added to the section (routes, custom domains, `workers_dev`, variables of this environment) is kept.
 */
export function envTable(top: Table, env: string, resources: EnvResources): Table {
  const previous = isTable(top.env) && isTable(top.env[env]) ? top.env[env] : {};
  const table: Table = { name: resources.workerName };
  for (const key of NOT_INHERITED) if (key in top) table[key] = structuredClone(top[key]);
  for (const [key, value] of Object.entries(previous)) if (!(key in table) && key !== 'vars') table[key] = value;
  const vars = (t: Table) => (isTable(t.vars) ? t.vars : {});
  table.vars = { ...vars(table), ...vars(previous), ENVIRONMENT: env };
  const find = (key: string, match: (entry: Table) => boolean, what: string): Table => {
    const entry = (Array.isArray(table[key]) ? (table[key] as unknown[]) : []).find(
      (e): e is Table => isTable(e) && match(e),
    );
    if (!entry) throw new ScriptError(`wrangler.toml has no ${what}: the deploy sets one up for it`);
    return entry;
  };
  Object.assign(
    find('d1_databases', (e) => e.binding === BINDINGS.d1, `[[d1_databases]] binding "${BINDINGS.d1}"`),
    { database_name: resources.d1.name, database_id: resources.d1.id },
  );
  find('kv_namespaces', (e) => e.binding === BINDINGS.kv, `[[kv_namespaces]] binding "${BINDINGS.kv}"`).id =
    resources.kv.id;
  find('r2_buckets', (e) => e.binding === BINDINGS.r2, `[[r2_buckets]] binding "${BINDINGS.r2}"`).bucket_name =
    resources.r2.name;
  return table;
}

const key = (k: string) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));

function inline(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (isTable(value))
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${key(k)} = ${inline(v)}`)
      .join(', ')} }`;
  throw new ScriptError(`can't write ${String(value)} to wrangler.toml`);
}

const isTables = (v: unknown): v is Table[] => Array.isArray(v) && v.length > 0 && v.every(isTable);

/** TOML for a table at a dotted path: a `[header]` (left out when only subtables follow), then its contents. */
export function toToml(path: string[], table: Table): string[] {
  const body = bodyOf(path, table);
  const hasPlain = Object.values(table).some((v) => !isTable(v) && !isTables(v));
  const hasChildren = Object.values(table).some((v) => isTable(v) || isTables(v));
  return hasPlain || !hasChildren ? [`[${path.map(key).join('.')}]`, ...body] : body.slice(1);
}

function bodyOf(path: string[], table: Table): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(table)) if (!isTable(v) && !isTables(v)) lines.push(`${key(k)} = ${inline(v)}`);
  for (const [k, v] of Object.entries(table)) {
    if (isTable(v)) lines.push('', ...toToml([...path, k], v));
    else if (isTables(v))
      for (const entry of v) lines.push('', `[[${[...path, k].map(key).join('.')}]]`, ...bodyOf([...path, k], entry));
  }
  return lines;
}

// Found by this prefix, so the wording after it may change between versions.
const beginPrefix = (env: string) => `# >>> env.${env}:`;
const begin = (env: string) =>
  `${beginPrefix(env)} rewritten by \`npm run deploy\` (scripts/deploy.ts); what you add inside is kept`;
const end = (env: string) => `# <<< env.${env}`;

/** The marked block for an environment. */
export function envBlock(top: Table, env: string, resources: EnvResources): string {
  return [begin(env), ...toToml(['env', env], envTable(top, env, resources)), end(env)].join('\n');
}

/**
 * wrangler.toml's text with the environment's block put in place of its previous one (or appended). Refuses an
 * `[env.<env>]` section written by hand: rewriting it would drop whatever the user put there.
 */
export function withEnvBlock(text: string, env: string, block: string): string {
  const from = text.indexOf(beginPrefix(env));
  if (from >= 0) {
    const to = text.indexOf(end(env), from);
    if (to < 0) throw new ScriptError(`wrangler.toml has the start of the env.${env} block but not its end marker`);
    return text.slice(0, from) + block + text.slice(to + end(env).length);
  }
  if (new RegExp(`^\\s*\\[{1,2}\\s*env\\.${env}[\\].]`, 'm').test(text))
    throw new ScriptError(
      `wrangler.toml already has an [env.${env}] section not written by the deploy: remove it, or deploy another --env`,
    );
  return `${text.trimEnd()}\n\n${block}\n`;
}

/** The names recorded in an environment's section from an earlier run, if any. */
export function recordedNames(raw: Table, env: string): { d1?: string; kvId?: string; r2?: string } {
  const section = isTable(raw.env) && isTable(raw.env[env]) ? raw.env[env] : undefined;
  if (!section) return {};
  const entry = (k: string, binding: string) =>
    (Array.isArray(section[k]) ? (section[k] as unknown[]) : []).find(
      (e): e is Table => isTable(e) && e.binding === binding,
    );
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    d1: str(entry('d1_databases', BINDINGS.d1)?.database_name),
    kvId: str(entry('kv_namespaces', BINDINGS.kv)?.id),
    r2: str(entry('r2_buckets', BINDINGS.r2)?.bucket_name),
  };
}
