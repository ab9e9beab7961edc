import { and, eq, gt, lte } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { Cms } from '../types/cms';
import { MAX_ITEM_TAGS, itemTags } from './invalidation';
import type { ResponseCache } from './response-cache';

/** Where the last run is remembered: a scheduled publish between two runs is invalidated exactly once. */
const LAST_RUN_KEY = 'cms:scheduled-publish:last';
/** A first run (or one after KV forgot) looks back this far. */
const FIRST_LOOK_BACK_MS = 10 * 60_000;

/**
 * Invalidates what scheduled publishes made public since the last run: a post published with `at` in the future
 * becomes visible to anonymous callers at that time, without any write then, so cached lists and lookups of its type
 * must be dropped when the time passes. Run every minute by the worker's cron trigger. Returns the tags invalidated.
 * @example
 * await invalidateDuePublications(cms, env, cache); // ['PostConnection', 'Post:42']
 */
export async function invalidateDuePublications(
  cms: Cms,
  env: Pick<Env, 'DB' | 'KV'>,
  cache: ResponseCache,
  now = Date.now(),
): Promise<string[]> {
  const last = Number((await env.KV.get(LAST_RUN_KEY)) ?? now - FIRST_LOOK_BACK_MS);
  const db = drizzle(env.DB);
  const tags: string[] = [];
  for (const collection of cms.collections) {
    const table = cms.tables[collection.names.list] as any;
    const due = await db
      .select({ id: table.id })
      .from(table)
      .where(
        and(
          eq(table.status, 'PUBLISHED'),
          gt(table.publishedAt, new Date(last)),
          lte(table.publishedAt, new Date(now)),
        ),
      )
      .limit(MAX_ITEM_TAGS + 1);
    if (due.length === 0) continue;
    tags.push(
      ...itemTags(
        collection.names.type,
        due.map((row: { id: string }) => row.id),
      ),
    );
  }
  await cache.invalidate('publish', tags);
  await env.KV.put(LAST_RUN_KEY, String(now));
  return tags;
}
