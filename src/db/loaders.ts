import type DataLoader from 'dataloader';
import type { Context } from '../types/context';

// Every loader belongs to one request: batches never mix callers (whose visibility differs), and nothing a loader
// holds outlives the request. Made on first use, so a request that needs none makes none.
const registries = new WeakMap<Context, Map<string, DataLoader<any, any, any>>>();

/**
 * The request's loader called `name`, made by `make` on first use (CONVENTIONS §10).
 * @example
 * const roles = requestLoader(ctx, 'roles', () => new DataLoader(findRoles, { batchScheduleFn: afterResolvers }));
 * await roles.load('reviewer');
 */
export function requestLoader<K, V, C = K>(
  ctx: Context,
  name: string,
  make: () => DataLoader<K, V, C>,
): DataLoader<K, V, C> {
  let registry = registries.get(ctx);
  if (!registry) registries.set(ctx, (registry = new Map()));
  let loader = registry.get(name);
  if (!loader) registry.set(name, (loader = make()));
  return loader;
}

/**
 * When a batch runs: after a macrotask, not DataLoader's default microtask turn. Sibling resolvers reach `load()`
 * after different numbers of awaits (access rules, hooks, the selection plan), and each of them still joins the
 * batch; a macrotask costs nothing next to a D1 round trip.
 */
export const afterResolvers = (run: () => void) => void setTimeout(run, 0);
