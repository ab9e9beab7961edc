import { requireAdmin } from '../auth/require';
import type { NamespaceStats, ResponseCacheStats } from '../cache/response-cache';
import { CACHE_EVENTS, CACHE_NAMESPACES } from '../cache/settings';
import { KV_ADMISSIONS } from '../cache/store';
import type { Context } from '../types/context';
import { emitPluginEvent } from '../plugins/events';
import type { Builder } from '../types/builder';

/** `cacheStats` and `purgeCache`: what the response cache holds in this isolate, and a way to empty it; admins only. */
export function createCacheAdminSchema(builder: Builder) {
  const memory = builder.objectRef<ResponseCacheStats['memory']>('CacheMemoryStats').implement({
    description: 'The memory tier of the isolate that answered (each isolate has its own).',
    fields: (t) => ({
      hits: t.exposeInt('hits'),
      misses: t.exposeInt('misses'),
      entries: t.exposeInt('entries'),
      bytes: t.exposeInt('bytes', { description: 'What the entries take, values and keys, in bytes.' }),
      maxBytes: t.exposeInt('maxBytes', { description: 'The bound (`cache.memoryBytes`).' }),
      evictions: t.exposeInt('evictions', { description: 'Entries dropped to stay within the bound.' }),
    }),
  });
  const kv = builder.objectRef<ResponseCacheStats['kv']>('CacheKvStats').implement({
    description: 'Lookups in KV made by this isolate, and the responses it wrote there (`writes`: see `kvAdmission`).',
    fields: (t) => ({
      enabled: t.exposeBoolean('enabled'),
      hits: t.exposeInt('hits'),
      misses: t.exposeInt('misses'),
      writes: t.exposeInt('writes'),
    }),
  });
  const namespaceName = builder.enumType('CacheNamespace', {
    description:
      'Where a cached response belongs: `api` (content for anyone but admins), `admin`, `static` (no content read).',
    values: CACHE_NAMESPACES,
  });
  const admission = builder.enumType('CacheKvAdmission', {
    description: 'When a response goes to KV: `reuse` when it is read again, `first` at its first miss.',
    values: KV_ADMISSIONS,
  });
  const event = builder.enumType('CacheEvent', {
    description: 'What may invalidate cached responses.',
    values: CACHE_EVENTS,
  });
  const namespace = builder.objectRef<NamespaceStats>('CacheNamespaceStats').implement({
    description: 'One namespace: its settings and this isolate’s lookups in it.',
    fields: (t) => ({
      name: t.field({ type: namespaceName, resolve: (n) => n.name }),
      ttlMs: t.exposeInt('ttlMs'),
      memory: t.exposeBoolean('memory', { description: 'Whether the memory tier keeps its responses.' }),
      kv: t.exposeBoolean('kv', { description: 'Whether KV keeps its responses.' }),
      kvAdmission: t.field({ type: admission, resolve: (n) => n.kvAdmission }),
      invalidateOn: t.field({ type: [event], resolve: (n) => n.invalidateOn }),
      version: t.exposeInt('version'),
      hits: t.exposeInt('hits'),
      misses: t.exposeInt('misses'),
      stores: t.exposeInt('stores', { description: 'Responses stored.' }),
    }),
  });
  const stats = builder.objectRef<ResponseCacheStats>('CacheStats').implement({
    description: 'The response cache, as seen by the isolate that answered.',
    fields: (t) => ({
      memory: t.field({ type: memory, resolve: (s) => s.memory }),
      kv: t.field({ type: kv, resolve: (s) => s.kv }),
      namespaces: t.field({ type: [namespace], resolve: (s) => s.namespaces }),
    }),
  });
  builder.queryField('cacheStats', (t) =>
    t.field({
      type: stats,
      description: 'Hits, misses, size and evictions of the response cache in this isolate (admins only).',
      resolve: (_root, _args, ctx: Context) => {
        requireAdmin(ctx);
        return ctx.responseCache.stats();
      },
    }),
  );
  builder.mutationField('purgeCache', (t) =>
    t.boolean({
      description:
        'Invalidates cached responses: those carrying any of `tags` (e.g. `Post:42`, `Post`, `PostConnection`), or all of ' +
        'them when no tags are given. At once in this isolate, everywhere else within the refresh interval (admins only).',
      args: { tags: t.arg.stringList() },
      resolve: async (_root, args, ctx: Context) => {
        requireAdmin(ctx);
        const tags = args.tags?.length ? args.tags : undefined;
        ctx.waitUntil(ctx.responseCache.purge(tags));
        ctx.waitUntil(
          emitPluginEvent(ctx, 'afterInvalidate', { ctx, event: 'purge', tags: tags ?? ['cms:everything'] }),
        );
        return true;
      },
    }),
  );
}
