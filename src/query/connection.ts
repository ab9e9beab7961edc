import type { Collection } from '../types/collection';
import type { Model } from '../types/cms';
import { checkCursors } from './cursor';
import { orderQuery } from './order';
import { checkPage } from './page';
import { type FilterGuard, toFilter } from './where';

/**
 * The query a connection hands to Drizzle: filter, order and offset, all in SQL. The `guard` (the caller's `ctx.access`) refuses
 * private fields in the filter and order, and hides related items they can't see from relation filters.
 */
export function connectionQuery(model: Model, collection: Collection, args: any, guard: FilterGuard) {
  checkPage(args, model.config);
  const { orderBy, extras } = orderQuery(collection, args.orderBy, guard);
  checkCursors(collection, args, orderBy);
  return {
    where: toFilter(model, collection, args.where, guard),
    orderBy,
    ...(Object.keys(extras).length ? { extras } : {}),
    ...(args.skip ? { offset: args.skip } : {}),
  };
}
