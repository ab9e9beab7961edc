import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import type { CollectionHooks, Item } from '../types/hooks';
import type { CacheEvent } from '../types/cache';

/** Past this many changed items of one type in one request, the whole type is invalidated (one tag, not thousands). */
export const MAX_ITEM_TAGS = 50;

/** Every cached response carries this tag: a change of the rules (the permission matrix) invalidates them all. */
export const EVERYTHING = 'cms:everything';

/** What a request's writes invalidate, by event: each namespace drops what its `invalidateOn` lists. */
export interface Change {
  event: CacheEvent;
  tags: string[];
}

/** Per request: event → type → changed ids. */
const changed = new WeakMap<Context, Map<CacheEvent, Map<string, Set<string>>>>();
const rulesChanged = new WeakSet<Context>();

/** Notes that who may see what changed (a permission, a role): every cached response is invalidated. */
export function noteRulesChange(ctx: Context): void {
  rulesChanged.add(ctx);
}

/** Notes that an item changed in this request; `flushChanges` turns the notes into tags once the writes are done. */
export function noteChange(ctx: Context, event: CacheEvent, collection: Collection, item: Pick<Item, 'id'>): void {
  let byEvent = changed.get(ctx);
  if (!byEvent) changed.set(ctx, (byEvent = new Map()));
  let byType = byEvent.get(event);
  if (!byType) byEvent.set(event, (byType = new Map()));
  const type = collection.names.type;
  let ids = byType.get(type);
  if (!ids) byType.set(type, (ids = new Set()));
  ids.add(String(item.id));
}

/**
 * The tags a request's writes invalidate, and forgets them: each changed item (`Post:42`), or its whole type
 * (`Post`) when many changed, and every list of the type (`PostConnection`), so a new or changed item shows in lists.
 */
export function takeChanges(ctx: Context): Change[] {
  const changes: Change[] = [];
  if (rulesChanged.delete(ctx)) changes.push({ event: 'permissions', tags: [EVERYTHING] });
  const byEvent = changed.get(ctx);
  changed.delete(ctx);
  for (const [event, byType] of byEvent ?? []) {
    const tags: string[] = [];
    for (const [type, ids] of byType) tags.push(...itemTags(type, [...ids]));
    changes.push({ event, tags });
  }
  return changes;
}

/** The tags of changed items of a type: every list of it, and each item (`Post:42`) or, when many, the whole type. */
export function itemTags(type: string, ids: string[]): string[] {
  return [`${type}Connection`, ...(ids.length > MAX_ITEM_TAGS ? [type] : ids.map((id) => `${type}:${id}`))];
}

/** The cache's own content hooks: every committed write of any collection notes what it changed (see `cachePlugin`). */
export function invalidationHooks(): CollectionHooks {
  const events = {
    afterCreate: 'create',
    afterUpdate: 'update',
    afterDelete: 'delete',
    afterPublish: 'publish',
  } as const;
  const hooks: Record<string, unknown> = {};
  for (const [name, event] of Object.entries(events) as Array<[keyof typeof events, CacheEvent]>) {
    const note = ({ ctx, collection, item }: { ctx: Context; collection: Collection; item: Item }) =>
      noteChange(ctx, event, collection, item);
    hooks[name] = { name: `cache.${name}`, priority: 1000, handler: note };
  }
  return hooks as CollectionHooks;
}
