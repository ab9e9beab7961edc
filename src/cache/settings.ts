import { CmsConfigError } from '../errors';
import type {
  CacheConfig,
  CacheEvent,
  CacheNamespace,
  CacheNamespaceConfig,
  CacheNamespaceSettings,
  CacheSettings,
} from '../types/cache';
import { DEFAULT_MEMORY_BYTES, KV_ADMISSIONS } from './store';

// The lists behind the types' unions (types/cache.ts documents them), for code that goes through them.
export const CACHE_NAMESPACES = ['api', 'admin', 'static'] as const satisfies readonly CacheNamespace[];

export const CACHE_EVENTS = [
  'create',
  'update',
  'delete',
  'publish',
  'permissions',
] as const satisfies readonly CacheEvent[];

export const DEFAULT_MAX_ENTRY_BYTES = 512 * 1024;

const ALL_EVENTS: CacheEvent[] = [...CACHE_EVENTS];

/**
 * The defaults. Admins' reads stay out of KV: admin traffic is small and write-heavy, and each stored miss would cost
 * KV writes for little reuse. Static answers depend on no content, so no event invalidates them.
 */
export const DEFAULT_NAMESPACES: Record<CacheNamespace, CacheNamespaceSettings> = {
  api: { ttlMs: 60_000, memory: true, kv: true, kvAdmission: 'reuse', invalidateOn: ALL_EVENTS, version: 1 },
  admin: { ttlMs: 30_000, memory: true, kv: false, kvAdmission: 'reuse', invalidateOn: ALL_EVENTS, version: 1 },
  static: { ttlMs: 3_600_000, memory: true, kv: true, kvAdmission: 'reuse', invalidateOn: [], version: 1 },
};

const wholeNumber = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;

/** Validates and completes the cache config; a mistake is a `CmsConfigError` at build time. */
export function resolveCache(config: CacheConfig = {}): CacheSettings {
  const known = new Set(['enabled', 'memoryBytes', 'maxEntryBytes', 'namespaces']);
  for (const key of Object.keys(config))
    if (!known.has(key)) throw new CmsConfigError(`cache.${key} is not a cache setting (${[...known].join(', ')})`);
  const memoryBytes = config.memoryBytes ?? DEFAULT_MEMORY_BYTES;
  if (!wholeNumber(memoryBytes)) throw new CmsConfigError('cache.memoryBytes must be a whole number ≥ 0');
  const maxEntryBytes = config.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  if (!wholeNumber(maxEntryBytes)) throw new CmsConfigError('cache.maxEntryBytes must be a whole number ≥ 0');
  for (const name of Object.keys(config.namespaces ?? {}))
    if (!(CACHE_NAMESPACES as readonly string[]).includes(name))
      throw new CmsConfigError(`cache.namespaces.${name} is not a namespace (${CACHE_NAMESPACES.join(', ')})`);
  const namespaces = Object.fromEntries(
    CACHE_NAMESPACES.map((name) => [name, resolveNamespace(name, config.namespaces?.[name])]),
  ) as CacheSettings['namespaces'];
  return { enabled: config.enabled ?? true, memoryBytes, maxEntryBytes, namespaces };
}

function resolveNamespace(name: CacheNamespace, config: CacheNamespaceConfig = {}): CacheNamespaceSettings {
  const settings = { ...DEFAULT_NAMESPACES[name], ...config };
  const at = `cache.namespaces.${name}`;
  for (const key of ['ttlMs', 'version'] as const)
    if (!wholeNumber(settings[key])) throw new CmsConfigError(`${at}.${key} must be a whole number ≥ 0`);
  for (const key of ['memory', 'kv'] as const)
    if (typeof settings[key] !== 'boolean') throw new CmsConfigError(`${at}.${key} must be true or false`);
  if (!(KV_ADMISSIONS as readonly unknown[]).includes(settings.kvAdmission))
    throw new CmsConfigError(`${at}.kvAdmission must be ${KV_ADMISSIONS.map((a) => `'${a}'`).join(' or ')}`);
  if (!Array.isArray(settings.invalidateOn)) throw new CmsConfigError(`${at}.invalidateOn must be a list of events`);
  for (const event of settings.invalidateOn)
    if (!(CACHE_EVENTS as readonly string[]).includes(event))
      throw new CmsConfigError(`${at}.invalidateOn: "${event}" is not an event (${CACHE_EVENTS.join(', ')})`);
  return { ...settings, invalidateOn: [...new Set(settings.invalidateOn)] };
}

/**
 * The memory tier's bound for an environment: a `CACHE_MEMORY_BYTES` variable (a whole number ≥ 0) replaces
 * `cache.memoryBytes`, so one deployment can size or turn off its memory tier without a code change (`0` serves every
 * hit from KV, which is how the benchmark measures the KV tier). Any other value is ignored, with a warning.
 * @example
 * memoryBytesFor(cms.cache, { CACHE_MEMORY_BYTES: '0' }); // 0
 */
export function memoryBytesFor(
  settings: Pick<CacheSettings, 'memoryBytes'>,
  env: Pick<Env, 'CACHE_MEMORY_BYTES'>,
): number {
  const raw = env.CACHE_MEMORY_BYTES?.trim();
  if (raw === undefined || raw === '') return settings.memoryBytes;
  if (/^\d+$/.test(raw) && Number.isSafeInteger(Number(raw))) return Number(raw);
  console.warn(
    JSON.stringify({ level: 'warn', event: 'cache_memory_bytes_ignored', at: new Date().toISOString(), value: raw }),
  );
  return settings.memoryBytes;
}
