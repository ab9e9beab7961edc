// Keeping a miss's answer in the response cache: one function for both ways a miss is answered (the pipeline's cache
// step and the compiled path), so what is kept, for how long and under which tags can't differ between them.
import { EVERYTHING } from '../cache/invalidation';
import type { ResponseCache } from '../cache/response-cache';
import { fitsInBytes } from '../security/response-size';
import type { CacheNamespace } from '../types/cache';
import type { Cms } from '../types/cms';
import type { Outcome } from './cache-lookup';

type Miss = Extract<Outcome, { status: 'MISS' }>;

/** At most this many tags are listed in `extensions.cache` (development only). */
const SHOWN_TAGS = 100;

/** What a miss's answer was made into: its text `{"data":…}` when one was made (a TTL above 0), and its tags. */
export interface KeptMiss {
  text?: string;
  tags: Set<string>;
}

/**
 * The store of a built CMS's misses: `keep(cache, miss, tags, data, waitUntil)` adds `cms:everything` to the tags,
 * takes the shortest TTL of the collections they name (else the namespace's), and keeps the answer's text
 * (`{"data":…}`, made only when it may be kept at all) when it fits the entry cap and the response limit, noting the
 * entry's value and TTL on the miss (for the headers and the ETag). `extension` is what development shows in
 * `extensions.cache`.
 * @example
 * const store = createMissStore(cms);
 * const { text } = store.keep(cache, miss, tags, () => JSON.stringify({ data }), ctx.waitUntil);
 */
export function createMissStore(cms: Cms) {
  const settings = cms.cache;
  const maxStoredBytes = Math.min(settings.maxEntryBytes, cms.security.limits.maxResponseBytes);
  const ttlOfType = new Map(
    cms.collections.flatMap((c) => (c.def.cache?.ttlMs === undefined ? [] : [[c.names.type, c.def.cache.ttlMs]])),
  );

  /** The TTL of a response: the shortest of the collections it holds (by their type tags), else the namespace's. */
  function ttlOf(namespace: CacheNamespace, tags: Set<string>): number {
    let ttl = settings.namespaces[namespace].ttlMs;
    for (const tag of tags) {
      const own = ttlOfType.get(tag);
      if (own !== undefined && own < ttl) ttl = own;
    }
    return ttl;
  }

  return {
    keep(
      cache: ResponseCache,
      miss: Miss,
      tags: Set<string>,
      answer: () => string,
      waitUntil: (work: Promise<unknown>) => void,
    ): KeptMiss {
      tags.add(EVERYTHING);
      const ttlMs = ttlOf(miss.namespace, tags);
      if (ttlMs <= 0) return { tags };
      const text = answer();
      // A response over the entry cap is sent, not kept; one over the response limit is answered with an error (see
      // useResponseLimit, and the compiled path's own check), never kept.
      if (fitsInBytes(text, maxStoredBytes)) {
        miss.ttlMs = ttlMs;
        miss.value = text;
        waitUntil(cache.set(miss.namespace, miss.key, text, ttlMs, tags, miss.startedAt));
      }
      return { text, tags };
    },
    /** `extensions.cache` of a miss, as development shows it. */
    extension(miss: Miss, tags: Set<string>) {
      return {
        status: 'MISS',
        namespace: miss.namespace,
        stored: miss.ttlMs !== undefined,
        ttlMs: miss.ttlMs ?? 0,
        tags: [...tags].slice(0, SHOWN_TAGS),
      };
    },
  };
}
