import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import { snapshotFor } from '../plugins/state';
import { withinBudget } from '../log/hook-budget';
import type { HookArgs, HookName } from '../types/hooks';

type Extra<N extends HookName> = Omit<HookArgs[N], 'collection' | 'ctx'>;

/**
 * Runs a collection's handlers for one hook in order. When `carry` names an argument (`data`, `where`), a handler
 * that returns a value replaces it for the next handler, and the final value is returned. A throw aborts the
 * operation: before-hooks run before anything is written, so a rejection writes nothing.
 */
export async function runHooks<N extends HookName, K extends keyof Extra<N>>(
  ctx: Context,
  collection: Collection,
  name: N,
  extra: Extra<N>,
  carry?: K,
): Promise<Extra<N>[K]> {
  const handlers = ctx.cms.hooks.handlers(collection.names.type, name);
  const args = { ...extra, collection, ctx } as HookArgs[N] & Record<string, unknown>;
  // A plugin's handlers act only while it is active (one snapshot per request).
  const states = handlers.some((h) => h.plugin) ? await snapshotFor(ctx) : undefined;
  for (const { handler, plugin, name: handlerName } of handlers) {
    if (plugin && states?.get(plugin)?.status !== 'ACTIVE') continue;
    const result = await withinBudget(ctx, `${collection.names.type}.${name}`, handlerName, () => handler(args));
    if (carry !== undefined && result !== undefined && result !== null)
      (args as Record<string, unknown>)[carry as string] = result;
  }
  return (carry === undefined ? undefined : args[carry as string]) as Extra<N>[K];
}
