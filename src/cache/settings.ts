import { CmsConfigError } from '../errors';
import { DEFAULT_MEMORY_BYTES } from './store';

/** The response cache's config: `defineConfig({ cache: { … } })`. */
export interface CacheConfig {
  /** Default true. */
  enabled?: boolean;
  /** How long a response is kept, in ms, unless a collection it holds says less. Default 60,000. */
  ttlMs?: number;
  /** The memory tier's bound in bytes per isolate. Default 50 MB; 0 turns the tier off. */
  memoryBytes?: number;
  /** Whether responses are also kept in KV. Default true. */
  kv?: boolean;
  /** Bump to orphan every cached response at once (a new KV key space), e.g. after a deploy that changes output. */
  version?: number;
}

export type CacheSettings = Required<CacheConfig>;

export function resolveCache(config: CacheConfig | undefined): CacheSettings {
  const settings = { enabled: true, ttlMs: 60_000, memoryBytes: DEFAULT_MEMORY_BYTES, kv: true, version: 1, ...config };
  for (const key of ['ttlMs', 'memoryBytes', 'version'] as const)
    if (!Number.isInteger(settings[key]) || settings[key] < 0) throw new CmsConfigError(`cache.${key} must be a whole number ≥ 0`);
  return settings;
}

/**
 * The memory tier's bound for an environment: a `CACHE_MEMORY_BYTES` variable (a whole number ≥ 0) replaces
 * `cache.memoryBytes`, so one deployment can size or turn off its memory tier without a code change (`0` serves every
 * hit from KV, which is how the benchmark measures the KV tier). Any other value is ignored, with a warning.
 * @example
 * memoryBytesFor(cms.cache, { CACHE_MEMORY_BYTES: '0' }); // 0
 */
export function memoryBytesFor(settings: Pick<CacheSettings, 'memoryBytes'>, env: Pick<Env, 'CACHE_MEMORY_BYTES'>): number {
  const raw = env.CACHE_MEMORY_BYTES?.trim();
  if (raw === undefined || raw === '') return settings.memoryBytes;
  if (/^\d+$/.test(raw) && Number.isSafeInteger(Number(raw))) return Number(raw);
  console.warn(JSON.stringify({ level: 'warn', event: 'cache_memory_bytes_ignored', at: new Date().toISOString(), value: raw }));
  return settings.memoryBytes;
}
