import type { Collection } from '../config/collection';
import type { Context } from '../context';
import type { HookRegistry } from '../hooks/registry';
import type { Item } from '../hooks/types';

/** Past this many changed items of one type in one request, the whole type is invalidated (one tag, not thousands). */
export const MAX_ITEM_TAGS = 50;

/** Every cached response carries this tag: a change of the rules (the permission matrix) invalidates them all. */
export const EVERYTHING = 'cms:everything';

const changed = new WeakMap<Context, Map<string, Set<string>>>();
const rulesChanged = new WeakSet<Context>();

/** Notes that who may see what changed (a permission, a role): every cached response is invalidated. */
export function noteRulesChange(ctx: Context): void {
  rulesChanged.add(ctx);
}

/** Notes that an item changed in this request; `flushChanges` turns the notes into tags once the writes are done. */
export function noteChange(ctx: Context, collection: Collection, item: Pick<Item, 'id'>): void {
  let byType = changed.get(ctx);
  if (!byType) changed.set(ctx, (byType = new Map()));
  const type = collection.names.type;
  let ids = byType.get(type);
  if (!ids) byType.set(type, (ids = new Set()));
  ids.add(String(item.id));
}

/**
 * The tags a request's writes invalidate, and forgets them: each changed item (`Post:42`), or its whole type
 * (`Post`) when many changed, and every list of the type (`PostConnection`), so a new or changed item shows in lists.
 */
export function takeChanges(ctx: Context): string[] {
  const tags: string[] = [];
  if (rulesChanged.delete(ctx)) tags.push(EVERYTHING);
  const byType = changed.get(ctx);
  if (!byType) return tags;
  changed.delete(ctx);
  for (const [type, ids] of byType) {
    tags.push(`${type}Connection`);
    if (ids.size > MAX_ITEM_TAGS) tags.push(type);
    else for (const id of ids) tags.push(`${type}:${id}`);
  }
  return tags;
}

/** The cache's own content hooks: every committed write of any collection notes what it changed. */
export function registerInvalidationHooks(hooks: HookRegistry): void {
  const note = ({ ctx, collection, item }: { ctx: Context; collection: Collection; item: Item }) => noteChange(ctx, collection, item);
  for (const name of ['afterCreate', 'afterUpdate', 'afterDelete', 'afterPublish'] as const)
    hooks.register('*', name, { name: `cache.${name}`, priority: 1000, handler: note as never }, 'cache');
}
